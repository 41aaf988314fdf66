using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Persistence.Memory;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Hosting;

public sealed class GrainRuntimeHostTests
{
    [Fact]
    public async Task StopAsync_WithActivations_DeactivatesEachWithShuttingDown()
    {
        // Arrange
        var recorder = new LifecycleRecorder();
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<LifecycleGrain>(), configureServices: s => s.AddSingleton(recorder));
        string[] keys = ["a", "b", "c"];
        foreach (var key in keys)
        {
            await host.GrainFactory.GetGrain<ILifecycleGrain>(key).GetInstanceIdAsync().DefaultTimeout();
        }

        Assert.Equal(3, host.Catalog.ActivationCount);

        // Act
        await host.StopAsync();

        // Assert
        foreach (var key in keys)
        {
            Assert.Equal(DeactivationReasonCode.ShuttingDown, Assert.Single(recorder.DeactivationsOf(key)).ReasonCode);
        }

        Assert.Equal(0, host.Catalog.ActivationCount);
    }

    [Fact]
    public async Task StopAsync_GrainWritingStateInOnDeactivateAsync_PersistsIt()
    {
        // Arrange: two hosts in turn share one store, as two runs of a silo share Redis.
        var storage = new MemoryGrainStorage(TimeProvider.System);
        void UseSharedStorage(IServiceCollection services) =>
            services.AddKeyedSingleton<IGrainStorage>(GrainStorageDefaults.DefaultStorageName, storage);

        await using (var first = await RuntimeHost.StartAsync(r => r.AddGrain<StateGrain>(), configureServices: UseSharedStorage))
        {
            await first.GrainFactory.GetGrain<IStateGrain>("saved-at-shutdown").SetOnDeactivationAsync("written by OnDeactivateAsync").DefaultTimeout();

            // Act
            await first.StopAsync();
        }

        // Assert
        await using var second = await RuntimeHost.StartAsync(r => r.AddGrain<StateGrain>(), configureServices: UseSharedStorage);
        Assert.Equal("written by OnDeactivateAsync", await second.GrainFactory.GetGrain<IStateGrain>("saved-at-shutdown").GetAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Call_AfterStop_IsRejectedWithoutActivating()
    {
        var recorder = new LifecycleRecorder();
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<LifecycleGrain>(), configureServices: s => s.AddSingleton(recorder));
        await host.StopAsync();

        var error = await Assert.ThrowsAsync<SessionGrainsException>(
            () => host.GrainFactory.GetGrain<ILifecycleGrain>("late").GetInstanceIdAsync().DefaultTimeout());

        Assert.Contains("stopping", error.Message);
        Assert.Equal(0, recorder.ConstructedCount("late"));
        Assert.Equal(0, host.Catalog.ActivationCount);
    }
}
