using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// Which types a stretch of work allocates, by bytes: the runtime's allocation tick (an event about every 100 KB
/// allocated, naming the type of the object that crossed the mark) summed per type. A sample, so types of a few bytes
/// per call show only over many calls; enabling it costs a little time, so it runs outside the timed rounds.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    /// <summary>The type names with the most sampled bytes, each with its share of the whole.</summary>
    public IEnumerable<string> Top(int count, long operations)
    {
        var total = Math.Max(1, _bytes.Values.Sum());
        return _bytes.OrderByDescending(p => p.Value).Take(count).Select(p =>
            $"{Report.N((double)p.Value / operations),6} B/op {100.0 * p.Value / total,5:F1} %  {p.Key}");
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var typeIndex = names.IndexOf("TypeName");
        var amountIndex = names.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0)
        {
            return;
        }

        var type = eventData.Payload![typeIndex] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
