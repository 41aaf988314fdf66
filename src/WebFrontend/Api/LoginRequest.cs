namespace SessionGrains.WebFrontend.Api;

internal sealed record LoginRequest(string? Username, string? Password);
