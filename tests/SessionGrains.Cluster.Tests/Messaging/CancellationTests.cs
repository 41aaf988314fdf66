using System.Diagnostics;
using SessionGrains.Cluster.Tests.Grains;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Messaging;

[Collection(RedisCollection.Name)]
public sealed class CancellationTests(RedisFixture redis, ITestOutputHelper output)
{
    private const int GrainWaitMs = 20_000;

    [Fact]
    public async Task RemoteCall_CallerCancels_CallerFailsAtOnceAndTheGrainStopsWaiting()
    {
        // Arrange
        var options = ClusterSetup.CreateOptions(redis, silos: 2, output: output);
        options.ConfigureSilo = runtime => runtime.AddGrain<WaitingGrain>();
        await using var cluster = await ClusterSetup.StartAsync(options, output);
        var grain = cluster.Client.GetGrain<IWaitingGrain>(ClusterSetup.UniqueKeys("cancel", 1)[0]);
        Assert.Equal(1, await grain.PingAsync().DefaultTimeout());
        using var cancellation = new CancellationTokenSource();

        // Act
        var waiting = grain.WaitAsync(GrainWaitMs, cancellation.Token);
        var started = Stopwatch.GetTimestamp();
        await cancellation.CancelAsync();
        var error = await Record.ExceptionAsync(() => waiting.DefaultTimeout());
        var callerFailedAfter = Stopwatch.GetElapsedTime(started);
        Assert.Equal(1, await grain.PingAsync().DefaultTimeout());
        var grainFreeAfter = Stopwatch.GetElapsedTime(started);

        // Assert: the caller is released at once; the silo hears of it and the grain's turn ends, not after 20 s.
        output.WriteLine($"Caller failed after {callerFailedAfter.TotalMilliseconds:F0} ms; the grain took calls again after {grainFreeAfter.TotalMilliseconds:F0} ms.");
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.True(callerFailedAfter < TimeSpan.FromSeconds(1), $"The cancelled caller waited {callerFailedAfter}.");
        Assert.True(grainFreeAfter < TimeSpan.FromSeconds(5), $"The grain kept waiting for the cancelled call: the next call ran after {grainFreeAfter}.");
    }

    [Fact]
    public async Task RemoteCall_TokenAlreadyCancelled_FailsWithoutRunning()
    {
        var options = ClusterSetup.CreateOptions(redis, silos: 2, output: output);
        options.ConfigureSilo = runtime => runtime.AddGrain<WaitingGrain>();
        await using var cluster = await ClusterSetup.StartAsync(options, output);
        var grain = cluster.Client.GetGrain<IWaitingGrain>(ClusterSetup.UniqueKeys("cancelled", 1)[0]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.WaitAsync(GrainWaitMs, new CancellationToken(canceled: true)).DefaultTimeout());

        Assert.Equal(0, cluster.Silos.Sum(s => s.Catalog.ActivationCount));
    }
}
