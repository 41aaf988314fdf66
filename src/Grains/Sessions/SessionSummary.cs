namespace SessionGrains.Grains.Sessions;

/// <summary>A session as a device list shows it.</summary>
public sealed record SessionSummary(string PublicId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DeviceInfo? Device);
