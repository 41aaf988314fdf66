namespace SessionGrains.Farm;

/// <summary>What <see cref="Farm.StartAsync"/> starts, and where it keeps logs and pids.</summary>
public sealed class FarmOptions
{
    /// <summary>How many silo processes. Default: 3.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>How many front-end processes, all behind nginx; with 0, neither front ends nor nginx start. Default: 2.</summary>
    public int Frontends { get; init; } = 2;

    /// <summary>The folder for logs, pids and nginx's configuration; created if missing. Required.</summary>
    public required string Directory { get; init; }

    /// <summary>The cluster id, so that this farm shares nothing with another on the same machine. Default: a fresh one.</summary>
    public string ClusterId { get; init; } = "farm-" + Guid.NewGuid().ToString("n")[..10];

    /// <summary>The service id, the first part of every Redis key. Default: <c>sessiongrains</c>, the apps' default.</summary>
    public string ServiceId { get; init; } = "sessiongrains";

    /// <summary>
    /// Extra configuration for every silo and front end, as environment variables
    /// (<c>SessionGrains__Orleans__Membership__ProbeTimeout=00:00:05</c>). Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The front ends' readiness probe: 200 when a front end can serve sessions. Default: <c>/healthz</c>.</summary>
    public string ReadinessPath { get; init; } = "/healthz";

    /// <summary>How long starting a process may take before the farm gives up. Default: 60 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The load balancer's configuration. Default: <see cref="NginxConfig"/>'s defaults.</summary>
    public NginxConfig Nginx { get; init; } = new();
}
