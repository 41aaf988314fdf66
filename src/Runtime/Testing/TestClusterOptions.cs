using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Hosting;

namespace SessionGrains.Runtime.Testing;

/// <summary>How a <see cref="TestCluster"/> is built.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by <see cref="TestCluster.StartAsync"/>. Default: 3.</summary>
    public int InitialSilosCount { get; set; } = 3;

    /// <summary>The cluster id; a fresh one by default, so clusters sharing a Redis stay apart.</summary>
    public string ClusterId { get; set; } = "test-" + Guid.NewGuid().ToString("n")[..8];

    /// <summary>
    /// Redis for membership and grain storage; <see langword="null"/> (the default) keeps both in this process's
    /// memory, shared by the silos.
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>The grain storages every silo gets, in Redis or in shared memory. Default: <c>Default</c>.</summary>
    public IList<string> StorageNames { get; } = [GrainStorageDefaults.DefaultStorageName];

    /// <summary>Configuration for every silo and the client, such as <c>SessionGrains:Cluster:DeathTimeout</c>.</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>();

    /// <summary>The clock of every silo's grains (timers, expiry, collection); failure detection always uses real time.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Registers grain classes and anything else on every silo.</summary>
    public Action<IGrainRuntimeBuilder>? ConfigureSilo { get; set; }

    /// <summary>Adds services to every silo.</summary>
    public Action<IServiceCollection>? ConfigureSiloServices { get; set; }
}
