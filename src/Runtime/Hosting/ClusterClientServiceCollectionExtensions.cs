using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionGrains.Runtime;
using SessionGrains.Runtime.Client;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a cluster client in a process that hosts no silo.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IClusterClient"/> (and <see cref="IGrainFactory"/>) for a cluster whose membership is in Redis
    /// (<c>SessionGrains:Redis</c>, <c>SessionGrains:Cluster</c>). Calls go straight to each grain's owning silo, and
    /// view changes are pushed to the client.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddRedisClusterClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        new GrainRuntimeBuilder(services).AddRedisConnection();
        services.TryAddSingleton<IMembershipTable>(ClusteringExtensions.CreateRedisTable);
        return services.AddClusterClientCore();
    }

    /// <summary>Adds <see cref="IClusterClient"/> for a cluster whose membership is <paramref name="table"/>: for in-process tests.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="table"/> is null.</exception>
    public static IServiceCollection AddInMemoryClusterClient(this IServiceCollection services, InMemoryMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(table);
        services.TryAddSingleton<IMembershipTable>(table);
        return services.AddClusterClientCore();
    }

    private static IServiceCollection AddClusterClientCore(this IServiceCollection services)
    {
        services.AddOptions<GrainRuntimeOptions>().BindConfiguration(GrainRuntimeOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        ClusteringExtensions.AddClusterMessaging(services);
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.TryAddSingleton<IClusterClient, ClusterClient>();
        return services;
    }
}
