namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-lifecycle")]
public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>Returns an id unique to this activation's grain instance.</summary>
    Task<Guid> GetInstanceIdAsync();

    Task DeactivateOnIdleAsync();

    Task DelayDeactivationAsync(TimeSpan timeSpan);
}
