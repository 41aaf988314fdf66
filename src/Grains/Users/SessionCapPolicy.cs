namespace SessionGrains.Grains.Users;

/// <summary>What a sign-in does when its user already has the most sessions allowed.</summary>
[GenerateSerializer, Alias("sessiongrains.session-cap-policy")]
public enum SessionCapPolicy
{
    /// <summary>Revoke the user's oldest session (reason Evicted) and sign in.</summary>
    EvictOldest,

    /// <summary>Refuse the sign-in; existing sessions stay.</summary>
    RefuseNew,
}
