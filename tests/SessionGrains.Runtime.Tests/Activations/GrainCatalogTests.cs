using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Activations;

public sealed class GrainCatalogTests
{
    private readonly LifecycleRecorder _recorder = new();
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task ConcurrentFirstCalls_FromManyThreads_CreateExactlyOneActivation()
    {
        // Arrange
        await using var host = await StartHostAsync();
        const int threads = 8;
        const int callsPerThread = 25;
        using var barrier = new Barrier(threads);

        // Act: dedicated threads (not pool threads, which a blocking barrier would starve on 2 cores) released at once.
        var callers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                var grain = host.GrainFactory.GetGrain<ILifecycleGrain>("one");
                if (!barrier.SignalAndWait(TaskTimeoutExtensions.DefaultTimeoutValue))
                {
                    throw new TimeoutException("The callers did not all reach the barrier.");
                }

                return Enumerable.Range(0, callsPerThread).Select(_ => grain.GetInstanceIdAsync()).ToArray();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var calls = (await Task.WhenAll(callers).DefaultTimeout()).SelectMany(c => c);
        var instanceIds = await Task.WhenAll(calls).DefaultTimeout();

        // Assert
        Assert.Equal(threads * callsPerThread, instanceIds.Length);
        Assert.Single(instanceIds.Distinct());
        Assert.Equal(1, _recorder.ConstructedCount("one"));
        Assert.Equal(1, _recorder.ActivatedCount("one"));
        Assert.Equal(1, host.Catalog.ActivationCount);
        Assert.True(host.Catalog.IsActive(new GrainId("test-lifecycle", "one")));
    }

    [Fact]
    public async Task Calls_QueuedBehindDeactivateOnIdle_RunOnNextActivation()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ILifecycleGrain>("moving");
        var firstInstance = await grain.GetInstanceIdAsync().DefaultTimeout();

        // Act: calls issued right behind the one that asks for deactivation.
        var deactivating = grain.DeactivateOnIdleAsync();
        var behind = Enumerable.Range(0, 20).Select(_ => grain.GetInstanceIdAsync()).ToArray();
        await deactivating.DefaultTimeout();
        var instances = await Task.WhenAll(behind).DefaultTimeout();

        // Assert: none is lost or fails; all reach one new activation.
        var secondInstance = Assert.Single(instances.Distinct());
        Assert.NotEqual(firstInstance, secondInstance);
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, Assert.Single(_recorder.DeactivationsOf("moving")).ReasonCode);
        Assert.Equal(2, _recorder.ConstructedCount("moving"));
        Assert.Equal(1, host.Catalog.ActivationCount);
    }

    [Fact]
    public async Task NextActivation_WhilePreviousIsDeactivating_IsCreatedOnlyAfterItEnds()
    {
        // Arrange: the first activation's OnDeactivateAsync waits for the test.
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ILifecycleGrain>("handover");
        await grain.GetInstanceIdAsync().DefaultTimeout();
        var deactivationGate = _recorder.BlockNextDeactivation();
        await grain.DeactivateOnIdleAsync().DefaultTimeout();
        await _recorder.WaitForDeactivationStartedAsync().DefaultTimeout();

        // Act: a call arrives while the old activation is still in OnDeactivateAsync. A call to another grain, queued on
        // the thread pool after it, gives a runtime that did not wait for the old activation the time to construct.
        var call = grain.GetInstanceIdAsync();
        try
        {
            await host.GrainFactory.GetGrain<ILifecycleGrain>("fence").GetInstanceIdAsync().DefaultTimeout();
            Assert.False(call.IsCompleted);
        }
        finally
        {
            deactivationGate.SetResult();
        }

        await call.DefaultTimeout();

        // Assert: the new activation was constructed only once the old one had finished.
        Assert.Equal(
            ["constructed:handover", "activated:handover", "deactivating:handover", "deactivated:handover", "constructed:handover", "activated:handover"],
            _recorder.EventsOf("handover"));
    }

    [Fact]
    public async Task Call_ToInterfaceWithoutRegisteredClass_FailsWithInvalidOperationException()
    {
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<IUnregisteredGrain>("nobody");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.PingAsync().DefaultTimeout());

        Assert.Contains("'test-unregistered'", error.Message);
        Assert.Contains("AddGrain<TGrain>()", error.Message);
        Assert.Equal(0, host.Catalog.ActivationCount);
    }

    [Fact]
    public async Task Activation_WhenOnActivateAsyncThrows_FailsCallAndNextCallActivatesAgain()
    {
        // Arrange
        _recorder.FailNextActivations(1);
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<IFailingActivationGrain>("flaky");
        var grainId = new GrainId("test-failing-activation", "flaky");

        // Act
        var error = await Assert.ThrowsAsync<TestGrainException>(() => grain.PingAsync().DefaultTimeout());

        // Assert: the call failed with the activation's own exception, and no broken activation is left behind.
        Assert.Equal("Activation of flaky failed on purpose.", error.Message);
        Assert.False(host.Catalog.IsActive(grainId));
        var logged = Assert.Single(_logs.WithEventName("GrainActivationFailed"));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Same(error, logged.Exception);

        Assert.Equal("pong", await grain.PingAsync().DefaultTimeout());
        Assert.Equal(2, _recorder.ActivatedCount("flaky"));
        Assert.True(host.Catalog.IsActive(grainId));
    }

    private Task<RuntimeHost> StartHostAsync() => RuntimeHost.StartAsync(
        r => r.AddGrain<LifecycleGrain>().AddGrain<FailingActivationGrain>(),
        configureServices: s => s.AddSingleton(_recorder).AddSingleton<ILoggerProvider>(_logs));
}
