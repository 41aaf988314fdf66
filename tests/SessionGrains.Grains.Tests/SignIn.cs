namespace SessionGrains.Grains.Tests;

/// <summary>A sign-in as the front end saw it: the new session's secret and the user grain's answer.</summary>
internal sealed record SignIn(TestSession Session, SignInResult Result)
{
    public bool SignedIn => Result.Status == SignInStatus.SignedIn;
}
