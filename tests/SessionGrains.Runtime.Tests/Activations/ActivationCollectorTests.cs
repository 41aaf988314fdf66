using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Testing;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Activations;

/// <summary>
/// Idle collection driven by a fake clock: collection age 1 minute, quantum 1 second. Ages are long next to the quantum
/// so that the few quanta <see cref="AdvanceUntilDeactivatedAsync"/> may add never reach the age of a grain that must stay.
/// </summary>
public sealed class ActivationCollectorTests
{
    private static readonly TimeSpan Age = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Quantum = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly LifecycleRecorder _recorder = new();

    [Fact]
    public async Task IdleActivation_PastAgePlusQuantum_IsDeactivatedWithActivationIdle()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ILifecycleGrain>("idle");
        var firstInstance = await grain.GetInstanceIdAsync().DefaultTimeout();
        _time.Advance(Age - Quantum);
        Assert.Equal(0, host.GrainCatalog.CollectIdleActivations());
        Assert.Empty(_recorder.DeactivationsOf("idle"));
        Assert.True(host.Catalog.IsActive(new GrainId("test-lifecycle", "idle")));

        // Act
        _time.Advance(Quantum * 2);
        await AdvanceUntilDeactivatedAsync("idle");

        // Assert
        var reason = Assert.Single(_recorder.DeactivationsOf("idle"));
        Assert.Equal(DeactivationReasonCode.ActivationIdle, reason.ReasonCode);
        Assert.False(host.Catalog.IsActive(new GrainId("test-lifecycle", "idle")));
        Assert.NotEqual(firstInstance, await grain.GetInstanceIdAsync().DefaultTimeout());
        Assert.Equal(2, _recorder.ActivatedCount("idle"));
    }

    [Fact]
    public async Task Activation_UsedWithinItsAge_StaysActive()
    {
        // Arrange: both activate now; only "used" is called again before its age runs out.
        await using var host = await StartHostAsync();
        var used = host.GrainFactory.GetGrain<ILifecycleGrain>("used");
        var unused = host.GrainFactory.GetGrain<ILifecycleGrain>("unused");
        var usedInstance = await used.GetInstanceIdAsync().DefaultTimeout();
        await unused.GetInstanceIdAsync().DefaultTimeout();
        _time.Advance(Age - TimeSpan.FromSeconds(10));
        await used.GetInstanceIdAsync().DefaultTimeout();

        // Act
        _time.Advance(TimeSpan.FromSeconds(11));
        await AdvanceUntilDeactivatedAsync("unused");

        // Assert: the pass that collected "unused" kept "used", and a pass now still does.
        Assert.Empty(_recorder.DeactivationsOf("used"));
        Assert.Equal(0, host.GrainCatalog.CollectIdleActivations());
        Assert.Equal(usedInstance, await used.GetInstanceIdAsync().DefaultTimeout());
    }

    [Fact]
    public async Task ClassSpecificCollectionAge_ForGrainType_OverridesDefaultAge()
    {
        // Arrange
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["SessionGrains:Runtime:Collection:ClassSpecificCollectionAge:test-short-lived"] = "00:00:10",
        });
        var shortLived = host.GrainFactory.GetGrain<IShortLivedGrain>("short");
        var normal = host.GrainFactory.GetGrain<ILifecycleGrain>("normal");
        await shortLived.PingAsync().DefaultTimeout();
        var normalInstance = await normal.GetInstanceIdAsync().DefaultTimeout();

        // Act
        _time.Advance(TimeSpan.FromSeconds(10) + Quantum);
        await AdvanceUntilDeactivatedAsync("short");

        // Assert
        Assert.Equal(DeactivationReasonCode.ActivationIdle, Assert.Single(_recorder.DeactivationsOf("short")).ReasonCode);
        Assert.Empty(_recorder.DeactivationsOf("normal"));
        Assert.Equal(0, host.GrainCatalog.CollectIdleActivations());
        Assert.Equal(normalInstance, await normal.GetInstanceIdAsync().DefaultTimeout());
    }

    [Fact]
    public async Task DelayDeactivation_LongerThanAge_KeepsActivationUntilItEnds()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var delayed = host.GrainFactory.GetGrain<ILifecycleGrain>("delayed");
        var control = host.GrainFactory.GetGrain<ILifecycleGrain>("control");
        await delayed.DelayDeactivationAsync(TimeSpan.FromMinutes(3)).DefaultTimeout();
        await control.GetInstanceIdAsync().DefaultTimeout();

        // Act: past the age, "control" goes and "delayed" stays.
        _time.Advance(Age + Quantum);
        await AdvanceUntilDeactivatedAsync("control");

        // Assert
        Assert.Empty(_recorder.DeactivationsOf("delayed"));
        Assert.Equal(0, host.GrainCatalog.CollectIdleActivations());
        Assert.True(host.Catalog.IsActive(new GrainId("test-lifecycle", "delayed")));

        // Once the delay is over, it is collected like any idle activation.
        _time.Advance(TimeSpan.FromMinutes(2));
        await AdvanceUntilDeactivatedAsync("delayed");
        Assert.Equal(DeactivationReasonCode.ActivationIdle, Assert.Single(_recorder.DeactivationsOf("delayed")).ReasonCode);
    }

    private Task<RuntimeHost> StartHostAsync(Dictionary<string, string?>? extraConfiguration = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["SessionGrains:Runtime:Collection:CollectionAge"] = Age.ToString(),
            ["SessionGrains:Runtime:Collection:CollectionQuantum"] = Quantum.ToString(),
        };
        foreach (var (key, value) in extraConfiguration ?? [])
        {
            configuration[key] = value;
        }

        return RuntimeHost.StartAsync(
            r => r.AddGrain<LifecycleGrain>().AddGrain<ShortLivedGrain>(),
            _time,
            configuration,
            s => s.AddSingleton(_recorder));
    }

    /// <summary>
    /// Waits until <paramref name="key"/> is deactivated. The collector runs on the thread pool after the clock fires
    /// its timer, and a pass skips an activation still finishing its last turn; so, as real time would, each poll gives
    /// the collector one more quantum.
    /// </summary>
    private Task AdvanceUntilDeactivatedAsync(string key) => Eventually.WaitUntilAsync(
        () =>
        {
            if (_recorder.DeactivationsOf(key).Count > 0)
            {
                return true;
            }

            _time.Advance(Quantum);
            return false;
        },
        $"{key} is deactivated by idle collection");
}
