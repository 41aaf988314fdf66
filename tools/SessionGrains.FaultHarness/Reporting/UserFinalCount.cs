namespace SessionGrains.FaultHarness.Reporting;

/// <summary>
/// One user's final check: the highest count the farm acknowledged during the run, and the count its session held
/// at the end (one more POST, less its own increment). With sessions in Redis behind AOF, the second must be at
/// least the first.
/// </summary>
internal sealed record UserFinalCount(int User, long MaxAcknowledged, long? FinalCount, bool SessionLost)
{
    public long Lost => FinalCount is { } final ? Math.Max(0, MaxAcknowledged - final) : MaxAcknowledged;

    public bool Kept => FinalCount is not null && !SessionLost && Lost == 0;
}
