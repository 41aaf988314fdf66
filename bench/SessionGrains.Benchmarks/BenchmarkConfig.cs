using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace SessionGrains.Benchmarks;

/// <summary>
/// One short job so the whole suite runs in a few minutes on two cores: one launch, 3 warm-up and 10 measured iterations
/// of BenchmarkDotNet's default iteration time (500 ms), plus the memory diagnoser.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Quick"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
