using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>: its own host, catalog and listener, in this process.</summary>
public sealed class TestSilo
{
    internal TestSilo(IHost host) => Host = host;

    /// <summary>The silo's address in membership.</summary>
    public SiloAddress Address => Services.GetRequiredService<LocalSilo>().Address;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>References whose calls start on this silo: its own grains skip the network.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>What this silo hosts.</summary>
    public IGrainCatalogDiagnostics Catalog => Services.GetRequiredService<IGrainCatalogDiagnostics>();

    /// <summary>This silo's current view of the cluster.</summary>
    public MembershipView View => Services.GetRequiredService<ClusterMembership>().CurrentView;

    /// <summary>Whether the silo was declared dead or killed.</summary>
    public bool IsDead => Services.GetRequiredService<LocalSilo>().IsDead;

    /// <summary>
    /// Freezes the silo as a long GC pause would, for the cluster: no heartbeats and no view updates, while its
    /// activations stay. Others declare it dead after the death timeout; unpaused, it learns so and stops.
    /// </summary>
    public bool IsPaused
    {
        get => Services.GetRequiredService<SiloLifecycle>().IsPaused;
        set => Services.GetRequiredService<SiloLifecycle>().IsPaused = value;
    }

    internal IHost Host { get; }
}
