using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Testing;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Invocation;

public sealed class GrainCallTimeoutTests
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly CallGate _gate = new();

    [Fact]
    public async Task Call_ThatNeverCompletes_FailsWithGrainCallTimeoutExceptionAfterResponseTimeout()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ISlowGrain>("hung");
        try
        {
            var call = grain.WaitAtGateAsync();
            await _gate.WaitUntilEnteredAsync().DefaultTimeout();

            // Act / Assert: nothing just before the timeout, a timeout exactly at it.
            _time.Advance(ResponseTimeout - TimeSpan.FromTicks(1));
            Assert.False(call.IsCompleted);
            _time.Advance(TimeSpan.FromTicks(1));
            var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.DefaultTimeout());
            Assert.Contains("ISlowGrain.WaitAtGateAsync", error.Message);
            Assert.Contains("test-slow/hung", error.Message);
            Assert.Contains(ResponseTimeout.ToString(), error.Message);
        }
        finally
        {
            _gate.Open();
        }

        // The timed-out turn ends when the grain lets it; the activation then serves calls again.
        Assert.Equal("pong", await grain.PingAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Call_WhoseTokenIsCancelled_IsCancelledAndGrainObservesIt()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ISlowGrain>("cancelled");
        using var cts = new CancellationTokenSource();
        var call = grain.WaitForCancellationAsync(cts.Token);
        await _gate.WaitUntilEnteredAsync().DefaultTimeout();

        // Act
        await cts.CancelAsync().DefaultTimeout();

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.DefaultTimeout());
        Assert.True(call.IsCanceled);
        Assert.Equal("pong", await grain.PingAsync().DefaultTimeout());
        Assert.Contains("observed-cancellation", _gate.Events);
    }

    [Fact]
    public async Task QueuedCall_CancelledBeforeItRuns_IsCancelledAtOnceAndNeverRuns()
    {
        // Arrange: a turn holds the grain, so the next call waits in the queue.
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ISlowGrain>("queued");
        var blocking = grain.WaitAtGateAsync();
        try
        {
            await _gate.WaitUntilEnteredAsync().DefaultTimeout();
            using var cts = new CancellationTokenSource();
            var queued = grain.RecordAsync("queued", cts.Token);

            // Act
            await cts.CancelAsync().DefaultTimeout();

            // Assert: cancelled while the grain is still busy; once free, the grain never runs it.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.DefaultTimeout());
            Assert.False(blocking.IsCompleted);
        }
        finally
        {
            _gate.Open();
        }

        await blocking.DefaultTimeout();
        Assert.Equal("pong", await grain.PingAsync().DefaultTimeout());
        Assert.DoesNotContain("queued", _gate.Events);
    }

    [Fact]
    public async Task Call_WithAlreadyCancelledToken_IsCancelledWithoutRunning()
    {
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ISlowGrain>("precancelled");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.RecordAsync("never", new CancellationToken(canceled: true)).DefaultTimeout());

        Assert.Equal("pong", await grain.PingAsync().DefaultTimeout());
        Assert.DoesNotContain("never", _gate.Events);
    }

    private Task<RuntimeHost> StartHostAsync() => RuntimeHost.StartAsync(
        r => r.AddGrain<SlowGrain>(),
        _time,
        new Dictionary<string, string?> { ["SessionGrains:Runtime:ResponseTimeout"] = ResponseTimeout.ToString() },
        s => s.AddSingleton(_gate));
}
