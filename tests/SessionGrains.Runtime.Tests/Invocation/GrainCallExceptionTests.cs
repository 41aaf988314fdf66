using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Invocation;

public sealed class GrainCallExceptionTests
{
    [Fact]
    public async Task Call_ThatThrowsSynchronously_FailsWithSameExceptionAndActivationSurvives()
    {
        // Arrange
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<FaultyGrain>());
        var grain = host.GrainFactory.GetGrain<IFaultyGrain>("faulty");
        Assert.Equal(1, await grain.IncrementAsync().DefaultTimeout());
        var instance = await grain.GetInstanceIdAsync().DefaultTimeout();

        // Act
        var error = await Assert.ThrowsAsync<TestGrainException>(() => grain.FailSynchronouslyAsync("thrown before any await").DefaultTimeout());

        // Assert: same type and message; the activation and its in-memory state are kept.
        Assert.Equal("thrown before any await", error.Message);
        Assert.Equal(2, await grain.IncrementAsync().DefaultTimeout());
        Assert.Equal(instance, await grain.GetInstanceIdAsync().DefaultTimeout());
        Assert.Equal(1, host.Catalog.ActivationCount);
    }

    [Fact]
    public async Task Call_ThatThrowsAfterAwait_FailsWithSameExceptionAndActivationSurvives()
    {
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<FaultyGrain>());
        var grain = host.GrainFactory.GetGrain<IFaultyGrain>("faulty");
        Assert.Equal(1, await grain.IncrementAsync().DefaultTimeout());
        var instance = await grain.GetInstanceIdAsync().DefaultTimeout();

        var error = await Assert.ThrowsAsync<TestGrainException>(() => grain.FailAfterAwaitAsync("thrown mid-turn").DefaultTimeout());

        Assert.Equal("thrown mid-turn", error.Message);
        Assert.Equal(2, await grain.IncrementAsync().DefaultTimeout());
        Assert.Equal(instance, await grain.GetInstanceIdAsync().DefaultTimeout());
    }

    [Fact]
    public async Task FailingCall_AmongQueuedCalls_FailsAloneAndLaterCallsRun()
    {
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<FaultyGrain>());
        var grain = host.GrainFactory.GetGrain<IFaultyGrain>("faulty");

        var before = grain.IncrementAsync();
        var failing = grain.FailAfterAwaitAsync("only me");
        var after = grain.IncrementAsync();

        Assert.Equal(1, await before.DefaultTimeout());
        Assert.Equal("only me", (await Assert.ThrowsAsync<TestGrainException>(() => failing.DefaultTimeout())).Message);
        Assert.Equal(2, await after.DefaultTimeout());
    }
}
