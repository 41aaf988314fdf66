using System.Collections.Immutable;

namespace SessionGrains.Grains.Sessions;

/// <summary>A live session as of one turn.</summary>
[GenerateSerializer, Immutable, Alias("sessiongrains.session-snapshot")]
public sealed record SessionSnapshot(
    string PublicId,
    string? UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    ImmutableDictionary<string, string> Data,
    DeviceInfo? Device);
