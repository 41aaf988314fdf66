using System.Text.Json.Serialization;

namespace SessionGrains.Grains.Users;

/// <summary>A user's set of sessions, oldest first.</summary>
internal sealed class UserState
{
    [JsonPropertyName("s")]
    public List<UserSessionEntry> Sessions { get; set; } = [];
}
