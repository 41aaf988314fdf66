namespace SessionGrains.Grains.Users;

/// <summary>How a sign-in ended.</summary>
[GenerateSerializer, Alias("sessiongrains.sign-in-status")]
public enum SignInStatus
{
    /// <summary>The new session is live.</summary>
    SignedIn,

    /// <summary>Refused: the user is at the session cap and the policy is <see cref="SessionCapPolicy.RefuseNew"/>.</summary>
    RefusedAtCap,
}
