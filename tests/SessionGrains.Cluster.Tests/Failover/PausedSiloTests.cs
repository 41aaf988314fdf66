using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SessionGrains.Runtime.Membership;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Failover;

[Collection(RedisCollection.Name)]
public sealed class PausedSiloTests(RedisFixture redis, ITestOutputHelper output)
{
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task PausedSilo_HeartbeatsStop_DeclaredDeadAndItsStaleTwinCannotOverwriteNewerState()
    {
        // Arrange: every grain written once; pick one the soon-paused silo holds.
        var options = ClusterSetup.CreateOptions(redis, output: output);
        await using var cluster = await ClusterSetup.StartAsync(options, output);
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var database = connection.GetDatabase();
        var keys = ClusterSetup.UniqueKeys("pause", 30);
        foreach (var key in keys)
        {
            Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>(key).IncrementAsync().DefaultTimeout());
        }

        var paused = cluster.Silos[0];
        var survivors = cluster.Silos.Skip(1).ToList();
        var pausedKeys = keys.Where(k => paused.Catalog.IsActive(Counter(k))).ToList();
        Assert.NotEmpty(pausedKeys);
        var contested = pausedKeys[0];

        // Act: freeze it; the others must declare it dead from its stale heartbeat alone.
        var pausedAt = Stopwatch.GetTimestamp();
        paused.IsPaused = true;
        await Eventually.WaitUntilAsync(
            () => IsDeadIn(cluster.ClientView, paused) && survivors.All(s => IsDeadIn(s.View, paused)),
            "the client and the survivors see the paused silo dead",
            TimeSpan.FromSeconds(15));
        var declaredAfter = Stopwatch.GetElapsedTime(pausedAt);
        output.WriteLine($"The paused silo was declared dead after {declaredAfter.TotalMilliseconds:F0} ms (death timeout {DeathTimeout.TotalMilliseconds:F0} ms).");
        // At worst its last heartbeat was a period before the pause, and the sweeps that find it stale run once a period.
        Assert.True(declaredAfter < DeathTimeout + 2 * HeartbeatPeriod + TimeSpan.FromMilliseconds(500), $"Declared dead only after {declaredAfter}.");
        Assert.StartsWith("Dead|", (string?)await database.HashGetAsync($"sg:cluster:{options.ClusterId}:silos", paused.Address.ToString()).DefaultTimeout());
        Assert.False(paused.IsDead, "A paused silo cannot have heard it was declared dead.");
        Assert.Contains(paused.Address, paused.View.ActiveSilos);
        Assert.True(paused.Catalog.IsActive(Counter(contested)), "The paused silo keeps its activations.");

        // Act: the client's calls go to survivors, whose new activations read the newest state.
        foreach (var key in keys)
        {
            Assert.Equal(2, await cluster.Client.GetGrain<ICounterGrain>(key).IncrementAsync().DefaultTimeout());
        }

        Assert.Contains(survivors, s => s.Catalog.IsActive(Counter(contested)));

        // Act: the paused silo's own factory still routes to its stale twin, whose write must be refused.
        var error = await Record.ExceptionAsync(() => paused.GrainFactory.GetGrain<ICounterGrain>(contested).IncrementAsync().DefaultTimeout());
        output.WriteLine($"The stale twin's increment failed with {error?.GetType().Name}: {error?.Message}");
        Assert.True(error is InconsistentStateException or SiloUnavailableException, $"Expected the stale write to be refused, got {error?.ToString() ?? "success"}.");
        Assert.Equal(2, await cluster.Client.GetGrain<ICounterGrain>(contested).GetAsync().DefaultTimeout());
        Assert.Equal(2, await StoredCounter.ReadAsync(database, contested));

        // Act: resume it; it must learn it is dead and stop serving.
        paused.IsPaused = false;
        await Eventually.WaitUntilAsync(() => paused.IsDead, "the resumed silo learns it was declared dead", TimeSpan.FromSeconds(10));

        // Assert: it holds nothing, accepts no connection, and the cluster goes on without it.
        Assert.Equal(0, paused.Catalog.ActivationCount);
        await AssertRefusesConnectionsAsync(paused.Address.Port);
        foreach (var key in keys)
        {
            Assert.Equal(3, await cluster.Client.GetGrain<ICounterGrain>(key).IncrementAsync().DefaultTimeout());
            Assert.Equal(3, await StoredCounter.ReadAsync(database, key));
        }

        Assert.Equal(0, paused.Catalog.ActivationCount);
        await cluster.StopSiloAsync(paused).DefaultTimeout();
        await cluster.WaitForStableViewAsync().DefaultTimeout();
        CounterAudit.AssertEachGrainActiveOnceOnItsOwner(cluster);
    }

    private static GrainId Counter(string key) => new("counter", key);

    private static bool IsDeadIn(MembershipView view, TestSilo silo) => view.Find(silo.Address) is { Status: SiloStatus.Dead };

    /// <summary>Waits until the port refuses connections: the silo stops its listener right after it learns it is dead.</summary>
    private static Task AssertRefusesConnectionsAsync(int port) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var error = await Record.ExceptionAsync(() => socket.ConnectAsync(IPAddress.Loopback, port).DefaultTimeout());
                return error is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
            },
            "the dead silo's port refuses connections",
            TimeSpan.FromSeconds(5));
}
