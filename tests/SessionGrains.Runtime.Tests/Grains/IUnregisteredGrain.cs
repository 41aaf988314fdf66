namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>A grain interface no test host registers a class for.</summary>
[GrainType("test-unregistered")]
public interface IUnregisteredGrain : IGrainWithStringKey
{
    Task PingAsync();
}
