using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using SessionGrains.Grains.Calls;
using SessionGrains.Grains.Events;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Storage;
using StackExchange.Redis;

namespace Orleans.Hosting;

/// <summary>Adds the session and user grains, their storage and the retry filter to Orleans silos and clients.</summary>
public static class SessionGrainsSiloBuilderExtensions
{
    /// <summary>How long an unused session grain stays active: 10 minutes.</summary>
    public static readonly TimeSpan SessionCollectionAge = TimeSpan.FromMinutes(10);

    /// <summary>How long an unused user grain stays active: 5 minutes.</summary>
    public static readonly TimeSpan UserCollectionAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Adds what the session and user grains need on a silo: their options (<c>SessionGrains:Sessions</c>), session
    /// events and metrics, and <see cref="IdempotentRetryFilter"/> for their calls. Storage is added separately:
    /// <see cref="AddSessionGrainsRedisStorage"/> or <see cref="AddSessionGrainsMemoryStorage"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddSessionGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SessionGrainOptions>().BindConfiguration(SessionGrainOptions.SectionName);
        builder.Services.TryAddSingleton<SessionEventDispatcher>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionEvents, SessionMetrics>());
        builder.Services.AddIdempotentRetry();
        builder.AddOutgoingGrainCallFilter<IdempotentRetryFilter>();

        // Collection ages per grain type, as options rather than [CollectionAgeLimit] (which Orleans lets win over
        // every option), so SessionGrains:Orleans:Collection:ClassSpecificCollectionAge can change them.
        builder.Configure<GrainCollectionOptions>(o =>
        {
            o.ClassSpecificCollectionAge.TryAdd(typeof(SessionGrain).FullName!, SessionCollectionAge);
            o.ClassSpecificCollectionAge.TryAdd(typeof(SessionGrains.Grains.Users.UserGrain).FullName!, UserCollectionAge);
        });
        return builder;
    }

    /// <summary>Adds <see cref="IdempotentRetryFilter"/> to a cluster client, so its session calls survive a silo crash.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IClientBuilder AddSessionGrainsRetry(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddIdempotentRetry();
        builder.AddOutgoingGrainCallFilter<IdempotentRetryFilter>();
        return builder;
    }

    /// <summary>
    /// Stores sessions with <see cref="RedisSessionStorage"/> and users with Orleans' Redis grain storage (plus a
    /// per-record expiry), and keeps reminders in Orleans' Redis reminder table (user grains wake on them to drop
    /// sessions that expired unseen), all on the process's one <see cref="IConnectionMultiplexer"/>, which must be
    /// registered. An application that has its own reminder service keeps it.
    /// States are serialized with Orleans' own binary serializer rather than the storage default, Newtonsoft JSON with
    /// type names: a session takes about a third of the bytes, and no type name is stored.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddSessionGrainsRedisStorage(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<OrleansGrainStorageSerializer>();
        services.AddGrainStorage(SessionGrainsStorage.Sessions, static (sp, name) => ActivatorUtilities.CreateInstance<RedisSessionStorage>(
            sp, name, (IGrainStorageSerializer)sp.GetRequiredService<OrleansGrainStorageSerializer>()));

        services.AddRedisGrainStorage(SessionGrainsStorage.Users, options => options.Configure<IServiceProvider, IOptions<ClusterOptions>>((o, sp, cluster) =>
        {
            var serviceId = cluster.Value.ServiceId;
            o.CreateMultiplexer = _ => Task.FromResult((sp.GetRequiredService<IConnectionMultiplexer>(), true));
            o.ConfigurationOptions = new ConfigurationOptions();
            o.GetStorageKey = (stateName, grainId) => SessionGrainsStorage.Key(serviceId, stateName, grainId);
            o.DeleteStateOnClear = true;
            o.GrainStorageSerializer = sp.GetRequiredService<OrleansGrainStorageSerializer>();
        }));

        // Replaces the keyed registration AddRedisGrainStorage made; its lifecycle registration resolves this one.
        services.AddKeyedSingleton<IGrainStorage>(SessionGrainsStorage.Users, static (sp, name) =>
        {
            var serviceId = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            return new ExpiringGrainStorage(
                RedisGrainStorageFactory.Create(sp, (string)name!),
                sp.GetRequiredService<IConnectionMultiplexer>(),
                (stateName, grainId) => SessionGrainsStorage.Key(serviceId, stateName, grainId));
        });

        if (!HasReminderService(services))
        {
            builder.UseRedisReminderService(_ => { });
            services.AddOptions<RedisReminderTableOptions>().Configure<IServiceProvider>(static (o, sp) =>
            {
                o.ConfigurationOptions ??= new ConfigurationOptions();
                o.CreateMultiplexer = _ => Task.FromResult((sp.GetRequiredService<IConnectionMultiplexer>(), true));
            });
        }

        return builder;
    }

    /// <summary>
    /// Stores sessions, users and reminders in the silo's memory: the embedded default and unit tests. Nothing survives
    /// a restart. An application that has its own reminder service keeps it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddSessionGrainsMemoryStorage(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!HasReminderService(builder.Services))
        {
            builder.UseInMemoryReminderService();
        }

        return builder.AddMemoryGrainStorage(SessionGrainsStorage.Sessions).AddMemoryGrainStorage(SessionGrainsStorage.Users);
    }

    private static bool HasReminderService(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(IReminderTable));

    private static void AddIdempotentRetry(this IServiceCollection services)
    {
        services.AddOptions<IdempotentRetryOptions>().BindConfiguration(IdempotentRetryOptions.SectionName);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
    }
}
