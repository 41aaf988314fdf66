using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrains.Benchmarks.Grains;
using SessionGrains.Runtime;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Persistence;
using SessionGrains.TestKit;

namespace SessionGrains.Benchmarks;

/// <summary>
/// State writes to a real <c>redis-server</c> on loopback, started on a free port by the global setup: through a grain
/// (call, turn, <see cref="IStorage{TState}.WriteStateAsync"/>) and straight to the storage provider.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class RedisStorageBenchmarks
{
    private RedisServer _redis = null!;
    private IHost _host = null!;
    private IStateGrain _grain = null!;
    private IGrainStorage _storage = null!;
    private readonly GrainId _rawGrainId = new("bench-raw", "raw");
    private readonly GrainState<BenchmarkState> _rawState = new(new BenchmarkState());
    private int _value;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark]
    public Task GrainWrite() => _grain.WriteAsync(++_value);

    [Benchmark]
    public Task StorageWrite()
    {
        _rawState.State.Value = ++_value;
        return _storage.WriteStateAsync("state", _rawGrainId, _rawState, CancellationToken.None);
    }

    private async Task SetupAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = await BenchmarkHost.StartAsync(
            runtime => runtime.AddGrain<StateGrain>().AddRedisGrainStorage(BenchmarkHost.StorageName),
            new Dictionary<string, string?> { ["SessionGrains:Redis"] = _redis.ConnectionString });
        _grain = _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IStateGrain>("bench");
        _storage = _host.Services.GetRequiredKeyedService<IGrainStorage>(BenchmarkHost.StorageName);

        // Activate the grain and connect to Redis before measuring.
        await _grain.WriteAsync(0);
        await _storage.WriteStateAsync("state", _rawGrainId, _rawState, CancellationToken.None);
    }

    private async Task CleanupAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _redis.DisposeAsync();
    }
}
