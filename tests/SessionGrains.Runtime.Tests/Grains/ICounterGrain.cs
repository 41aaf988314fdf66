namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    ValueTask<string> EchoAsync(string value);

    ValueTask ResetAsync();

    Task FailAsync(string message);
}
