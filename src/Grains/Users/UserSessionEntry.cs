using System.Text.Json.Serialization;

namespace SessionGrains.Grains.Users;

/// <summary>One of a user's sessions, as the user grain stores it.</summary>
internal sealed class UserSessionEntry
{
    [JsonPropertyName("p")]
    public string PublicId { get; set; } = "";

    /// <summary>The session grain's key: a one-way derivation of the secret, not usable as a cookie.</summary>
    [JsonPropertyName("k")]
    public string GrainKey { get; set; } = "";

    [JsonPropertyName("c")]
    public long CreatedAt { get; set; }

    [JsonPropertyName("a")]
    public long AbsoluteExpiresAt { get; set; }
}
