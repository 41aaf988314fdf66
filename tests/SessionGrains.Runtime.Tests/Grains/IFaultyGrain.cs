namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-faulty")]
public interface IFaultyGrain : IGrainWithStringKey
{
    /// <summary>Increments a counter held in the activation's memory only.</summary>
    Task<int> IncrementAsync();

    Task<Guid> GetInstanceIdAsync();

    /// <summary>Throws before returning a task.</summary>
    Task FailSynchronouslyAsync(string message);

    /// <summary>Throws after an await, from the middle of the turn.</summary>
    Task<int> FailAfterAwaitAsync(string message);
}
