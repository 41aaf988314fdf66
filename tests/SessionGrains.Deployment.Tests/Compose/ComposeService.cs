namespace SessionGrains.Deployment.Tests.Compose;

/// <summary>
/// What the tests read of one service of docker-compose.yml, after anchors and merge keys are resolved.
/// <see cref="FixedAddresses"/> are the <c>ipv4_address</c>es it has on its networks.
/// </summary>
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
    string? Restart,
    IReadOnlyList<string> FixedAddresses);
