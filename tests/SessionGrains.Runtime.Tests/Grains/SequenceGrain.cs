namespace SessionGrains.Runtime.Tests.Grains;

public sealed class SequenceGrain : Grain, ISequenceGrain
{
    private readonly object _lock = new();
    private readonly List<int> _values = [];
    private int _inFlight;
    private int _maxConcurrency;

    public async Task RecordAsync(int value)
    {
        // Interlocked and a lock, not plain fields: if turns did overlap, the record of it must not be lost to a race.
        var inFlight = Interlocked.Increment(ref _inFlight);
        lock (_lock)
        {
            _maxConcurrency = Math.Max(_maxConcurrency, inFlight);
            _values.Add(value);
        }

        await Task.Yield();
        await Task.Yield();
        Interlocked.Decrement(ref _inFlight);
    }

    public Task<SequenceReport> GetReportAsync()
    {
        lock (_lock)
        {
            return Task.FromResult(new SequenceReport([.. _values], _maxConcurrency));
        }
    }
}
