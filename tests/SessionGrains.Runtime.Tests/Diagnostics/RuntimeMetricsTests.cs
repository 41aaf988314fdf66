using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Diagnostics;

public sealed class RuntimeMetricsTests
{
    private const string MeterName = "SessionGrains.Runtime";

    [Fact]
    public async Task FirstCall_ToEachGrain_RecordsOneActivationCreated()
    {
        // Arrange
        await using var host = await StartHostAsync();
        using var created = new MetricCollector(host.Services.GetRequiredService<IMeterFactory>(), MeterName, "sessiongrains.activations.created");

        // Act
        await host.GrainFactory.GetGrain<IStateGrain>("a").GetAsync().DefaultTimeout();
        await host.GrainFactory.GetGrain<IStateGrain>("b").GetAsync().DefaultTimeout();
        await host.GrainFactory.GetGrain<IStateGrain>("a").GetAsync().DefaultTimeout();

        // Assert
        var measurements = created.Measurements;
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m =>
        {
            Assert.Equal(1, m.Value);
            Assert.True(m.HasTag("sessiongrains.grain.type", "test-state"));
        });
    }

    [Fact]
    public async Task StorageOperations_OfEachKind_AreRecordedWithNameOperationAndResult()
    {
        // Arrange
        await using var host = await StartHostAsync();
        using var operations = new MetricCollector(host.Services.GetRequiredService<IMeterFactory>(), MeterName, "sessiongrains.storage.operations");
        var grain = host.GrainFactory.GetGrain<IStateGrain>("stored");

        // Act: read (activation), write, clear, then a write that conflicts with one made behind the grain's back.
        await grain.SetAsync("v1", null).DefaultTimeout();
        await grain.ClearAsync().DefaultTimeout();
        await WriteBehindTheGrainsBackAsync(host, "stored");
        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetAsync("v2", null).DefaultTimeout());

        // Assert
        var measurements = operations.Measurements;
        Assert.All(measurements, m => Assert.True(m.HasTag("sessiongrains.storage.name", "Default")));
        Assert.Equal(
            ["read/success", "write/success", "clear/success", "write/conflict"],
            measurements.Select(m => $"{m.Tags["sessiongrains.storage.operation"]}/{m.Tags["sessiongrains.storage.result"]}"));
        Assert.All(measurements, m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task MetricCollector_ForOtherHost_SeesNoneOfThisHostsMeasurements()
    {
        await using var host = await StartHostAsync();
        await using var other = await StartHostAsync();
        using var created = new MetricCollector(other.Services.GetRequiredService<IMeterFactory>(), MeterName, "sessiongrains.activations.created");

        await host.GrainFactory.GetGrain<IStateGrain>("elsewhere").GetAsync().DefaultTimeout();

        Assert.Empty(created.Measurements);
    }

    private static Task<RuntimeHost> StartHostAsync() => RuntimeHost.StartAsync(r => r.AddGrain<StateGrain>().AddMemoryGrainStorage());

    private static async Task WriteBehindTheGrainsBackAsync(RuntimeHost host, string key)
    {
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageDefaults.DefaultStorageName);
        var state = new GrainState<StateGrainState>(new StateGrainState { Value = "from elsewhere" });
        await storage.WriteStateAsync("state", new GrainId("test-state", key), state, CancellationToken.None).DefaultTimeout();
    }
}
