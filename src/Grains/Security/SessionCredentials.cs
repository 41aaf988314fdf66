namespace SessionGrains.Grains.Security;

/// <summary>What a session's secret derives to, one way.</summary>
/// <param name="GrainKey">The session grain's key (SHA-256 of the secret): in Redis keys and logs, useless as a cookie.</param>
/// <param name="PublicId">The id shown to the user and used to revoke a device.</param>
/// <param name="Proof">What the session grain checks, in constant time, before it serves a request.</param>
[GenerateSerializer, Immutable, Alias("sessiongrains.session-credentials")]
public sealed record SessionCredentials(string GrainKey, string PublicId, SessionProof Proof);
