namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>A second grain type, for per-type collection ages.</summary>
[GrainType("test-short-lived")]
public interface IShortLivedGrain : IGrainWithStringKey
{
    Task PingAsync();
}
