using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using SessionGrains.Grains.Hosting;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Orleans.Hosting;

/// <summary>
/// Joins silos and clients to a SessionGrains cluster whose membership lives in Redis, on the process's one
/// <see cref="IConnectionMultiplexer"/>. Besides the ids and endpoints of <see cref="SessionGrainsClusterOptions"/>, it
/// sets Orleans' failure timings for sessions (a killed silo is declared dead in about 2 s, not 15; calls and the
/// gateway list are bounded at 5 s, not 30 s and 1 min), then binds Orleans' own options over them from
/// <c>SessionGrains:Orleans:Membership</c>, <c>:Messaging</c> and <c>:Gateway</c>.
/// </summary>
public static class SessionGrainsClusterExtensions
{
    /// <summary>The configuration section under which Orleans' own options bind.</summary>
    public const string OrleansSectionName = "SessionGrains:Orleans";

    /// <summary>The response timeout of session calls, on silos and clients. Orleans' default is 30 s.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers the process's one <see cref="IConnectionMultiplexer"/>, from <c>SessionGrains:Redis</c>. It connects in
    /// the background and reconnects by itself, so a process starts while Redis is down and reports it as unhealthy.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>SessionGrains:Redis</c> is not set.</exception>
    public static IServiceCollection AddSessionGrainsRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[SessionGrainsClusterOptions.RedisKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Set {SessionGrainsClusterOptions.RedisKey} to a StackExchange.Redis configuration string, such as 127.0.0.1:6379.");
        }

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;

        // The keys of the project's own Redis client before the move to StackExchange.Redis 2 keep working.
        var section = configuration.GetSection(SessionGrainsClusterOptions.RedisKey);
        if (section.GetValue<TimeSpan?>("OperationTimeout") is { } operationTimeout)
        {
            options.SyncTimeout = options.AsyncTimeout = (int)operationTimeout.TotalMilliseconds;
        }

        if (section.GetValue<TimeSpan?>("ConnectTimeout") is { } connectTimeout)
        {
            options.ConnectTimeout = (int)connectTimeout.TotalMilliseconds;
        }

        // While Redis is away, a command fails at once instead of waiting in StackExchange.Redis's backlog for the
        // reconnect (up to its 5 s timeout): a request then answers 503 quickly, and nothing half-done waits.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return services;
    }

    /// <summary>Makes this silo a member of the cluster in Redis, with the endpoints of <c>SessionGrains:Silo</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is null.</exception>
    public static ISiloBuilder UseSessionGrainsCluster(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = ReadOptions(configuration);
        builder.UseRedisClustering(_ => { });
        builder.Services.AddClusterIdentity(cluster);
        builder.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = Resolve(cluster.AdvertisedHost);
            o.SiloPort = FreePort.Resolve(cluster.Port);
            o.GatewayPort = FreePort.Resolve(cluster.GatewayPort);
            var listen = IPAddress.Parse(cluster.ListenAddress);
            o.SiloListeningEndpoint = new IPEndPoint(listen, o.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(listen, o.GatewayPort);
        });
        builder.Configure<ClusterMembershipOptions>(o =>
        {
            // A killed process refuses connections at once, so probes fail fast; three missed 1 s probes (or one
            // failed indirect probe, counting two) declare it dead. Below ~1 s a GC pause risks a false death.
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.MaxProbeTimeout = TimeSpan.FromSeconds(4);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        });
        builder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        builder.Services.BindOrleansOptions<ClusterMembershipOptions>(configuration, "Membership");
        builder.Services.BindOrleansOptions<SiloMessagingOptions>(configuration, "Messaging", legacySection: "SessionGrains:Runtime");
        builder.Services.BindOrleansOptions<GrainCollectionOptions>(configuration, "Collection", legacySection: "SessionGrains:Runtime:Collection");
        builder.Services.TryAddSingleton(new ClusterClientReadiness());
        return builder;
    }

    /// <summary>
    /// Makes this process a client of the cluster in Redis. It starts even when no silo is up: it retries every
    /// second, and <see cref="ClusterClientReadiness"/> tells callers why they cannot call yet.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is null.</exception>
    public static IClientBuilder UseSessionGrainsCluster(this IClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = ReadOptions(configuration);
        builder.UseRedisClustering(_ => { });
        builder.Services.AddClusterIdentity(cluster);
        builder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        builder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        builder.Services.BindOrleansOptions<GatewayOptions>(configuration, "Gateway");
        builder.Services.BindOrleansOptions<ClientMessagingOptions>(configuration, "Messaging", legacySection: "SessionGrains:Runtime");
        builder.Services.TryAddSingleton(sp => new ClusterClientReadiness(sp.GetRequiredService<IHostApplicationLifetime>()));

        // Orleans has registered its own filter already (15 growing delays, about 3 min, then the start fails); the
        // last registration is the one resolved, so this one replaces it.
        builder.UseConnectionRetryFilter<NoSiloRetryFilter>();

        // The client connects while the host starts; starting services together lets the web server answer (503)
        // meanwhile, instead of waiting for the first silo.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        return builder;
    }

    /// <summary>
    /// Binds Orleans' <typeparamref name="TOptions"/> from <c>SessionGrains:Orleans:{name}</c>, over the project's
    /// defaults; a key of the old runtime's section (<paramref name="legacySection"/>) is read first, so upgrades keep it.
    /// </summary>
    internal static void BindOrleansOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string name, string? legacySection = null)
        where TOptions : class
    {
        if (legacySection is not null)
        {
            services.Configure<TOptions>(configuration.GetSection(legacySection));
        }

        services.Configure<TOptions>(configuration.GetSection($"{OrleansSectionName}:{name}"));
    }

    private static SessionGrainsClusterOptions ReadOptions(IConfiguration configuration)
    {
        var options = new SessionGrainsClusterOptions();
        configuration.GetSection(SessionGrainsClusterOptions.ClusterSectionName).Bind(options);
        configuration.GetSection(SessionGrainsClusterOptions.SiloSectionName).Bind(options);
        return options;
    }

    /// <summary>What silos and clients share: Redis membership on the process's multiplexer, and the cluster's ids.</summary>
    private static void AddClusterIdentity(this IServiceCollection services, SessionGrainsClusterOptions cluster)
    {
        services.AddOptions<RedisClusteringOptions>().Configure<IServiceProvider>(UseSharedMultiplexer);
        services.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
    }

    private static void UseSharedMultiplexer(RedisClusteringOptions options, IServiceProvider services)
    {
        options.ConfigurationOptions ??= new ConfigurationOptions();
        options.CreateMultiplexer = _ => Task.FromResult((services.GetRequiredService<IConnectionMultiplexer>(), true));
    }

    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        // "auto": this machine's (or container's) first non-loopback IPv4 address.
        var candidates = string.Equals(host, "auto", StringComparison.OrdinalIgnoreCase)
            ? Dns.GetHostAddresses(Dns.GetHostName()).Where(a => !IPAddress.IsLoopback(a))
            : Dns.GetHostAddresses(host);
        return candidates.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"{SessionGrainsClusterOptions.SiloSectionName}:{nameof(SessionGrainsClusterOptions.AdvertisedHost)} '{host}' has no IPv4 address.");
    }
}
