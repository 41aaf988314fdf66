using System.Diagnostics;
using SessionGrains.ClusterBenchmarks.Echo;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// An in-process grain call (issue 2's measure, rerun for issue 11): a caller on the thread pool, outside any grain,
/// calls an active grain on the same silo through the silo's own <see cref="IGrainFactory"/>, one call awaited after
/// another, as a co-hosting front end's request handler does. No message leaves the process and nothing is
/// serialized (the argument is a string, which Orleans does not copy). Allocations are counted on every thread
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>), so they include the turn on the grain's side and the completion;
/// the silo's and the idle client's background work is in them too, a few bytes per call at most. It runs twice: with
/// the project's silo wiring, then without its outgoing call filter, which every call passes.
/// </summary>
internal static class InProcessCallBenchmark
{
    private const string Payload = "ping";

    public static async Task RunAsync(BenchOptions options)
    {
        Report.Section($"In-process grain call: a pool caller and an active grain on one silo, {Report.N(options.InProcessCalls)} calls per round");
        var (ns, bytes) = await MeasureAsync(options, retryFilter: true);
        Report.Target("issue 2 in-process call <= 2 µs", ns <= 2000, $"median {Report.N(ns)} ns");
        Report.Target("issue 2 in-process call <= 500 B allocated", bytes <= 500, $"median {Report.N(bytes)} B");
        await MeasureAsync(options, retryFilter: false);
    }

    private static async Task<(double Ns, double Bytes)> MeasureAsync(BenchOptions options, bool retryFilter)
    {
        var label = retryFilter ? "with the retry filter (the project's silo)" : "without the retry filter (Orleans alone)";
        Report.Line($"### {label}");
        await using var bench = await BenchCluster.StartAsync(silos: 1, retryFilter);
        var grain = bench.SiloGrainFactories[0].GetGrain<IEchoGrain>("inproc");
        await grain.EchoAsync(Payload);

        // Warm-up: tiered JIT (with its PGO instrumentation) reaches the final code before anything is measured.
        for (var i = 0; i < 5; i++)
        {
            await Task.Run(() => LoopAsync(grain, options.InProcessCalls / 2));
        }

        var results = new List<(double Ns, double Bytes)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            Report.Load($"round {round}");
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var gen0Before = GC.CollectionCount(0);
            var started = Stopwatch.GetTimestamp();
            await Task.Run(() => LoopAsync(grain, options.InProcessCalls));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var result = (elapsed.TotalNanoseconds / options.InProcessCalls, (double)allocated / options.InProcessCalls);
            results.Add(result);
            Report.Line($"round {round}: {Report.N(result.Item1)} ns/call, {Report.N(result.Item2)} B allocated/call, gen0 GCs {GC.CollectionCount(0) - gen0Before}");
        }

        var medianNs = results.Select(r => r.Ns).Order().ElementAt(results.Count / 2);
        var medianBytes = results.Select(r => r.Bytes).Order().ElementAt(results.Count / 2);
        Report.Line($"{label}, median over rounds: {Report.N(medianNs)} ns/call (best {Report.N(results.Min(r => r.Ns))}), {Report.N(medianBytes)} B allocated/call");
        using (var sampler = new AllocationSampler())
        {
            await Task.Run(() => LoopAsync(grain, options.InProcessCalls));
            Report.Line($"allocations by type, sampled over {Report.N(options.InProcessCalls)} more calls (not timed):");
            foreach (var line in sampler.Top(15, options.InProcessCalls))
            {
                Report.Line("  " + line);
            }
        }

        return (medianNs, medianBytes);
    }

    private static async Task LoopAsync(IEchoGrain grain, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            await grain.EchoAsync(Payload);
        }
    }
}
