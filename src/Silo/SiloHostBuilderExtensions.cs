using System.Net;
using System.Reflection;
using SessionGrains.Grains;
using SessionGrains.Grains.Hosting;

namespace SessionGrains.Silo;

/// <summary>Wires the process as one Orleans silo of a cluster whose membership and grain state live in Redis.</summary>
internal static class SiloHostBuilderExtensions
{
    /// <summary>The <c>SessionGrains:Silo:AdvertisedHost</c> that stands for this machine's host name.</summary>
    public const string AutoAdvertisedHost = "auto";

    /// <summary>Adds an Orleans silo on Redis clustering and storage, hosting SessionGrains.Grains and the configured grain assemblies.</summary>
    /// <exception cref="SiloConfigurationException">Redis is not configured, a grain assembly cannot be loaded, or the shutdown timeout is not positive.</exception>
    public static HostApplicationBuilder AddSiloHost(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions();
        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new SiloConfigurationException($"{SiloHostOptions.SectionName}:{nameof(SiloHostOptions.ShutdownTimeout)} must be positive.");
        }

        // A silo alone in memory would be reachable by no front end (they find silos in Redis) and would lose every
        // grain's state on restart, so a silo without Redis is a configuration mistake, not a mode.
        const string RedisKey = SessionGrainsClusterOptions.RedisKey;
        if (string.IsNullOrWhiteSpace(builder.Configuration[RedisKey]))
        {
            throw new SiloConfigurationException(
                $"{RedisKey} is not set, and a silo needs Redis for cluster membership and grain state. Set it in appsettings.json, " +
                $"as the environment variable SessionGrains__Redis, or on the command line: --{RedisKey}=127.0.0.1:6379. " +
                "To run grains in a single process without Redis, use the web front end's embedded silo instead.");
        }

        // In a container the address others reach is the container's own, which no compose file can write per
        // replica: "auto" takes this machine's host name, which the cluster options resolve to its address.
        const string AdvertisedHostKey = SessionGrainsClusterOptions.SiloSectionName + ":" + nameof(SessionGrainsClusterOptions.AdvertisedHost);
        if (string.Equals(builder.Configuration[AdvertisedHostKey], AutoAdvertisedHost, StringComparison.OrdinalIgnoreCase))
        {
            builder.Configuration[AdvertisedHostKey] = Dns.GetHostName();
        }

        var extraAssemblies = options.GrainAssemblies.Select(GrainAssemblyLoader.Load).Distinct().Where(a => a != typeof(GrainsAssembly).Assembly).ToList();
        List<Assembly> grainAssemblies = [typeof(GrainsAssembly).Assembly, .. extraAssemblies];

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddHostedService(sp => new SiloHostLogger(
            grainAssemblies,
            options.ShutdownTimeout,
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<SiloHostLogger>>()));
        builder.Services.AddSessionGrainsRedis(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseSessionGrainsCluster(builder.Configuration).AddSessionGrains().AddSessionGrainsRedisStorage();

            // Grain classes in other assemblies are found through their generated type manifests.
            silo.Services.AddSerializer(serializer =>
            {
                foreach (var assembly in extraAssemblies)
                {
                    serializer.AddAssembly(assembly);
                }
            });
        });
        return builder;
    }
}
