using System.Diagnostics;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>Percentiles of a set of durations recorded as <see cref="Stopwatch"/> ticks.</summary>
internal sealed class Percentiles
{
    private readonly long[] _sorted;

    public Percentiles(IEnumerable<long> ticks)
    {
        _sorted = [.. ticks];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    /// <summary>The <paramref name="percentile"/>th percentile in microseconds (nearest rank).</summary>
    public double Us(double percentile)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * _sorted.Length) - 1;
        return _sorted[Math.Clamp(rank, 0, _sorted.Length - 1)] * 1_000_000.0 / Stopwatch.Frequency;
    }

    public string Describe() =>
        $"n={Report.N(Count)} p50={Report.Us(Us(50))} p90={Report.Us(Us(90))} p99={Report.Us(Us(99))} p99.9={Report.Us(Us(99.9))} max={Report.Us(Us(100))}";
}
