using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Users;

/// <summary>The outcome of a sign-in.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Session">The new session when <see cref="SignInStatus.SignedIn"/>.</param>
/// <param name="Evicted">Public ids of sessions evicted to make room.</param>
public sealed record SignInResult(SignInStatus Status, SessionSnapshot? Session, System.Collections.Immutable.ImmutableArray<string> Evicted);
