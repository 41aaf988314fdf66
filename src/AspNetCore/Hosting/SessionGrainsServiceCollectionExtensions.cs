using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.AspNetCore;
using SessionGrains.AspNetCore.Authentication;
using SessionGrains.AspNetCore.DataProtection;
using SessionGrains.AspNetCore.Diagnostics;
using SessionGrains.AspNetCore.Hosting;
using SessionGrains.AspNetCore.Session;
using SessionGrains.Grains.Hosting;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SessionGrains in a front end.</summary>
public static class SessionGrainsServiceCollectionExtensions
{
    /// <summary>The Redis list holding the shared Data Protection key ring.</summary>
    public const string DataProtectionKeysKey = "sg:dataprotection-keys";

    /// <summary>
    /// Adds sessions in grains. Options bind from <c>SessionGrains</c>. Without <c>SessionGrains:Redis</c> it runs the
    /// embedded default: a silo in this process with in-memory storage, and a warning at start. With it, sessions
    /// live in Redis, the Data Protection key ring is shared through Redis, and this process either hosts a silo
    /// (<c>SessionGrains:Mode=Silo</c>) or is a client of a silo cluster (the default). Health checks for Redis and
    /// the cluster view are added.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IServiceCollection AddSessionGrains(this IServiceCollection services, IConfiguration configuration, Action<SessionGrainsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SessionGrainsOptions>().BindConfiguration(SessionGrainsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionGrainsOptions>, SessionGrainsOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var healthChecks = services.AddHealthChecks();
        if (string.IsNullOrWhiteSpace(configuration[RedisConnectionOptions.SectionName]))
        {
            services.AddGrainRuntime(runtime => runtime.AddSessionGrains().AddMemoryGrainStorage());
            services.AddHostedService<EmbeddedDefaultNotice>();
        }
        else
        {
            var mode = configuration.GetValue($"{SessionGrainsOptions.SectionName}:{nameof(SessionGrainsOptions.Mode)}", SessionGrainsHostingMode.Client);
            if (mode == SessionGrainsHostingMode.Silo)
            {
                services.AddGrainRuntime(runtime => runtime.AddSessionGrains().AddRedisGrainStorage().UseRedisClustering());
            }
            else
            {
                services.AddRedisClusterClient();
            }

            services.AddDataProtection().SetApplicationName("SessionGrains");
            services.AddOptions<KeyManagementOptions>().Configure<RedisConnection, ILogger<RedisXmlRepository>>((options, connection, logger) =>
                options.XmlRepository = new RedisXmlRepository(connection, DataProtectionKeysKey, logger));
            healthChecks.AddCheck<RedisHealthCheck>("redis").AddCheck<ClusterHealthCheck>("cluster");
        }

        services.AddDataProtection();
        services.AddMetrics();
        services.TryAddSingleton<SessionCookieProtector>();
        services.TryAddSingleton<SessionGrainsMetrics>();
        services.TryAddSingleton<SessionGrainsRequestServices>();
        return services;
    }

    /// <summary>
    /// Makes cookie authentication of <paramref name="scheme"/> keep its tickets in session grains, so revoking a
    /// user's sessions also ends their auth cookies. Call after <see cref="AddSessionGrains"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddSessionGrainsTicketStore(this IServiceCollection services, string scheme = CookieAuthenticationDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<GrainTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<GrainTicketStore>((options, store) => options.SessionStore = store);
        return services;
    }
}
