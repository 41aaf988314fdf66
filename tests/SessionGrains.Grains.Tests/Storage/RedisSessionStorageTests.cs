using System.Globalization;
using System.Text;
using Orleans.Storage;
using SessionGrains.Grains.Storage;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests.Storage;

/// <summary>
/// <see cref="RedisSessionStorage"/> on a real redis-server: one string per state (ETag, then the Orleans-serialized
/// state), a compare-and-set on the ETag, the record's expiry from <see cref="IExpiringState.ExpiresAt"/>, one command a write.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSessionStorageTests(RedisFixture redis) : IAsyncLifetime
{
    private SessionStorageHarness? _harness;

    private SessionStorageHarness H => _harness!;

    public async Task InitializeAsync() => _harness = await SessionStorageHarness.StartAsync(redis.Server);

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task Write_ThenRead_GivesBackEveryFieldAndTheETag()
    {
        // Arrange
        var grainId = SessionStorageHarness.NewSessionId();
        var written = new GrainState<SessionState> { State = SessionStorageHarness.NewState() };
        written.State!.Ended = SessionEndReason.Revoked;

        // Act
        await H.WriteAsync(grainId, written);
        var read = await H.ReadAsync(grainId);

        // Assert
        Assert.True(written.RecordExists);
        Assert.Equal(StoredRecords.EtagLength, written.ETag?.Length);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equivalent(written.State, read.State, strict: true);
        var raw = (byte[])(await H.Database.StringGetAsync(H.Key(grainId)))!;
        Assert.Equal(written.ETag, Encoding.ASCII.GetString(raw, 0, StoredRecords.EtagLength));
    }

    [Fact]
    public async Task Read_OfNoRecord_GivesADefaultStateWithoutETag()
    {
        var read = await H.ReadAsync(SessionStorageHarness.NewSessionId());

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Equal("", read.State!.PublicId);
    }

    [Fact]
    public async Task Write_WithAStaleETag_ThrowsInconsistentStateAndOverwritesNothing()
    {
        // Arrange: two readers of one record; the second writes first
        var grainId = SessionStorageHarness.NewSessionId();
        await H.WriteAsync(grainId, new GrainState<SessionState> { State = SessionStorageHarness.NewState() });
        var first = await H.ReadAsync(grainId);
        var second = await H.ReadAsync(grainId);
        second.State!.Data = new() { ["winner"] = "second" };
        await H.WriteAsync(grainId, second);
        var staleETag = first.ETag;
        first.State!.Data = new() { ["winner"] = "first" };

        // Act
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => H.WriteAsync(grainId, first));

        // Assert: the second writer's record is intact, and the conflict names both ETags
        Assert.Equal(staleETag, first.ETag);
        Assert.Equal(second.ETag, conflict.StoredEtag);
        Assert.Equal(staleETag, conflict.CurrentEtag);
        var stored = await H.ReadAsync(grainId);
        Assert.Equal(second.ETag, stored.ETag);
        Assert.Equal("second", stored.State!.Data!["winner"]);
        Assert.Single(H.Logs.WithEventName("SessionStorageConflict"));
    }

    [Fact]
    public async Task Write_OfAMissingRecordWithAnETag_ConflictsAndCreatesNothing()
    {
        // Arrange: the state was read once, then its key went (a TTL, a FLUSHALL, a failover)
        var grainId = SessionStorageHarness.NewSessionId();
        var state = new GrainState<SessionState> { State = SessionStorageHarness.NewState() };
        await H.WriteAsync(grainId, state);
        Assert.True(await H.Database.KeyDeleteAsync(H.Key(grainId)).DefaultTimeout());

        // Act
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => H.WriteAsync(grainId, state));

        // Assert
        Assert.Null(conflict.StoredEtag);
        Assert.False(await H.Database.KeyExistsAsync(H.Key(grainId)).DefaultTimeout());
    }

    [Fact]
    public async Task Write_AsNewOverAnExistingRecord_Conflicts()
    {
        var grainId = SessionStorageHarness.NewSessionId();
        var existing = new GrainState<SessionState> { State = SessionStorageHarness.NewState() };
        await H.WriteAsync(grainId, existing);

        await Assert.ThrowsAsync<InconsistentStateException>(() => H.WriteAsync(grainId, new GrainState<SessionState> { State = SessionStorageHarness.NewState() }));

        Assert.Equal(existing.ETag, (await H.ReadAsync(grainId)).ETag);
    }

    [Fact]
    public async Task Clear_WithTheCurrentETag_DeletesTheKey_AndWithAStaleOneConflicts()
    {
        // Arrange
        var grainId = SessionStorageHarness.NewSessionId();
        var state = new GrainState<SessionState> { State = SessionStorageHarness.NewState() };
        await H.WriteAsync(grainId, state);
        var stale = new GrainState<SessionState> { State = state.State, ETag = state.ETag, RecordExists = true };
        await H.WriteAsync(grainId, state);

        // Act / Assert: a stale clear changes nothing
        await Assert.ThrowsAsync<InconsistentStateException>(() => H.Storage.ClearStateAsync(SessionGrain.StateName, grainId, stale).DefaultTimeout());
        Assert.True(await H.Database.KeyExistsAsync(H.Key(grainId)).DefaultTimeout());

        // Act / Assert: the current one deletes the key
        await H.Storage.ClearStateAsync(SessionGrain.StateName, grainId, state).DefaultTimeout();
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False(await H.Database.KeyExistsAsync(H.Key(grainId)).DefaultTimeout());
        Assert.False((await H.ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task Write_SetsTheKeysExpiryToExpiresAt_AndANullExpiryRemovesIt()
    {
        // Arrange
        var grainId = SessionStorageHarness.NewSessionId();
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 3_600_123);
        var state = new GrainState<SessionState> { State = SessionStorageHarness.NewState(expiresAt) };

        // Act / Assert: PXAT to the millisecond
        await H.WriteAsync(grainId, state);
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), await StoredRecords.ExpireTimeAsync(H.Database, H.Key(grainId)));

        // Act / Assert: a later deadline moves it
        state.State!.ExpiresAt = expiresAt.AddMinutes(5);
        await H.WriteAsync(grainId, state);
        Assert.Equal(expiresAt.AddMinutes(5).ToUnixTimeMilliseconds(), await StoredRecords.ExpireTimeAsync(H.Database, H.Key(grainId)));

        // Act / Assert: no deadline, no expiry
        state.State!.ExpiresAt = null;
        await H.WriteAsync(grainId, state);
        Assert.Equal(-1, await StoredRecords.ExpireTimeAsync(H.Database, H.Key(grainId)));
    }

    [Fact]
    public async Task Write_IsOneRedisCommand()
    {
        // Arrange: the script is cached by a first write
        var grainId = SessionStorageHarness.NewSessionId();
        var state = new GrainState<SessionState> { State = SessionStorageHarness.NewState(DateTimeOffset.UtcNow.AddHours(1)) };
        await H.WriteAsync(grainId, state);
        var server = H.Connection.GetServer(H.Connection.GetEndPoints().Single());
        var before = await CommandCallsAsync(server);

        // Act
        const int Writes = 5;
        for (var i = 0; i < Writes; i++)
        {
            state.State!.LastSeenAt++;
            await H.WriteAsync(grainId, state);
        }

        // Assert: one script per write; inside it one read of the ETag and one SET, nothing else
        var after = await CommandCallsAsync(server);
        var delta = after.Keys.Union(before.Keys)
            .Select(name => (Name: name, Calls: after.GetValueOrDefault(name) - before.GetValueOrDefault(name)))
            .Where(c => c.Calls != 0 && c.Name is not ("info" or "ping" or "echo"))
            .ToDictionary(c => c.Name, c => c.Calls);
        Assert.Equal(Writes, delta.GetValueOrDefault("evalsha") + delta.GetValueOrDefault("eval"));
        Assert.Equal(Writes, delta.GetValueOrDefault("getrange"));
        Assert.Equal(Writes, delta.GetValueOrDefault("set"));
        Assert.Equal(3 * Writes, delta.Values.Sum());
    }

    [Fact]
    public async Task Read_OfAShortRecord_ThrowsSessionStorageExceptionSayingItIsDamaged()
    {
        var grainId = SessionStorageHarness.NewSessionId();
        await H.Database.StringSetAsync(H.Key(grainId), "0123456789").DefaultTimeout();

        var thrown = await Assert.ThrowsAsync<SessionStorageException>(() => H.ReadAsync(grainId));

        Assert.Contains("damaged", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(grainId.ToString(), thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public async Task Read_OfARecordWithADamagedState_ThrowsSessionStorageExceptionSayingItIsDamaged(string damage)
    {
        // Arrange: a valid ETag followed by a state that is not what was written
        var grainId = SessionStorageHarness.NewSessionId();
        await H.WriteAsync(grainId, new GrainState<SessionState> { State = SessionStorageHarness.NewState() });
        var raw = (byte[])(await H.Database.StringGetAsync(H.Key(grainId)).DefaultTimeout())!;
        byte[] damaged = damage == "truncated"
            ? raw[..(StoredRecords.EtagLength + ((raw.Length - StoredRecords.EtagLength) / 2))]
            : [.. raw[..StoredRecords.EtagLength], .. Enumerable.Range(0, 64).Select(i => (byte)(0xF7 ^ i))];
        await H.Database.StringSetAsync(H.Key(grainId), damaged).DefaultTimeout();

        // Act
        var thrown = await Assert.ThrowsAsync<SessionStorageException>(() => H.ReadAsync(grainId));

        // Assert
        Assert.Contains("damaged", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(grainId.ToString(), thrown.Message, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, long>> CommandCallsAsync(IServer server)
    {
        var info = await server.InfoAsync("commandstats").DefaultTimeout();
        return info.SelectMany(group => group)
            .Where(pair => pair.Key.StartsWith("cmdstat_", StringComparison.Ordinal))
            .ToDictionary(
                pair => pair.Key["cmdstat_".Length..],
                pair => long.Parse(pair.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
    }
}
