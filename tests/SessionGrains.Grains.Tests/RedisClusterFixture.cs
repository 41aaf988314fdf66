using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using SessionGrains.Grains.Tests.Calls;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// One real redis-server and one three-silo cluster on it, with the real Redis providers and a fresh service id,
/// shared by the tests of <see cref="RedisClusterCollection"/>. Its fake clock starts at the real now and only moves
/// forward, so every key it gives a PXAT expires no earlier in real time than the grains think. The client carries
/// a <see cref="FaultInjectionCallFilter"/> inside its retry filter, and so do the silos (<see cref="SiloFaults"/>),
/// idle unless a test arms them.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisServer? _redis;
    private GrainsCluster? _grains;
    private ConnectionMultiplexer? _connection;

    internal RedisServer Redis => _redis ?? throw new InvalidOperationException("The fixture has not started.");

    internal GrainsCluster Grains => _grains ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A connection of the test's own, for assertions on what Redis holds.</summary>
    internal ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    internal StoredRecords Records => Grains.Records(Connection.GetDatabase());

    internal FaultInjectionCallFilter Faults { get; } = new();

    /// <summary>The silos' fault filter: it sees the calls grains make, such as a user grain's to its sessions.</summary>
    internal FaultInjectionCallFilter SiloFaults { get; } = new();

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _grains = await GrainsCluster.StartAsync(new GrainsClusterOptions
        {
            RedisConnectionString = _redis.ConnectionString,
            ConfigureClient = client => client.Services.AddSingleton<IOutgoingGrainCallFilter>(Faults),
            ConfigureSilo = silo => silo.Services.AddSingleton<IOutgoingGrainCallFilter>(SiloFaults),
        });
        _connection = await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_grains is not null)
        {
            await _grains.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
