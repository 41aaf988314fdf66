using Orleans.Runtime.Messaging;

namespace SessionGrains.Grains.Tests.Calls;

/// <summary>
/// The client's retry filter in a real cluster: a failure injected inside it, before the call leaves the client, is
/// retried for an [Idempotent] method and for a call that never left; a maybe-run call of a non-idempotent method
/// reaches the caller, and runs nowhere.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class IdempotentRetryClusterTests(RedisClusterFixture fixture)
{
    private readonly SessionClient _client = new(fixture.Grains.Client, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));

    [Fact]
    public async Task IdempotentLoad_FailingTwiceWithSiloUnavailable_IsRetriedAndAnswers()
    {
        // Arrange
        var session = await _client.CreateAsync();
        fixture.Faults.Arm(session.GrainKey, nameof(ISessionGrain.LoadAsync), new SiloUnavailableException("injected"), new TimeoutException("injected"));
        var mark = fixture.Grains.Logs.Mark();

        // Act
        var loaded = await _client.LoadAsync(session);

        // Assert
        Assert.NotNull(loaded);
        Assert.Equal(3, fixture.Faults.Attempts(session.GrainKey, nameof(ISessionGrain.LoadAsync)));
        Assert.Equal(1, fixture.Faults.Sent(session.GrainKey, nameof(ISessionGrain.LoadAsync)));
        Assert.Equal(2, fixture.Grains.Logs.Since(mark).Count(e => e.EventId.Name == "GrainCallRetry" && e.Message.Contains(nameof(ISessionGrain.LoadAsync), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task NonIdempotentIncrement_FailingWithSiloUnavailable_IsNotRetriedAndDoesNotRun()
    {
        // Arrange
        var session = await _client.CreateAsync();
        Assert.Equal(1, await _client.IncrementAsync(session, "n"));
        fixture.Faults.Arm(session.GrainKey, nameof(ISessionGrain.IncrementAsync), new SiloUnavailableException("injected"));

        // Act
        var thrown = await Assert.ThrowsAsync<SiloUnavailableException>(() => _client.IncrementAsync(session, "n"));

        // Assert: one attempt, the failure reached the caller, and the count is unchanged
        Assert.Contains("injected", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Faults.Attempts(session.GrainKey, nameof(ISessionGrain.IncrementAsync)));
        Assert.Equal(1, fixture.Faults.Sent(session.GrainKey, nameof(ISessionGrain.IncrementAsync)));
        Assert.Equal("1", (await _client.LoadAsync(session))!.Data["n"]);
    }

    [Fact]
    public async Task NonIdempotentIncrement_WhoseConnectionFailedBeforeSending_IsRetriedAndRunsOnce()
    {
        // Arrange
        var session = await _client.CreateAsync();
        fixture.Faults.Arm(session.GrainKey, nameof(ISessionGrain.IncrementAsync), new ConnectionFailedException("injected"));

        // Act
        var sum = await _client.IncrementAsync(session, "n");

        // Assert
        Assert.Equal(1, sum);
        Assert.Equal(2, fixture.Faults.Attempts(session.GrainKey, nameof(ISessionGrain.IncrementAsync)));
        Assert.Equal("1", (await _client.LoadAsync(session))!.Data["n"]);
    }

    [Fact]
    public async Task IdempotentLoad_FailingWithAnApplicationError_IsNotRetried()
    {
        // Arrange
        var session = await _client.CreateAsync();
        fixture.Faults.Arm(session.GrainKey, nameof(ISessionGrain.LoadAsync), new InvalidOperationException("injected"));

        // Act / Assert
        await Assert.ThrowsAsync<InvalidOperationException>(() => _client.LoadAsync(session));
        Assert.Equal(1, fixture.Faults.Attempts(session.GrainKey, nameof(ISessionGrain.LoadAsync)));
        Assert.Equal(0, fixture.Faults.Sent(session.GrainKey, nameof(ISessionGrain.LoadAsync)));
    }
}
