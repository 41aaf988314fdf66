namespace SessionGrains.Grains.Users;

/// <summary>One of a user's sessions, as the user grain stores it.</summary>
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
}
