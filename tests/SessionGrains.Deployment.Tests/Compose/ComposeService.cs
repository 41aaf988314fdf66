namespace SessionGrains.Deployment.Tests.Compose;

/// <summary>What the tests read of one service of docker-compose.yml, after anchors and merge keys are resolved.</summary>
public sealed record ComposeService(
    string Name,
    string? Image,
    string? BuildContext,
    string? Dockerfile,
    string? ContainerName,
    IReadOnlyList<string> Command,
    IReadOnlyList<PortMapping> Ports,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Volumes,
    string? Restart);
