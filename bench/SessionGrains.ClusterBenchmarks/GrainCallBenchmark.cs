using System.Diagnostics;
using SessionGrains.ClusterBenchmarks.Echo;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// Remote grain calls (issue 3's targets, rerun for issue 11) from a cluster client to silos over loopback TCP. The
/// client hosts no silo, so every call is a request message to a gateway silo and a response back; a call to a grain
/// on another silo is forwarded silo to silo. The grain method echoes a short string and touches no storage: this
/// measures Orleans' messaging, not Redis.
/// </summary>
internal static class GrainCallBenchmark
{
    private const int GrainCount = 256;
    private const string Payload = "ping";

    public static async Task RunAsync(BenchOptions options)
    {
        Report.Section($"Remote grain calls: {options.Silos} silo(s) + a client over loopback TCP, Redis membership");
        await using var bench = await BenchCluster.StartAsync(options.Silos);
        var grains = Enumerable.Range(0, GrainCount).Select(i => bench.Client.GetGrain<IEchoGrain>($"echo-{i}")).ToArray();
        var perSilo = await ActivateAsync(bench, grains);
        Report.Line($"{GrainCount} echo grains active, per silo: {string.Join(", ", perSilo)}");

        // Warm-up: tiered JIT and pools reach their steady state before anything is measured.
        await ThroughputAsync(grains, options.Callers, TimeSpan.FromSeconds(3));
        await SingleCallerAsync(grains, 5_000);

        var singles = new List<Percentiles>();
        var loads = new List<ThroughputResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            Report.Load($"round {round}");
            var single = await SingleCallerAsync(grains, options.Calls);
            singles.Add(single);
            Report.Line($"round {round} single caller, unloaded: {single.Describe()}");

            var load = await ThroughputAsync(grains, options.Callers, TimeSpan.FromSeconds(options.Seconds));
            loads.Add(load);
            Report.Line($"round {round} {options.Callers} callers: {Report.N(load.CallsPerSecond)} calls/s; {load.Latency.Describe()}; " +
                $"{Report.N(load.AllocatedBytesPerCall)} B allocated/call (client+silos); {Report.Us(load.CpuMicrosecondsPerCall)} CPU/call; gen0 GCs {load.Gen0Collections}");
        }

        using (var sampler = new AllocationSampler())
        {
            var sampled = await ThroughputAsync(grains, options.Callers, TimeSpan.FromSeconds(options.Seconds));
            Report.Line($"allocations by type (client and silos), sampled over {Report.N(sampled.Latency.Count)} more calls with {options.Callers} callers:");
            foreach (var line in sampler.Top(20, sampled.Latency.Count))
            {
                Report.Line("  " + line);
            }
        }

        var singleP50 = Median(singles.Select(s => s.Us(50)));
        var singleP99 = Median(singles.Select(s => s.Us(99)));
        var loadRate = Median(loads.Select(l => l.CallsPerSecond));
        Report.Line($"single caller, median over rounds: p50 {Report.Us(singleP50)}, p99 {Report.Us(singleP99)} (best p50 {Report.Us(singles.Min(s => s.Us(50)))})");
        Report.Line($"{options.Callers} callers, median over rounds: {Report.N(loadRate)} calls/s, p50 {Report.Us(Median(loads.Select(l => l.Latency.Us(50))))}, " +
            $"p99 {Report.Us(Median(loads.Select(l => l.Latency.Us(99))))} (best {Report.N(loads.Max(l => l.CallsPerSecond))} calls/s)");
        Report.Target($"issue 3 throughput >= 100,000 calls/s ({options.Callers} callers)", loadRate >= 100_000, $"median {Report.N(loadRate)} calls/s");
        Report.Target("issue 3 median round trip <= 150 µs (1 caller, unloaded)", singleP50 <= 150, $"median p50 {Report.Us(singleP50)}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static async Task<string[]> ActivateAsync(BenchCluster bench, IEchoGrain[] grains)
    {
        await Task.WhenAll(grains.Select(g => g.EchoAsync(Payload)));
        var echoes = (await bench.Management.GetDetailedGrainStatistics()).Where(s => s.GrainId.Type.ToString() == "bench-echo").ToList();
        return [.. bench.SiloAddresses.Select(a => echoes.Count(s => s.SiloAddress.Equals(a)).ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>One caller awaiting one call at a time: the round trip with nothing else in flight.</summary>
    private static async Task<Percentiles> SingleCallerAsync(IEchoGrain[] grains, int calls)
    {
        var ticks = new long[calls];
        for (var i = 0; i < calls; i++)
        {
            var grain = grains[i % grains.Length];
            var started = Stopwatch.GetTimestamp();
            await grain.EchoAsync(Payload);
            ticks[i] = Stopwatch.GetTimestamp() - started;
        }

        return new Percentiles(ticks);
    }

    /// <summary><paramref name="callers"/> loops, each awaiting its call before the next, for <paramref name="duration"/>.</summary>
    private static async Task<ThroughputResult> ThroughputAsync(IEchoGrain[] grains, int callers, TimeSpan duration)
    {
        var stop = 0;
        var samples = new List<long>[callers];
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = samples[c] = new List<long>(1 << 16);
            var i = c;
            while (Volatile.Read(ref stop) == 0)
            {
                var grain = grains[i++ % grains.Length];
                var t0 = Stopwatch.GetTimestamp();
                await grain.EchoAsync(Payload);
                mine.Add(Stopwatch.GetTimestamp() - t0);
            }
        })).ToArray();
        await Task.Delay(duration);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        var latency = new Percentiles(samples.SelectMany(s => s));
        return new ThroughputResult(
            latency.Count / elapsed.TotalSeconds,
            latency,
            (double)allocated / latency.Count,
            cpu.TotalMicroseconds / latency.Count,
            gen0);
    }

    private sealed record ThroughputResult(double CallsPerSecond, Percentiles Latency, double AllocatedBytesPerCall, double CpuMicrosecondsPerCall, int Gen0Collections);
}
