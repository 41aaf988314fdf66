using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Persistence.Redis;
using SessionGrains.Runtime.Redis;

namespace SessionGrains.Runtime.Hosting;

/// <summary>Registers Redis grain storage and the shared Redis connection.</summary>
public static class RedisGrainStorageExtensions
{
    /// <summary>
    /// Adds grain storage named <paramref name="name"/> in Redis. The connection binds from <c>SessionGrains:Redis</c>
    /// (see <see cref="RedisConnectionOptions"/>); the storage's own options from <c>SessionGrains:Storage:{name}</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IGrainRuntimeBuilder AddRedisGrainStorage(
        this IGrainRuntimeBuilder builder,
        string name = GrainStorageDefaults.DefaultStorageName,
        Action<RedisGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.AddRedisConnection();
        builder.Services.TryAddSingleton<RedisPipeline>();
        var options = builder.Services.AddOptions<RedisGrainStorageOptions>(name).BindConfiguration($"SessionGrains:Storage:{name}");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new RedisGrainStorage(
            sp.GetRequiredService<IOptionsMonitor<RedisGrainStorageOptions>>().Get(name),
            sp.GetRequiredService<RedisPipeline>()));
        return builder;
    }

    /// <summary>Adds the Redis connection shared by storage and membership, bound from <c>SessionGrains:Redis</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IGrainRuntimeBuilder AddRedisConnection(this IGrainRuntimeBuilder builder, Action<RedisConnectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RedisConnectionOptions>()
            .Configure<Microsoft.Extensions.Configuration.IConfiguration>((o, configuration) =>
            {
                var section = configuration.GetSection(RedisConnectionOptions.SectionName);
                o.Configuration = section.Value ?? o.Configuration;
                Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(section, o);
            })
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisConnectionOptions>, RedisConnectionOptionsValidator>());
        builder.Services.TryAddSingleton<RedisConnection>();
        return builder;
    }
}
