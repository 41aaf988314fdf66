using SessionGrains.Runtime;

namespace SessionGrains.Benchmarks.Grains;

/// <summary>The grain of the storage benchmarks: each call changes its state and writes it.</summary>
[GrainType("bench-state")]
public interface IStateGrain : IGrainWithStringKey
{
    Task WriteAsync(int value);
}
