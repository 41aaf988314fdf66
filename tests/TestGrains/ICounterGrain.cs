using SessionGrains.Runtime;

namespace SessionGrains.TestGrains;

/// <summary>A persisted counter: increments are not idempotent, reads are.</summary>
[GrainType("counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<long> IncrementAsync();

    [Idempotent]
    Task<long> GetAsync();

    [Idempotent]
    Task<string> EchoAsync(string value);

    Task FailAsync(string message);

    /// <summary>Blocks the turn until <paramref name="milliseconds"/> pass, to hold a call in flight.</summary>
    Task<long> IncrementSlowlyAsync(int milliseconds);
}
