using SessionGrains.Runtime.Membership;

namespace SessionGrains.Cluster.Tests.Membership;

public sealed class InMemoryMembershipTableTests
{
    private static readonly SiloAddress SiloA = new("127.0.0.1", 11111, 1000);
    private static readonly SiloAddress SiloB = new("127.0.0.1", 11112, 1001);

    [Fact]
    public async Task Upsert_SameRulesAsRedis_VersionBumpsOnStatusChangeAndDeadStaysDead()
    {
        var table = new InMemoryMembershipTable();

        Assert.True(await table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 0), CancellationToken.None));
        Assert.True(await table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 1), CancellationToken.None));
        var one = await table.ReadViewAsync(CancellationToken.None);
        Assert.True(await table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Dead, long.MaxValue), CancellationToken.None));
        var dead = await table.ReadViewAsync(CancellationToken.None);

        Assert.Equal(1, one.Version);
        Assert.Equal(2, dead.Version);
        Assert.False(await table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 2), CancellationToken.None));
        Assert.Equal(HeartbeatResult.Dead, await table.HeartbeatAsync(SiloA, CancellationToken.None));
        Assert.Equal(HeartbeatResult.Missing, await table.HeartbeatAsync(SiloB, CancellationToken.None));
    }

    [Fact]
    public async Task Upsert_NewSiloThatAppliedALaterVersion_VersionJumpsPastIt()
    {
        var table = new InMemoryMembershipTable();

        await table.UpsertAsync(new MembershipEntry(SiloA, SiloStatus.Active, 7), CancellationToken.None);
        await table.UpsertAsync(new MembershipEntry(SiloB, SiloStatus.Active, 0), CancellationToken.None);

        Assert.Equal(9, (await table.ReadViewAsync(CancellationToken.None)).Version);
    }
}
