namespace SessionGrains.Grains.Users;

/// <summary>One of a user's sessions, as the user grain stores it.</summary>
internal sealed class UserSessionEntry
{
    public string PublicId { get; set; } = "";

    /// <summary>The session grain's key: a one-way derivation of the secret, not usable as a cookie.</summary>
    public string GrainKey { get; set; } = "";

    public long CreatedAt { get; set; }

    public long AbsoluteExpiresAt { get; set; }
}
