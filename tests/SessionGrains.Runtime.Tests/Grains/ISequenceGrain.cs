namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-sequence")]
public interface ISequenceGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="value"/> on entry, then awaits twice so an overlapping turn would be seen.</summary>
    Task RecordAsync(int value);

    Task<SequenceReport> GetReportAsync();
}
