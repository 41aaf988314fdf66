using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Client;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Messaging;
using SessionGrains.Runtime.Placement;
using SessionGrains.Runtime.Redis;

namespace SessionGrains.Runtime.Hosting;

/// <summary>Turns the runtime into a silo of a cluster.</summary>
public static class ClusteringExtensions
{
    /// <summary>
    /// Makes this runtime a silo whose membership lives in Redis (connection from <c>SessionGrains:Redis</c>). It
    /// listens on <c>SessionGrains:Silo:Port</c>; cluster settings bind from <c>SessionGrains:Cluster</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IGrainRuntimeBuilder UseRedisClustering(this IGrainRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRedisConnection();
        builder.Services.TryAddSingleton<IMembershipTable>(CreateRedisTable);
        return builder.UseClustering();
    }

    /// <summary>Makes this runtime a silo whose membership is <paramref name="table"/>, shared in memory: for in-process tests.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="table"/> is null.</exception>
    public static IGrainRuntimeBuilder UseInMemoryClustering(this IGrainRuntimeBuilder builder, InMemoryMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(table);
        builder.Services.TryAddSingleton<IMembershipTable>(table);
        return builder.UseClustering();
    }

    internal static IMembershipTable CreateRedisTable(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        return new RedisMembershipTable(services.GetRequiredService<RedisConnection>(), options.KeyPrefix, options.ClusterId);
    }

    /// <summary>What silos and clients share: the view, connections to silos, and routing by owner.</summary>
    internal static void AddClusterMessaging(IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName).ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        services.TryAddSingleton<ClusterMembership>();
        services.TryAddSingleton<IClusterMembershipDiagnostics, ClusterMembershipDiagnostics>();
        services.TryAddSingleton<ConnectionManager>();
        services.Replace(ServiceDescriptor.Singleton<IGrainCallRouter, ClusterGrainCallRouter>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterMembership>());
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionManager>());
    }

    private static IGrainRuntimeBuilder UseClustering(this IGrainRuntimeBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName);
        AddClusterMessaging(services);
        services.TryAddSingleton<LocalSilo>();
        services.TryAddSingleton<SiloListener>();
        services.TryAddSingleton<SiloConnectionHandler>();
        services.TryAddSingleton<SiloLifecycle>();
        services.Replace(ServiceDescriptor.Singleton<IGrainPlacement, ClusterPlacement>());
        services.AddHostedService(sp => sp.GetRequiredService<SiloLifecycle>());
        return builder;
    }
}
