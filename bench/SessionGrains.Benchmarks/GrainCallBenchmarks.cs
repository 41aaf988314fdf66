using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrains.Benchmarks.Grains;
using SessionGrains.Runtime;
using SessionGrains.Runtime.Hosting;

namespace SessionGrains.Benchmarks;

/// <summary>
/// Calls to an already-active grain in this process, through a reference from <see cref="IGrainFactory"/>: proxy,
/// call object, response timer, mailbox turn on the thread pool, completion back to the caller.
/// </summary>
/// <remarks>
/// The plain benchmarks are called and awaited one at a time by BenchmarkDotNet's thread, which blocks until the call
/// completes: each call pays a handoff to a pool thread and back. The <c>Loop</c> ones await
/// <see cref="CallsPerLoop"/> calls in an async method, as a request handler does, so caller and turn share the pool.
/// The <c>Handoff</c> ones are the floor under both: a bare thread-pool work item completing a task source whose
/// continuations run asynchronously, which is what the runtime's threading rules require of every call.
/// </remarks>
[Config(typeof(BenchmarkConfig))]
public class GrainCallBenchmarks
{
    private const int CallsPerLoop = 1000;

    private readonly ThreadPoolHandoff _handoff = new();
    private IHost _host = null!;
    private ICallGrain _grain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchmarkHost.StartAsync(runtime => runtime.AddGrain<CallGrain>()).GetAwaiter().GetResult();
        _grain = _host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICallGrain>("bench");

        // Activate before measuring: the benchmarks are about calls to an active grain.
        _grain.AddAsync(1).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    [Benchmark]
    public Task<int> TaskOfInt() => _grain.AddAsync(1);

    [Benchmark]
    public ValueTask ValueTaskVoid() => _grain.TouchAsync(1);

    [Benchmark(OperationsPerInvoke = CallsPerLoop)]
    public async Task<int> TaskOfIntLoop()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerLoop; i++)
        {
            sum += await _grain.AddAsync(1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = CallsPerLoop)]
    public async Task ValueTaskVoidLoop()
    {
        for (var i = 0; i < CallsPerLoop; i++)
        {
            await _grain.TouchAsync(1);
        }
    }

    [Benchmark]
    public Task<int> Handoff() => _handoff.RunAsync();

    [Benchmark(OperationsPerInvoke = CallsPerLoop)]
    public async Task<int> HandoffLoop()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerLoop; i++)
        {
            sum += await _handoff.RunAsync();
        }

        return sum;
    }
}
