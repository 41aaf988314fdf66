using SessionGrains.Runtime;

namespace SessionGrains.Benchmarks.Grains;

/// <summary>The grain of the call benchmarks: methods that do next to nothing, so a call measures the runtime.</summary>
[GrainType("bench-call")]
public interface ICallGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int value);

    ValueTask TouchAsync(int value);
}
