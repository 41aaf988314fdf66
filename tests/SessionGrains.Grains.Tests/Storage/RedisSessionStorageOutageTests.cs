using Orleans.Storage;
using SessionGrains.Grains.Storage;

namespace SessionGrains.Grains.Tests.Storage;

/// <summary>
/// Redis goes away under <see cref="RedisSessionStorage"/>: reads and writes fail with a
/// <see cref="SessionStorageException"/> that says what failed, and work again once Redis is back. A Redis of its own,
/// so that stopping it disturbs no other test.
/// </summary>
public sealed class RedisSessionStorageOutageTests
{
    [Fact]
    public async Task ReadAndWrite_WhileRedisIsStopped_ThrowSessionStorageException_AndWorkAgainAfterRestart()
    {
        // Arrange
        await using var redis = await RedisServer.StartAsync();
        await using var harness = await SessionStorageHarness.StartAsync(redis);
        var grainId = SessionStorageHarness.NewSessionId();
        var state = new GrainState<SessionState> { State = SessionStorageHarness.NewState() };
        await harness.WriteAsync(grainId, state);

        // Act
        await redis.StopAsync();
        var failedWrite = await Assert.ThrowsAsync<SessionStorageException>(() => harness.WriteAsync(grainId, state));
        var failedRead = await Assert.ThrowsAsync<SessionStorageException>(() => harness.ReadAsync(grainId));

        // Assert: the messages say what failed and why; the cause is kept; the failures are logged
        Assert.StartsWith($"Redis failed the write of session of {grainId}: ", failedWrite.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Redis failed the read of session of {grainId}: ", failedRead.Message, StringComparison.Ordinal);
        // The Redis exception is named in the message, not carried: Orleans could not serialize it to the caller.
        Assert.Null(failedWrite.InnerException);
        Assert.Contains("Redis", failedWrite.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Logs.WithEventName("SessionStorageFailed").Count);

        // Act: Redis comes back on the same port (empty: it keeps nothing on disk)
        await redis.StartAsync();
        var fresh = new GrainState<SessionState> { State = SessionStorageHarness.NewState() };
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    await harness.WriteAsync(grainId, fresh);
                    return true;
                }
                catch (SessionStorageException)
                {
                    return false;
                }
            },
            "a write succeeded after Redis restarted");

        // Assert
        var read = await harness.ReadAsync(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal(fresh.ETag, read.ETag);
        Assert.Equal(fresh.State!.PublicId, read.State!.PublicId);
    }
}
