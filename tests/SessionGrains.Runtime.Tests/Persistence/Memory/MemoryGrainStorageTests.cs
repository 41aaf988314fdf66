using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Persistence.Memory;
using SessionGrains.Runtime.Testing;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Persistence.Memory;

public sealed class MemoryGrainStorageTests
{
    private const string StateName = "state";
    private static readonly GrainId Grain = new("test-state", "memory");
    private readonly FakeTimeProvider _time = new();
    private readonly MemoryGrainStorage _storage;

    public MemoryGrainStorageTests() => _storage = new MemoryGrainStorage(_time);

    [Fact]
    public async Task Read_WithNoRecord_GivesNewStateWithoutEtag()
    {
        var state = await ReadAsync();

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(state.ExpiresAt);
        Assert.NotNull(state.State);
        Assert.Null(state.State.Value);
    }

    [Fact]
    public async Task Write_ThenRead_GivesStateAndNewEtag()
    {
        var written = await ReadAsync();
        written.State.Value = "v1";
        await WriteAsync(written);

        var read = await ReadAsync();

        Assert.True(read.RecordExists);
        Assert.NotNull(read.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("v1", read.State.Value);
        Assert.NotSame(written.State, read.State);
    }

    [Fact]
    public async Task Write_ThenChangeStateWithoutWriting_LeavesStoredRecordUnchanged()
    {
        var state = await ReadAsync();
        state.State.Value = "stored";
        await WriteAsync(state);

        state.State.Value = "changed in memory";

        Assert.Equal("stored", (await ReadAsync()).State.Value);
    }

    [Fact]
    public async Task Write_WithStaleEtag_ThrowsInconsistentStateExceptionAndKeepsNewerRecord()
    {
        // Arrange: two readers of the same record; the first writes.
        var first = await ReadAsync();
        var second = await ReadAsync();
        first.State.Value = "newer";
        await WriteAsync(first);

        // Act
        second.State.Value = "stale";
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(second));

        // Assert
        Assert.Equal(first.ETag, error.StoredEtag);
        Assert.Null(error.CurrentEtag);
        Assert.Equal("newer", (await ReadAsync()).State.Value);
    }

    [Fact]
    public async Task Write_WithEtagOfClearedRecord_ThrowsInconsistentStateException()
    {
        var writer = await ReadAsync();
        writer.State.Value = "v1";
        await WriteAsync(writer);
        var clearer = await ReadAsync();
        await ClearAsync(clearer);

        writer.State.Value = "v2";
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(writer));

        Assert.Null(error.StoredEtag);
        Assert.Equal(writer.ETag, error.CurrentEtag);
    }

    [Fact]
    public async Task Read_AfterExpiresAtPassed_FindsNoRecord()
    {
        // Arrange
        var expiresAt = _time.GetUtcNow() + TimeSpan.FromMinutes(10);
        var state = await ReadAsync();
        state.State.Value = "expiring";
        state.ExpiresAt = expiresAt;
        await WriteAsync(state);

        // Act / Assert: there until its expiry, gone at it.
        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var beforeExpiry = await ReadAsync();
        Assert.True(beforeExpiry.RecordExists);
        Assert.Equal("expiring", beforeExpiry.State.Value);
        Assert.Equal(expiresAt, beforeExpiry.ExpiresAt);

        _time.Advance(TimeSpan.FromTicks(1));
        var afterExpiry = await ReadAsync();
        Assert.False(afterExpiry.RecordExists);
        Assert.Null(afterExpiry.ETag);
        Assert.Null(afterExpiry.ExpiresAt);
        Assert.Null(afterExpiry.State.Value);
    }

    [Fact]
    public async Task Write_WithoutExpiresAt_KeepsRecordForever()
    {
        var state = await ReadAsync();
        state.State.Value = "forever";
        state.ExpiresAt = _time.GetUtcNow() + TimeSpan.FromMinutes(1);
        await WriteAsync(state);
        state.ExpiresAt = null;
        await WriteAsync(state);

        _time.Advance(TimeSpan.FromDays(365));

        var read = await ReadAsync();
        Assert.True(read.RecordExists);
        Assert.Null(read.ExpiresAt);
        Assert.Equal("forever", read.State.Value);
    }

    [Fact]
    public async Task Write_WithExpiresAtInPast_StoresNoRecordAndNextWriteSucceeds()
    {
        // Arrange
        var state = await ReadAsync();
        state.State.Value = "already expired";
        state.ExpiresAt = _time.GetUtcNow() - TimeSpan.FromSeconds(1);

        // Act
        await WriteAsync(state);

        // Assert: nothing is stored, so the writer holds no ETag, and writing again creates the record.
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False((await ReadAsync()).RecordExists);
        state.State.Value = "written again";
        state.ExpiresAt = null;
        await WriteAsync(state);
        Assert.Equal("written again", (await ReadAsync()).State.Value);
    }

    [Fact]
    public async Task Clear_WithCurrentEtag_DeletesRecordAndResetsState()
    {
        var state = await ReadAsync();
        state.State.Value = "to clear";
        state.ExpiresAt = _time.GetUtcNow() + TimeSpan.FromHours(1);
        await WriteAsync(state);

        await ClearAsync(state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(state.ExpiresAt);
        Assert.Null(state.State.Value);
        Assert.False((await ReadAsync()).RecordExists);
    }

    [Fact]
    public async Task Clear_WithStaleEtag_ThrowsInconsistentStateExceptionAndKeepsRecord()
    {
        var stale = await ReadAsync();
        var writer = await ReadAsync();
        writer.State.Value = "kept";
        await WriteAsync(writer);

        await Assert.ThrowsAsync<InconsistentStateException>(() => ClearAsync(stale));

        Assert.Equal("kept", (await ReadAsync()).State.Value);
    }

    private async Task<GrainState<StateGrainState>> ReadAsync()
    {
        var state = new GrainState<StateGrainState>(new StateGrainState());
        await _storage.ReadStateAsync(StateName, Grain, state, CancellationToken.None).DefaultTimeout();
        return state;
    }

    private Task WriteAsync(GrainState<StateGrainState> state) => _storage.WriteStateAsync(StateName, Grain, state, CancellationToken.None).DefaultTimeout();

    private Task ClearAsync(GrainState<StateGrainState> state) => _storage.ClearStateAsync(StateName, Grain, state, CancellationToken.None).DefaultTimeout();
}
