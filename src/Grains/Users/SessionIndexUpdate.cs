namespace SessionGrains.Grains.Users;

/// <summary>
/// What a signed-in session tells its user grain when it stores itself past what the user grain knew: so the user
/// grain can drop it, on its own timer, once <paramref name="StoredUntil"/> passes and the record is gone.
/// </summary>
[GenerateSerializer, Immutable, Alias("sessiongrains.session-index-update")]
public sealed record SessionIndexUpdate(string PublicId, string GrainKey, DateTimeOffset CreatedAt, DateTimeOffset AbsoluteExpiresAt, DateTimeOffset StoredUntil);
