namespace SessionGrains.Grains.Sessions;

/// <summary>What the front end saw of the device that signed in.</summary>
/// <param name="UserAgent">The User-Agent header, truncated by the front end.</param>
/// <param name="IpAddress">The remote address.</param>
[GenerateSerializer, Immutable, Alias("sessiongrains.device-info")]
public sealed record DeviceInfo(string? UserAgent, string? IpAddress);
