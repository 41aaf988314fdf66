namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-failing-activation")]
public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<string> PingAsync();
}
