namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-slow")]
public interface ISlowGrain : IGrainWithStringKey
{
    /// <summary>Completes only once the test opens the <see cref="CallGate"/>.</summary>
    Task WaitAtGateAsync();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled, then throws.</summary>
    Task WaitForCancellationAsync(CancellationToken cancellationToken);

    Task RecordAsync(string label, CancellationToken cancellationToken);

    Task<string> PingAsync();
}
