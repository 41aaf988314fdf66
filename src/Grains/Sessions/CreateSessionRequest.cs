using SessionGrains.Grains.Security;

namespace SessionGrains.Grains.Sessions;

/// <summary>What a new session starts with. The front end derives the credentials from a new secret.</summary>
/// <param name="PublicId">The public id, from <see cref="SessionCredentials.PublicId"/>.</param>
/// <param name="Proof">The proof the grain keeps, from <see cref="SessionCredentials.Proof"/>.</param>
/// <param name="IdleTimeout">Sliding timeout: the session ends when unused this long.</param>
/// <param name="AbsoluteLifetime">The session ends this long after creation, however much it is used.</param>
/// <param name="Device">The device, or null.</param>
[GenerateSerializer, Immutable, Alias("sessiongrains.create-session-request")]
public sealed record CreateSessionRequest(string PublicId, SessionProof Proof, TimeSpan IdleTimeout, TimeSpan AbsoluteLifetime, DeviceInfo? Device);
