using SessionGrains.Grains.Storage;

namespace SessionGrains.Grains.Users;

/// <summary>A user's set of sessions, oldest first. The record expires with the last of their absolute deadlines.</summary>
[GenerateSerializer, Alias("sessiongrains.user-state")]
internal sealed class UserState : IExpiringState
{
    [Id(0)]
    public List<UserSessionEntry> Sessions { get; set; } = [];

    /// <inheritdoc/>
    public DateTimeOffset? ExpiresAt => Sessions.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(Sessions.Max(e => e.AbsoluteExpiresAt));
}
