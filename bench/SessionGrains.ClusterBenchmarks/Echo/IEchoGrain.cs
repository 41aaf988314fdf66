namespace SessionGrains.ClusterBenchmarks.Echo;

/// <summary>A grain that only answers: the cost of a grain call itself, with no storage and no session logic.</summary>
[Alias("sessiongrains.bench.IEchoGrain")]
public interface IEchoGrain : IGrainWithStringKey
{
    /// <summary>Returns <paramref name="text"/>.</summary>
    [Alias("echo")]
    Task<string> EchoAsync(string text);
}
