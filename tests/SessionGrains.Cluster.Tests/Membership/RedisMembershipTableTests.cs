using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Redis;
using StackExchange.Redis;

namespace SessionGrains.Cluster.Tests.Membership;

[Collection(RedisCollection.Name)]
public sealed class RedisMembershipTableTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(3);
    private static readonly SiloAddress SiloA = new("127.0.0.1", 11111, 1000);
    private static readonly SiloAddress SiloB = new("127.0.0.1", 11112, 1001);

    private readonly string _clusterId = "table-" + Guid.NewGuid().ToString("n")[..8];
    private RedisConnection _connection = null!;
    private RedisMembershipTable _table = null!;
    private ConnectionMultiplexer _inspector = null!;

    private string Root => $"sg:cluster:{_clusterId}";

    public async Task InitializeAsync()
    {
        _connection = new RedisConnection(Options.Create(new RedisConnectionOptions { Configuration = redis.ConnectionString }), NullLogger<RedisConnection>.Instance);
        _table = new RedisMembershipTable(_connection, "sg:", _clusterId);
        _inspector = await redis.Server.ConnectAsync().DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _inspector.Dispose();
    }

    [Fact]
    public async Task ReadView_EmptyCluster_IsVersionZeroWithNoSilos()
    {
        var view = await _table.ReadViewAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(0, view.Version);
        Assert.Empty(view.Entries);
    }

    [Fact]
    public async Task Upsert_StatusUnchanged_KeepsVersionButRecordsAppliedVersion()
    {
        Assert.True(await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 0), CancellationToken.None).DefaultTimeout());
        var joined = await ReadAsync();

        Assert.True(await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, joined.Version), CancellationToken.None).DefaultTimeout());
        var applied = await ReadAsync();

        Assert.Equal(1, joined.Version);
        Assert.Equal(joined.Version, applied.Version);
        Assert.Equal(new MembershipEntry(SiloA, SiloStatus.Active, 1), applied.Find(SiloA));
        Assert.True(applied.IsSettled);
    }

    [Fact]
    public async Task Upsert_NewSiloOrStatusChange_BumpsVersion()
    {
        await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 0), CancellationToken.None).DefaultTimeout();
        await _table.UpsertAsync(new MembershipEntry(SiloB, SiloStatus.Active, 0), CancellationToken.None).DefaultTimeout();
        var both = await ReadAsync();
        await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.ShuttingDown, both.Version), CancellationToken.None).DefaultTimeout();
        var leaving = await ReadAsync();

        Assert.Equal(2, both.Version);
        Assert.False(both.IsSettled);
        Assert.Equal(3, leaving.Version);
        Assert.Equal<SiloAddress>([SiloB], leaving.ActiveSilos);
        Assert.Equal(SiloStatus.ShuttingDown, leaving.Find(SiloA)!.Status);
    }

    [Fact]
    public async Task Upsert_SiloRejoiningAfterTheTableLostItsData_VersionJumpsPastWhatItHadApplied()
    {
        await JoinBothAsync();
        await Database.KeyDeleteAsync([Root + ":silos", Root + ":heartbeats", Root + ":version"]).DefaultTimeout();

        Assert.Equal(HeartbeatResult.Missing, await _table.HeartbeatAsync(SiloA, CancellationToken.None).DefaultTimeout());
        Assert.True(await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 7), CancellationToken.None).DefaultTimeout());
        var rejoined = await ReadAsync();
        Assert.True(await _table.UpsertAsync(new MembershipEntry(SiloB, SiloStatus.Active, 7), CancellationToken.None).DefaultTimeout());
        var both = await ReadAsync();

        Assert.Equal(8, rejoined.Version);
        Assert.Equal(9, both.Version);
        Assert.Equal<SiloAddress>([SiloA, SiloB], both.ActiveSilos);
    }

    [Fact]
    public async Task Heartbeat_UnknownSilo_ReturnsMissingAndWritesNothing()
    {
        var result = await _table.HeartbeatAsync(SiloA, CancellationToken.None).DefaultTimeout();

        Assert.Equal(HeartbeatResult.Missing, result);
        Assert.False(await Database.HashExistsAsync(Root + ":heartbeats", SiloA.ToString()).DefaultTimeout());
        Assert.Empty((await ReadAsync()).Entries);
    }

    [Fact]
    public async Task Heartbeat_LiveSilo_StampsRedisTime()
    {
        await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 0), CancellationToken.None).DefaultTimeout();
        await SetHeartbeatAsync(SiloA, TimeSpan.FromMinutes(-5));

        var result = await _table.HeartbeatAsync(SiloA, CancellationToken.None).DefaultTimeout();

        Assert.Equal(HeartbeatResult.Alive, result);
        var stamped = (long)await Database.HashGetAsync(Root + ":heartbeats", SiloA.ToString()).DefaultTimeout();
        Assert.InRange(await RedisNowMsAsync() - stamped, 0, 1000);
    }

    [Fact]
    public async Task Sweep_StaleSilo_DeclaresItDeadAndBumpsVersion()
    {
        await JoinBothAsync();
        Assert.Equal(0, await SweepAsync());
        var before = await ReadAsync();
        await SetHeartbeatAsync(SiloA, -2 * DeathTimeout);

        var declared = await SweepAsync();

        var after = await ReadAsync();
        Assert.Equal(1, declared);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(SiloStatus.Dead, after.Find(SiloA)!.Status);
        Assert.Equal<SiloAddress>([SiloB], after.ActiveSilos);
        Assert.Equal(0, await SweepAsync());
    }

    [Fact]
    public async Task Sweep_FreshHeartbeat_DeclaresNobody()
    {
        await JoinBothAsync();
        await SweepAsync();
        await SetHeartbeatAsync(SiloA, -DeathTimeout / 2);

        Assert.Equal(0, await SweepAsync());
        Assert.Equal(2, (await ReadAsync()).ActiveSilos.Length);
    }

    [Fact]
    public async Task Sweep_FirstAfterLongGap_DeclaresNobodyAndGivesEverySiloATimeout()
    {
        await JoinBothAsync();
        await SweepAsync();
        await SetHeartbeatAsync(SiloA, -2 * DeathTimeout);
        await Database.StringSetAsync(Root + ":lastsweep", await RedisNowMsAsync() - (long)(2 * DeathTimeout).TotalMilliseconds).DefaultTimeout();

        var afterGap = await SweepAsync();
        var next = await SweepAsync();
        await SetHeartbeatAsync(SiloA, -2 * DeathTimeout);
        var afterAnotherTimeout = await SweepAsync();

        Assert.Equal(0, afterGap);
        Assert.Equal(0, next);
        Assert.Equal(1, afterAnotherTimeout);
        Assert.Equal<SiloAddress>([SiloB], (await ReadAsync()).ActiveSilos);
    }

    [Fact]
    public async Task Sweep_VeryFirstOne_DeclaresNobody()
    {
        await JoinBothAsync();
        await SetHeartbeatAsync(SiloA, -2 * DeathTimeout);

        Assert.Equal(0, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        await SetHeartbeatAsync(SiloA, -2 * DeathTimeout);
        Assert.Equal(1, await SweepAsync());
    }

    [Fact]
    public async Task DeadSilo_HeartbeatAndUpsert_StayDead()
    {
        await JoinBothAsync();
        await SweepAsync();
        await SetHeartbeatAsync(SiloA, -2 * DeathTimeout);
        await SweepAsync();
        var dead = await ReadAsync();

        var heartbeat = await _table.HeartbeatAsync(SiloA, CancellationToken.None).DefaultTimeout();
        var rejoined = await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, dead.Version), CancellationToken.None).DefaultTimeout();

        Assert.Equal(HeartbeatResult.Dead, heartbeat);
        Assert.False(rejoined);
        var after = await ReadAsync();
        Assert.Equal(dead.Version, after.Version);
        Assert.Equal(SiloStatus.Dead, after.Find(SiloA)!.Status);
    }

    [Fact]
    public async Task Subscribe_StatusChange_NotifiesSubscriber()
    {
        using var unsubscribe = new CancellationTokenSource();
        var notified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _table.SubscribeAsync(() => notified.TrySetResult(), unsubscribe.Token).DefaultTimeout();

        await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 0), CancellationToken.None).DefaultTimeout();

        await notified.Task.DefaultTimeout();
    }

    private IDatabase Database => _inspector.GetDatabase();

    private Task<MembershipView> ReadAsync() => _table.ReadViewAsync(CancellationToken.None).DefaultTimeout();

    private Task<int> SweepAsync() => _table.DeclareStaleSilosDeadAsync(DeathTimeout, CancellationToken.None).DefaultTimeout();

    private async Task JoinBothAsync()
    {
        Assert.True(await _table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 0), CancellationToken.None).DefaultTimeout());
        Assert.True(await _table.UpsertAsync(new MembershipEntry(SiloB, SiloStatus.Active, 0), CancellationToken.None).DefaultTimeout());
    }

    /// <summary>Backdates a heartbeat on Redis's own clock, which is the only clock the table trusts.</summary>
    private async Task SetHeartbeatAsync(SiloAddress silo, TimeSpan age) =>
        await Database.HashSetAsync(Root + ":heartbeats", silo.ToString(), await RedisNowMsAsync() + (long)age.TotalMilliseconds).DefaultTimeout();

    private async Task<long> RedisNowMsAsync()
    {
        var server = _inspector.GetServer(_inspector.GetEndPoints()[0]);
        var now = await server.TimeAsync().DefaultTimeout();
        return new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
    }
}
