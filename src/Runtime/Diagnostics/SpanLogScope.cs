using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SessionGrains.Runtime.Diagnostics;

/// <summary>The ids of the span a log entry was written in, as the logger factory's activity tracking names them.</summary>
internal sealed class SpanLogScope(Activity activity, ActivityTrackingOptions tracked) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _pairs = Read(activity, tracked);

    public int Count => _pairs.Length;

    public KeyValuePair<string, object?> this[int index] => _pairs[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _pairs.Select(p => $"{p.Key}:{p.Value}"));

    private static KeyValuePair<string, object?>[] Read(Activity activity, ActivityTrackingOptions tracked)
    {
        var pairs = new List<KeyValuePair<string, object?>>(3);
        if (tracked.HasFlag(ActivityTrackingOptions.SpanId))
        {
            pairs.Add(new("SpanId", activity.IdFormat == ActivityIdFormat.W3C ? activity.SpanId.ToHexString() : activity.Id));
        }

        if (tracked.HasFlag(ActivityTrackingOptions.TraceId))
        {
            pairs.Add(new("TraceId", activity.IdFormat == ActivityIdFormat.W3C ? activity.TraceId.ToHexString() : activity.RootId));
        }

        if (tracked.HasFlag(ActivityTrackingOptions.ParentId))
        {
            pairs.Add(new("ParentId", activity.IdFormat == ActivityIdFormat.W3C ? activity.ParentSpanId.ToHexString() : activity.ParentId));
        }

        return [.. pairs];
    }
}
