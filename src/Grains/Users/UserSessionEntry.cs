using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Users;

/// <summary>One of a user's sessions, as the user grain stores it, and as a session reports itself to it.</summary>
[GenerateSerializer, Alias("sessiongrains.user-session-entry")]
internal sealed class UserSessionEntry
{
    [Id(0)]
    public string PublicId { get; set; } = "";

    /// <summary>The session grain's key: a one-way derivation of the secret, not usable as a cookie.</summary>
    [Id(1)]
    public string GrainKey { get; set; } = "";

    /// <summary>Unix milliseconds.</summary>
    [Id(2)]
    public long CreatedAt { get; set; }

    /// <summary>Unix milliseconds.</summary>
    [Id(3)]
    public long AbsoluteExpiresAt { get; set; }

    /// <summary>
    /// Unix milliseconds: past this the session's record is gone from storage, so the session has ended even if no
    /// activation said so. The session tells its user grain whenever it stores itself beyond this.
    /// </summary>
    [Id(4)]
    public long StoredUntil { get; set; }

    /// <summary>Why the session ended, if it ended by reaching <see cref="StoredUntil"/>.</summary>
    public SessionEndReason ExpiryReason => StoredUntil >= AbsoluteExpiresAt ? SessionEndReason.Absolute : SessionEndReason.Idle;
}
