using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using SessionGrains.Grains.Storage;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests.Storage;

/// <summary>
/// A <see cref="RedisSessionStorage"/> outside any silo, as <c>AddSessionGrainsRedisStorage</c> builds it: Orleans'
/// serializer, a fresh service id, a multiplexer of the test's own and a log capture.
/// </summary>
internal sealed class SessionStorageHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SessionStorageHarness(ServiceProvider services, ConnectionMultiplexer connection, string serviceId, LogCapture logs)
    {
        Logs = logs;
        _services = services;
        Connection = connection;
        ServiceId = serviceId;
        Serializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        Storage = new RedisSessionStorage(
            SessionGrainsStorage.Sessions,
            connection,
            Serializer,
            Options.Create(new ClusterOptions { ClusterId = "storage-tests", ServiceId = serviceId }),
            TimeProvider.System,
            services.GetRequiredService<ILogger<RedisSessionStorage>>());
    }

    public ConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    public string ServiceId { get; }

    public IGrainStorageSerializer Serializer { get; }

    public IGrainStorage Storage { get; }

    public LogCapture Logs { get; }

    /// <summary>A harness on <paramref name="redis"/>; commands wait at most a second when Redis is away.</summary>
    public static async Task<SessionStorageHarness> StartAsync(RedisServer redis)
    {
        var logs = new LogCapture();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSerializer(serializer => serializer.AddAssembly(typeof(GrainsAssembly).Assembly))
            .BuildServiceProvider();
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.AbortOnConnectFail = false;
        options.AllowAdmin = true;
        options.SyncTimeout = options.AsyncTimeout = 1000;
        options.ConnectTimeout = 1000;
        var connection = await ConnectionMultiplexer.ConnectAsync(options).DefaultTimeout();
        return new SessionStorageHarness(services, connection, "storage-" + Guid.NewGuid().ToString("n"), logs);
    }

    public static GrainId NewSessionId() => GrainId.Create("session", SessionSecret.Generate().Derive().GrainKey);

    public RedisKey Key(GrainId grainId) => SessionGrainsStorage.Key(ServiceId, SessionGrain.StateName, grainId);

    public static SessionState NewState(DateTimeOffset? expiresAt = null)
    {
        var credentials = SessionSecret.Generate().Derive();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new SessionState
        {
            PublicId = credentials.PublicId,
            Proof = credentials.Proof.Value,
            UserId = "alice",
            CreatedAt = now,
            LastSeenAt = now,
            IdleTimeout = 1_200_000,
            AbsoluteExpiresAt = now + 3_600_000,
            Data = new() { ["hits"] = "1000", ["theme"] = "dark", ["name"] = "Ådne ✓", ["empty"] = "" },
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
            IpAddress = "203.0.113.7",
            ExpiresAt = expiresAt,
        };
    }

    public async Task<GrainState<SessionState>> ReadAsync(GrainId grainId)
    {
        var state = new GrainState<SessionState>();
        await Storage.ReadStateAsync(SessionGrain.StateName, grainId, state).DefaultTimeout();
        return state;
    }

    public Task WriteAsync(GrainId grainId, GrainState<SessionState> state) =>
        Storage.WriteStateAsync(SessionGrain.StateName, grainId, state).DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _services.DisposeAsync();
    }
}
