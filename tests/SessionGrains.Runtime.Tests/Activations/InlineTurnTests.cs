using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Activations;

/// <summary>
/// A call made outside every turn to an idle, active grain runs its turn on the caller's thread until the first
/// await, saving the hand-off to the pool. It still sees none of the caller's context, and every other case queues.
/// </summary>
public sealed class InlineTurnTests
{
    [Fact]
    public async Task CallToAnIdleActiveGrain_RunsOnTheCallersThread_WithoutTheCallersContext()
    {
        // Arrange
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<ProbeGrain>());
        var grain = host.GrainFactory.GetGrain<IProbeGrain>("idle");
        await grain.ProbeAsync().DefaultTimeout();

        // Act
        var call = CallerMark.Call(grain.ProbeAsync);

        // Assert: done before the call returned, on the caller's thread, in a context of its own
        Assert.True(call.IsCompletedSuccessfully);
        Assert.Equal(new ProbeReport(OnCallersThread: true, SawCallersContext: false), await call);
    }

    [Fact]
    public async Task FirstCall_ActivatesOnThePool()
    {
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<ProbeGrain>());
        var grain = host.GrainFactory.GetGrain<IProbeGrain>("new");

        var report = await CallerMark.Call(grain.ProbeAsync).DefaultTimeout();

        Assert.Equal(new ProbeReport(OnCallersThread: false, SawCallersContext: false), report);
    }

    [Fact]
    public async Task CallFromInsideATurn_IsQueued()
    {
        // Arrange: the callee is active and idle, so only the caller being a turn keeps it off the caller's thread
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<ProbeGrain>());
        var caller = host.GrainFactory.GetGrain<IProbeGrain>("caller");
        await host.GrainFactory.GetGrain<IProbeGrain>("callee").ProbeAsync().DefaultTimeout();

        // Act
        var report = await caller.ProbeOtherAsync("callee").DefaultTimeout();

        // Assert
        Assert.Equal(new ProbeReport(OnCallersThread: false, SawCallersContext: false), report);
    }

    [Fact]
    public async Task CallToABusyGrain_IsQueuedBehindTheRunningTurn()
    {
        // Arrange: a turn holds the grain at the gate
        var gate = new CallGate();
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<SlowGrain>(), configureServices: s => s.AddSingleton(gate));
        var grain = host.GrainFactory.GetGrain<ISlowGrain>("busy");
        await grain.PingAsync().DefaultTimeout();
        var held = grain.WaitAtGateAsync();
        await gate.WaitUntilEnteredAsync().DefaultTimeout();

        // Act
        var queued = grain.PingAsync();

        // Assert: the second call waits for the first turn, which the caller's thread did not run past its await
        Assert.False(queued.IsCompleted);
        gate.Open();
        await held.DefaultTimeout();
        await queued.DefaultTimeout();
    }
}
