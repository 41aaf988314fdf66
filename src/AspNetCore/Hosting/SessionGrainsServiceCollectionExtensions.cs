using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using SessionGrains.AspNetCore;
using SessionGrains.AspNetCore.Authentication;
using SessionGrains.AspNetCore.DataProtection;
using SessionGrains.AspNetCore.Diagnostics;
using SessionGrains.AspNetCore.Hosting;
using SessionGrains.AspNetCore.Proxies;
using SessionGrains.AspNetCore.Session;
using SessionGrains.Grains.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SessionGrains in a front end.</summary>
public static class SessionGrainsServiceCollectionExtensions
{
    /// <summary>The Redis list holding the shared Data Protection key ring.</summary>
    public const string DataProtectionKeysKey = SessionGrainsDataProtection.KeysKey;

    /// <summary>
    /// Adds sessions in Orleans grains. Options bind from <c>SessionGrains</c>. Without <c>SessionGrains:Redis</c> it
    /// runs the embedded default: a silo in this process on localhost clustering with in-memory storage, and a warning
    /// at start. With it, sessions live in Redis, the Data Protection key ring is shared through Redis, and this process
    /// either hosts a silo of the farm (<c>SessionGrains:Mode=Silo</c>) or is a pure Orleans client of <c>src/Silo</c>
    /// processes (the default). Health checks for Redis and the cluster are added. ASP.NET Core's forwarded-headers
    /// middleware runs first in the pipeline, believing <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from
    /// the proxies of <c>SessionGrains:ForwardedHeaders</c> (loopback when none is set): do not add it again.
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

        var healthChecks = services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ClusterHealthCheck.ReadyTag]);
        if (string.IsNullOrWhiteSpace(configuration[SessionGrainsClusterOptions.RedisKey]))
        {
            services.AddOrleans(silo => silo.UseEmbeddedCluster(configuration).AddSessionGrains().AddSessionGrainsMemoryStorage());
            services.AddHostedService<EmbeddedDefaultNotice>();
        }
        else
        {
            services.AddSessionGrainsRedis(configuration);
            var mode = configuration.GetValue($"{SessionGrainsOptions.SectionName}:{nameof(SessionGrainsOptions.Mode)}", SessionGrainsHostingMode.Client);
            if (mode == SessionGrainsHostingMode.Silo)
            {
                services.AddOrleans(silo => silo.UseSessionGrainsCluster(configuration).AddSessionGrains().AddSessionGrainsRedisStorage());
            }
            else
            {
                services.AddOrleansClient(client => client.UseSessionGrainsCluster(configuration).AddSessionGrainsRetry());
            }

            services.AddSharedKeyRing();
            healthChecks.AddCheck<RedisHealthCheck>("redis", tags: [ClusterHealthCheck.ReadyTag]);
        }

        services.AddTrustedProxies();
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
