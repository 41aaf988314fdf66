using BenchmarkDotNet.Attributes;

namespace SessionGrains.Benchmarks;

/// <summary>
/// A control for the memory diagnoser: 1 KB allocated on a thread-pool thread, not the benchmark's. If "Allocated"
/// shows more than 1 KB, allocations of other threads are counted, as the grain call figures need.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class MemoryDiagnoserCheck
{
    private static readonly Action s_allocate = static () => GC.KeepAlive(new byte[1024]);

    [Benchmark]
    public Task AllocateOnThreadPool() => Task.Run(s_allocate);
}
