using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SessionGrains.Runtime.Tests;

/// <summary>
/// Records the measurements of one instrument. A <see cref="MeterListener"/> sees every meter in the process, so it
/// listens only to meters whose <see cref="Meter.Scope"/> is the given scope: the host's
/// <see cref="IMeterFactory"/>. Tests running hosts in parallel then never see each other's measurements.
/// </summary>
public sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<CollectedMeasurement> _measurements = new();

    public MetricCollector(IMeterFactory meterScope, string meterName, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, meterScope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
        _listener.Start();
    }

    public IReadOnlyList<CollectedMeasurement> Measurements => [.. _measurements];

    public void Dispose() => _listener.Dispose();

    private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(tags.Length);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new CollectedMeasurement(value, copy));
    }
}
