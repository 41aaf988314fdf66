namespace SessionGrains.ClusterBenchmarks.Echo;

/// <summary>Answers every call with its argument.</summary>
[GrainType("bench-echo")]
internal sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<string> EchoAsync(string text) => Task.FromResult(text);
}
