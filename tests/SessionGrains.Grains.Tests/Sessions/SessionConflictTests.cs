using Orleans.Storage;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// The session's record vanishes under its live activation (a TTL, a FLUSHALL, a failover that lost it): the next write
/// conflicts, the conflict escapes so Orleans drops the activation, and the next call reads again and finds the
/// session ended. Nothing recreates the record from memory.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SessionConflictTests(RedisClusterFixture fixture)
{
    [Fact]
    public async Task Session_WhoseKeyIsDeletedUnderItsActivation_EndsAndIsNotRecreated()
    {
        // Arrange
        var records = fixture.Records;
        var client = new SessionClient(fixture.Grains.Client, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));
        var session = await client.CreateAsync();
        Assert.NotNull(await client.SetAsync(session, "cart", "3 items"));
        Assert.NotNull(fixture.Grains.SiloHosting(GrainsCluster.SessionId(session)));
        var key = records.SessionKey(session.GrainKey);
        Assert.True(await records.Database.KeyDeleteAsync(key).DefaultTimeout());

        // Act: the next write conflicts, and the caller is told
        await Assert.ThrowsAsync<InconsistentStateException>(() => client.IncrementAsync(session, "n"));

        // Assert: the next requests read again and find no session; the key stays gone
        Assert.Null(await client.LoadAsync(session));
        Assert.Null(await client.IncrementAsync(session, "n"));
        Assert.Null(await client.SetAsync(session, "cart", "stolen"));
        Assert.False(await records.Database.KeyExistsAsync(key).DefaultTimeout());
        Assert.Contains(fixture.Grains.Logs.Entries, e => e.EventId.Name == "SessionStorageConflict" && e.Message.Contains(session.GrainKey, StringComparison.Ordinal));
    }
}
