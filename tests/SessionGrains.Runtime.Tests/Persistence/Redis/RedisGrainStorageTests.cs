using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Persistence.Redis;
using SessionGrains.Runtime.Serialization;
using SessionGrains.Runtime.Tests.Grains;
using StackExchange.Redis;

namespace SessionGrains.Runtime.Tests.Persistence.Redis;

/// <summary>Grain state in a real redis-server, shared by the collection; each test uses its own grain keys.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisGrainStorageTests(RedisFixture redis)
{
    [Fact]
    public async Task State_WrittenThenHostRestarted_IsReadBack()
    {
        // Arrange
        var key = NewKey();
        await using (var first = await StartHostAsync())
        {
            await first.GrainFactory.GetGrain<IStateGrain>(key).SetAsync("persisted", null).DefaultTimeout();
        }

        // Act
        await using var second = await StartHostAsync();
        var value = await second.GrainFactory.GetGrain<IStateGrain>(key).GetAsync().DefaultTimeout();

        // Assert
        Assert.Equal("persisted", value);
    }

    [Fact]
    public async Task Write_FromStaleActivationOnOtherRuntime_ThrowsInconsistentStateExceptionAndDropsIt()
    {
        // Arrange: two runtimes on one Redis each activate the grain at the same version.
        var key = NewKey();
        var grainId = new GrainId("test-state", key);
        await using var first = await StartHostAsync();
        await using var second = await StartHostAsync();
        var onFirst = first.GrainFactory.GetGrain<IStateGrain>(key);
        var onSecond = second.GrainFactory.GetGrain<IStateGrain>(key);
        await onFirst.SetAsync("v1", null).DefaultTimeout();
        Assert.Equal("v1", await onSecond.GetAsync().DefaultTimeout());
        await onFirst.SetAsync("v2", null).DefaultTimeout();

        // Act
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => onSecond.SetAsync("stale", null).DefaultTimeout());

        // Assert: the newer state survives, and the stale activation is dropped so its next call reads it.
        Assert.NotNull(error.StoredEtag);
        Assert.NotNull(error.CurrentEtag);
        Assert.NotEqual(error.StoredEtag, error.CurrentEtag);
        Assert.Equal("v2", await ReadStoredValueAsync(first, key));
        await Eventually.WaitUntilAsync(() => !second.Catalog.IsActive(grainId), "the stale activation is dropped");
        Assert.Equal("v2", await onSecond.GetAsync().DefaultTimeout());
        await onSecond.SetAsync("v3", null).DefaultTimeout();
        Assert.Equal("v3", await ReadStoredValueAsync(first, key));
    }

    [Fact]
    public async Task Write_WithExpiresAt_BecomesKeyTtlAndWriteWithoutItClearsTtl()
    {
        // Arrange
        var key = NewKey();
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<IStateGrain>(key);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds());
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var database = connection.GetDatabase();
        var storageKey = StorageKey(host, key);

        // Act
        await grain.SetAsync("expiring", expiresAt).DefaultTimeout();

        // Assert
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), (long)await database.ExecuteAsync("PEXPIRETIME", storageKey).DefaultTimeout());
        Assert.InRange((long)await database.ExecuteAsync("PTTL", storageKey).DefaultTimeout(), 1, (long)TimeSpan.FromMinutes(10).TotalMilliseconds);

        await grain.SetAsync("forever", null).DefaultTimeout();
        Assert.Equal(-1, (long)await database.ExecuteAsync("PTTL", storageKey).DefaultTimeout());
        Assert.Equal("forever", await ReadStoredValueAsync(host, key));
    }

    [Fact]
    public async Task Read_OfRecordWithExpiry_RestoresExpiresAt()
    {
        var key = NewKey();
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds());
        await using (var first = await StartHostAsync())
        {
            await first.GrainFactory.GetGrain<IStateGrain>(key).SetAsync("expiring", expiresAt).DefaultTimeout();
        }

        await using var second = await StartHostAsync();

        Assert.Equal(expiresAt, await second.GrainFactory.GetGrain<IStateGrain>(key).GetExpiresAtAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Write_WithExpiresAtInPast_DeletesKeyAndNextWriteSucceeds()
    {
        var key = NewKey();
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<IStateGrain>(key);
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();

        await grain.SetAsync("already expired", DateTimeOffset.UtcNow.AddMinutes(-1)).DefaultTimeout();

        Assert.False(await connection.GetDatabase().KeyExistsAsync(StorageKey(host, key)).DefaultTimeout());
        await grain.SetAsync("written again", null).DefaultTimeout();
        Assert.Equal("written again", await ReadStoredValueAsync(host, key));
    }

    [Fact]
    public async Task Clear_OfWrittenState_DeletesKey()
    {
        var key = NewKey();
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<IStateGrain>(key);
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var storageKey = StorageKey(host, key);
        await grain.SetAsync("to clear", DateTimeOffset.UtcNow.AddMinutes(5)).DefaultTimeout();
        Assert.True(await connection.GetDatabase().KeyExistsAsync(storageKey).DefaultTimeout());

        await grain.ClearAsync().DefaultTimeout();

        Assert.False(await connection.GetDatabase().KeyExistsAsync(storageKey).DefaultTimeout());
        Assert.Null(await grain.GetAsync().DefaultTimeout());
        Assert.Null(await grain.GetExpiresAtAsync().DefaultTimeout());
    }

    private static string NewKey() => "redis-" + Guid.NewGuid().ToString("n");

    private static RedisKey StorageKey(RuntimeHost host, string key) =>
        ((RedisGrainStorage)host.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageDefaults.DefaultStorageName))
            .GetKey("state", new GrainId("test-state", key));

    private Task<RuntimeHost> StartHostAsync() => RuntimeHost.StartAsync(
        r => r.AddGrain<StateGrain>().AddRedisGrainStorage(),
        configuration: new Dictionary<string, string?> { ["SessionGrains:Redis"] = redis.ConnectionString });

    private async Task<string?> ReadStoredValueAsync(RuntimeHost host, string key)
    {
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var record = await connection.GetDatabase().StringGetAsync(StorageKey(host, key)).DefaultTimeout();
        return GrainSerializer.Deserialize<StateGrainState>(RedisGrainStorage.DataOf((byte[])record!))?.Value;
    }
}
