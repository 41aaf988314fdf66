using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>
/// Counts the grain calls one host runs, from the runtime's <c>sessiongrains.grain_calls</c> counter, listening only
/// to meters of that host's <see cref="IMeterFactory"/> so other hosts in the test run do not count.
/// </summary>
public sealed class GrainCallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _calls;

    public GrainCallCounter(IServiceProvider services)
    {
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "sessiongrains.grain_calls" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _calls, value));
        _listener.Start();
    }

    public long Calls => Interlocked.Read(ref _calls);

    public void Dispose() => _listener.Dispose();
}
