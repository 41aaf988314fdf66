using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Testing;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Timers;

/// <summary>
/// Grain timers on a fake clock. A due timer queues its tick on the activation synchronously inside
/// <see cref="FakeTimeProvider.Advance"/>, so a call made after <c>Advance</c> returns runs after that tick has ended and
/// the timer is due again: such calls are the tests' barriers.
/// </summary>
public sealed class GrainTimerTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly TimerRecorder _recorder = new();
    private readonly LifecycleRecorder _lifecycle = new();
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task Timer_AdvancedTenPeriods_TicksTenTimes()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ITimerGrain>("ticking");
        await grain.StartTimerAsync(Period, Period, keepAlive: false).DefaultTimeout();
        _time.Advance(Period - TimeSpan.FromTicks(1));
        Assert.Equal(0, await grain.GetTicksAsync().DefaultTimeout());
        _time.Advance(TimeSpan.FromTicks(1));
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();
        Assert.Equal(1, await grain.GetTicksAsync().DefaultTimeout());

        // Act / Assert
        for (var expected = 2; expected <= 10; expected++)
        {
            _time.Advance(Period);
            await _recorder.WaitForTickStartedAsync().DefaultTimeout();
            Assert.Equal(expected, await grain.GetTicksAsync().DefaultTimeout());
        }

        Assert.Equal(10, _recorder.Ticks);
        Assert.Equal(1, _recorder.MaxConcurrentTicks);
    }

    [Fact]
    public async Task Tick_WhileBlocked_StartsNoOtherTickAndQueuedCallRunsAfterIt()
    {
        // Arrange: the first tick waits for the test.
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ITimerGrain>("blocking");
        await grain.StartTimerAsync(Period, Period, keepAlive: false).DefaultTimeout();
        var tickGate = _recorder.BlockNextTick();
        _time.Advance(Period);
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();

        // Act: many periods pass and a call arrives while the tick is blocked.
        _time.Advance(Period * 5);
        var call = grain.RecordCallAsync("during-tick");
        Assert.False(call.IsCompleted);
        tickGate.SetResult();
        await call.DefaultTimeout();

        // Assert: the call ran after the tick, and the blocked time produced no tick of its own.
        Assert.Equal(["tick-start:1", "tick-end:1", "call:during-tick"], _recorder.Events);
        Assert.Equal(1, await grain.GetTicksAsync().DefaultTimeout());

        // The next tick is due one period after the blocked one ended.
        _time.Advance(Period);
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();
        Assert.Equal(2, await grain.GetTicksAsync().DefaultTimeout());
        Assert.Equal(1, _recorder.MaxConcurrentTicks);
    }

    [Fact]
    public async Task Tick_ThatThrows_IsLoggedAndTimerGoesOn()
    {
        // Arrange
        _recorder.FailTick(1);
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ITimerGrain>("failing");
        await grain.StartTimerAsync(Period, Period, keepAlive: false).DefaultTimeout();

        // Act
        _time.Advance(Period);
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();
        Assert.Equal(1, await grain.GetTicksAsync().DefaultTimeout());

        // Assert
        var logged = Assert.Single(_logs.WithEventName("GrainTimerTickFailed"));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("SessionGrains.Runtime.Timers.GrainTimer", logged.Category);
        Assert.Contains("test-timer/failing", logged.Message);
        Assert.Equal("Tick 1 failed on purpose.", Assert.IsType<TestGrainException>(logged.Exception).Message);

        _time.Advance(Period);
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();
        Assert.Equal(2, await grain.GetTicksAsync().DefaultTimeout());
        Assert.Contains("tick-end:2", _recorder.Events);
        Assert.Single(_logs.WithEventName("GrainTimerTickFailed"));
    }

    [Fact]
    public async Task Timer_AfterDeactivateOnIdle_NeverTicksAgain()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ITimerGrain>("ending");
        await grain.StartTimerAsync(Period, Period, keepAlive: false).DefaultTimeout();
        _time.Advance(Period);
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();
        Assert.Equal(1, await grain.GetTicksAsync().DefaultTimeout());

        // Act: the grain asks to be deactivated; while that call still runs, the next tick falls due and is queued.
        var callGate = _recorder.BlockNextCall();
        var deactivating = grain.DeactivateOnIdleAsync();
        await _recorder.WaitForCallStartedAsync().DefaultTimeout();
        _time.Advance(Period);
        callGate.SetResult();
        await deactivating.DefaultTimeout();
        var reason = await _recorder.Deactivated.DefaultTimeout();

        // Assert: the queued tick was dropped, and the stopped timer never fires again.
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, reason.ReasonCode);
        Assert.Equal(1, _recorder.Ticks);
        _time.Advance(Period * 10);
        Assert.Equal(1, _recorder.Ticks);
        Assert.False(host.Catalog.IsActive(new GrainId("test-timer", "ending")));
        Assert.DoesNotContain("tick-start:2", _recorder.Events);
    }

    [Fact]
    public async Task Tick_WithoutKeepAlive_DoesNotKeepActivationFromIdleCollection()
    {
        // Arrange: collection age 1 minute; one tick 50 s after the last call.
        await using var host = await StartHostAsync(WithCollection);
        var grain = host.GrainFactory.GetGrain<ITimerGrain>("no-keep-alive");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(50), Timeout.InfiniteTimeSpan, keepAlive: false).DefaultTimeout();
        var lastCall = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(50));
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();

        // Act
        _time.Advance(TimeSpan.FromSeconds(11));
        await AdvanceUntilAsync(() => _recorder.Deactivated.IsCompleted);

        // Assert: collected one age after the last call, not one age after the tick.
        Assert.Equal(DeactivationReasonCode.ActivationIdle, (await _recorder.Deactivated.DefaultTimeout()).ReasonCode);
        Assert.Equal(1, _recorder.Ticks);
        Assert.InRange(_recorder.DeactivatedAt!.Value, lastCall + TimeSpan.FromMinutes(1), lastCall + TimeSpan.FromSeconds(50) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Tick_WithKeepAlive_KeepsActivationFromIdleCollection()
    {
        // Arrange: as above, with a control grain that nothing keeps alive.
        await using var host = await StartHostAsync(WithCollection);
        var grain = host.GrainFactory.GetGrain<ITimerGrain>("keep-alive");
        var control = host.GrainFactory.GetGrain<ILifecycleGrain>("control");
        await control.GetInstanceIdAsync().DefaultTimeout();
        await grain.StartTimerAsync(TimeSpan.FromSeconds(50), Timeout.InfiniteTimeSpan, keepAlive: true).DefaultTimeout();
        var tickTime = _time.GetUtcNow() + TimeSpan.FromSeconds(50);
        _time.Advance(TimeSpan.FromSeconds(50));
        await _recorder.WaitForTickStartedAsync().DefaultTimeout();

        // Act: one age after the last call, the collector takes the control grain.
        _time.Advance(TimeSpan.FromSeconds(11));
        await AdvanceUntilAsync(() => _lifecycle.DeactivationsOf("control").Count > 0);

        // Assert: the tick counted as use, so the timer grain stays until one age after the tick.
        Assert.False(_recorder.Deactivated.IsCompleted);
        Assert.Equal(0, host.GrainCatalog.CollectIdleActivations());
        Assert.True(host.Catalog.IsActive(new GrainId("test-timer", "keep-alive")));

        _time.Advance(TimeSpan.FromSeconds(40));
        await AdvanceUntilAsync(() => _recorder.Deactivated.IsCompleted);
        Assert.Equal(DeactivationReasonCode.ActivationIdle, (await _recorder.Deactivated.DefaultTimeout()).ReasonCode);
        Assert.True(_recorder.DeactivatedAt >= tickTime + TimeSpan.FromMinutes(1));
        Assert.Equal(1, _recorder.Ticks);
    }

    private static Dictionary<string, string?> WithCollection => new()
    {
        ["SessionGrains:Runtime:Collection:CollectionAge"] = "00:01:00",
        ["SessionGrains:Runtime:Collection:CollectionQuantum"] = "00:00:01",
    };

    private Task<RuntimeHost> StartHostAsync(Dictionary<string, string?>? configuration = null) => RuntimeHost.StartAsync(
        r => r.AddGrain<TimerGrain>().AddGrain<LifecycleGrain>(),
        _time,
        configuration,
        s => s.AddSingleton(_recorder).AddSingleton(_lifecycle).AddSingleton<ILoggerProvider>(_logs));

    /// <summary>Waits for <paramref name="condition"/>, giving the thread-pool collector one more quantum per poll.</summary>
    private Task AdvanceUntilAsync(Func<bool> condition) => Eventually.WaitUntilAsync(
        () =>
        {
            if (condition())
            {
                return true;
            }

            _time.Advance(TimeSpan.FromSeconds(1));
            return false;
        },
        "idle collection deactivates the activation");
}
