using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Client;
using SessionGrains.Runtime.Diagnostics;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Placement;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the grain runtime on a host.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime: the catalog of activations, idle collection, grain references through
    /// <see cref="IGrainFactory"/>, and shutdown that deactivates every activation. Options bind from
    /// <c>SessionGrains:Runtime</c> and <c>SessionGrains:Runtime:Collection</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<IGrainRuntimeBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<GrainRuntimeOptions>().BindConfiguration(GrainRuntimeOptions.SectionName).ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>().BindConfiguration(GrainRuntimeOptions.SectionName + ":Collection").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<GrainActivator>();
        services.TryAddSingleton<StorageFence>();
        services.TryAddSingleton<IGrainPlacement, LocalPlacement>();
        services.TryAddSingleton<GrainCatalog>();
        services.TryAddSingleton<IGrainCatalogDiagnostics>(sp => sp.GetRequiredService<GrainCatalog>());
        services.TryAddSingleton<IGrainCallRouter, LocalGrainCallRouter>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.TryAddSingleton<IClusterClient, ClusterClient>();
        services.TryAddSingleton<IExternalScopeProvider>(sp => new RuntimeLogScopeProvider(
            sp.GetService<LocalSilo>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>()?.Value.ActivityTrackingOptions ?? ActivityTrackingOptions.None));
        services.AddHostedService<GrainRuntimeHost>();
        services.AddHostedService<ActivationCollector>();

        configure(new GrainRuntimeBuilder(services));
        return services;
    }
}
