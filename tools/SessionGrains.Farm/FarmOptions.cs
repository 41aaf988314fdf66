namespace SessionGrains.Farm;

/// <summary>What <see cref="Farm.StartAsync"/> starts, and where it keeps logs and pids.</summary>
public sealed class FarmOptions
{
    /// <summary>How many silo processes. Default: 3.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>How many front-end processes, all behind nginx. Default: 2.</summary>
    public int Frontends { get; init; } = 2;

    /// <summary>The folder for logs, pids and nginx's configuration; created if missing. Required.</summary>
    public required string Directory { get; init; }

    /// <summary>The cluster id, so that this farm shares nothing with another on the same machine. Default: a fresh one.</summary>
    public string ClusterId { get; init; } = "farm-" + Guid.NewGuid().ToString("n")[..10];

    /// <summary>
    /// Extra configuration for every silo and front end, as environment variables (<c>SessionGrains__Redis__OperationTimeout</c>).
    /// Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long starting a process may take before the farm gives up. Default: 60 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The load balancer's configuration. Default: <see cref="NginxConfig"/>'s defaults.</summary>
    public NginxConfig Nginx { get; init; } = new();
}
