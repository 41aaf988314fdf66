using System.Collections.Immutable;
using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Users;

/// <summary>The outcome of a sign-in.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Session">The new session when <see cref="SignInStatus.SignedIn"/>.</param>
/// <param name="Evicted">Public ids of sessions evicted to make room.</param>
[GenerateSerializer, Immutable, Alias("sessiongrains.sign-in-result")]
public sealed record SignInResult(SignInStatus Status, SessionSnapshot? Session, ImmutableArray<string> Evicted);
