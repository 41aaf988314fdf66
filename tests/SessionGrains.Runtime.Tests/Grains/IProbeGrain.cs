namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-probe")]
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Reports, without awaiting, what the turn sees of the thread and the context it runs on.</summary>
    Task<ProbeReport> ProbeAsync();

    /// <summary>Marks its own thread and context the way a test marks a caller's, then calls <paramref name="key"/>'s probe.</summary>
    Task<ProbeReport> ProbeOtherAsync(string key);

    /// <summary>Logs <paramref name="message"/> at Information inside a scope of its own named <paramref name="scope"/>, after an await.</summary>
    Task LogAsync(string message, string scope);
}
