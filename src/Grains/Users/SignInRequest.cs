using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Users;

/// <summary>A sign-in, as the front end asks its user grain for it.</summary>
/// <param name="NewSessionGrainKey">The new session's grain key, from a fresh secret (the session id rotates at sign-in).</param>
/// <param name="NewSession">The new session.</param>
/// <param name="CurrentSessionGrainKey">The session the request came with, if any: it ends as Rotated.</param>
/// <param name="CurrentSessionProof">The current session's proof.</param>
/// <param name="MaxSessions">The most live sessions the user may have; 0 for no limit.</param>
/// <param name="CapPolicy">What to do at the cap.</param>
[GenerateSerializer, Immutable, Alias("sessiongrains.sign-in-request")]
public sealed record SignInRequest(
    string NewSessionGrainKey,
    CreateSessionRequest NewSession,
    string? CurrentSessionGrainKey,
    SessionProof? CurrentSessionProof,
    int MaxSessions,
    SessionCapPolicy CapPolicy);
