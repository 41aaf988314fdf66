using SessionGrains.FaultHarness.Load;

namespace SessionGrains.FaultHarness.Reporting;

/// <summary>
/// A request with what it shows about its user's count: <see cref="Lost"/> acknowledged increments missing (its count
/// is not above the highest acknowledged before it), or <see cref="InDoubtApplied"/> increments applied although their
/// requests failed (its count jumps past the highest acknowledged by more than one).
/// </summary>
internal readonly record struct AnnotatedRequest(int User, RequestRecord Record, long Lost, long InDoubtApplied)
{
    /// <summary>Annotates each user's requests in order; after a loss the count's baseline restarts at the lower value.</summary>
    public static List<AnnotatedRequest> Annotate(IEnumerable<(int User, IReadOnlyList<RequestRecord> Records)> users)
    {
        var annotated = new List<AnnotatedRequest>();
        foreach (var (user, records) in users)
        {
            var highest = 0L;
            foreach (var record in records)
            {
                long lost = 0, inDoubt = 0;
                if (record.Succeeded)
                {
                    if (record.Count <= highest)
                    {
                        lost = highest - record.Count + 1;
                    }
                    else
                    {
                        inDoubt = record.Count - highest - 1;
                    }

                    highest = record.Count;
                }

                annotated.Add(new AnnotatedRequest(user, record, lost, inDoubt));
            }
        }

        return annotated;
    }
}
