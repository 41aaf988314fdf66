namespace SessionGrains.Grains.Tests;

/// <summary>
/// One three-silo cluster keeping sessions and users in silo memory (<c>AddSessionGrainsMemoryStorage</c>), as the
/// embedded default does, shared by the tests of <see cref="MemoryClusterCollection"/>. Its fake clock only moves forward.
/// </summary>
public sealed class MemoryClusterFixture : IAsyncLifetime
{
    private GrainsCluster? _grains;

    internal GrainsCluster Grains => _grains ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _grains = await GrainsCluster.StartAsync(GrainsClusterOptions.For(redis: null));

    public async Task DisposeAsync()
    {
        if (_grains is not null)
        {
            await _grains.DisposeAsync();
        }
    }
}
