using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Activations;

public sealed class GrainActivationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConcurrentCalls_ToOneGrain_RunOneTurnAtATimeInArrivalOrder(bool alreadyActive)
    {
        // Arrange: an active, idle grain runs the first call inline up to its first await, and the rest queue behind it
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<SequenceGrain>());
        var grain = host.GrainFactory.GetGrain<ISequenceGrain>("sequence");
        if (alreadyActive)
        {
            await grain.GetReportAsync().DefaultTimeout();
        }

        // Act: no call is awaited before the last is issued; each is queued synchronously, in call order.
        var calls = new Task[1000];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = grain.RecordAsync(i);
        }

        await Task.WhenAll(calls).DefaultTimeout();
        var report = await grain.GetReportAsync().DefaultTimeout();

        // Assert
        Assert.Equal(Enumerable.Range(0, 1000), report.Values);
        Assert.Equal(1, report.MaxConcurrency);
        Assert.Equal(1, host.Catalog.ActivationCount);
    }

    [Fact]
    public async Task ConcurrentCalls_ToDifferentGrains_EachSeeOnlyTheirOwnTurns()
    {
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<SequenceGrain>());
        var grains = Enumerable.Range(0, 4).Select(i => host.GrainFactory.GetGrain<ISequenceGrain>($"sequence-{i}")).ToArray();

        var calls = new List<Task>();
        for (var i = 0; i < 250; i++)
        {
            calls.AddRange(grains.Select(g => g.RecordAsync(i)));
        }

        await Task.WhenAll(calls).DefaultTimeout();

        foreach (var grain in grains)
        {
            var report = await grain.GetReportAsync().DefaultTimeout();
            Assert.Equal(Enumerable.Range(0, 250), report.Values);
            Assert.Equal(1, report.MaxConcurrency);
        }

        Assert.Equal(4, host.Catalog.ActivationCount);
    }
}
