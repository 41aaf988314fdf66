namespace SessionGrains.Grains.Sessions;

/// <summary>A session as a device list shows it.</summary>
[GenerateSerializer, Immutable, Alias("sessiongrains.session-summary")]
public sealed record SessionSummary(string PublicId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DeviceInfo? Device);
