using SessionGrains.Grains.Sessions;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// Managed memory per active session grain (issue 4's target, rerun for issue 11). One silo (with Redis storage) activates N signed-in sessions,
/// each with a device and a small data set, through the silo's own grain factory; the live heap is measured with
/// <see cref="GC.GetTotalMemory(bool)"/> before and after, and the difference divided by N. Nothing of the requests
/// is kept by the benchmark, so what remains is what the silo holds: Orleans' activation (its work queue, DI scope,
/// directory and catalog entries), the grain, its persistent state and the deadline timer. The client's host is in
/// the process too, idle, in both figures.
/// </summary>
internal static class GrainMemoryBenchmark
{
    private const int WarmupSessions = 1000;

    public static async Task RunAsync(BenchOptions options)
    {
        Report.Section($"Memory per active session grain: {Report.N(options.Activations)} sessions in one silo, Redis storage");
        await using var bench = await BenchCluster.StartAsync(silos: 1);
        var silo = bench.SiloGrainFactories[0];

        // Warm-up: the same path for a thousand sessions, so JIT, pools, Redis buffers and the catalog's first
        // growth are in the baseline, not in the figure.
        await CreateAsync(silo, 0, WarmupSessions);
        var activationsBefore = await bench.Management.GetTotalActivationCount();
        Report.Load("before");
        var before = SettledHeap();

        await CreateAsync(silo, WarmupSessions, options.Activations);
        var after = SettledHeap();
        var activated = await bench.Management.GetTotalActivationCount() - activationsBefore;
        if (activated != options.Activations)
        {
            throw new InvalidOperationException($"Expected {options.Activations} new activations, found {activated}.");
        }

        var perSession = (double)(after - before) / activated;
        Report.Line($"live heap: {Report.N(before)} B before, {Report.N(after)} B after {Report.N(activated)} activations; {Report.N(perSession)} B per active session grain");
        Report.Line($"process working set after: {Report.N(Environment.WorkingSet / (1024 * 1024))} MiB");
        Report.Target("issue 4 memory per active session grain <= 2 KB", perSession <= 2048, $"{Report.N(perSession)} B");
        if (options.HoldSeconds > 0)
        {
            Report.Line($"holding the activations for {options.HoldSeconds} s: dotnet-gcdump collect -p {Environment.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
        }

        GC.KeepAlive(bench);
    }

    private static async Task CreateAsync(IGrainFactory grains, int first, int count)
    {
        await BenchSessions.ForEachAsync(count, 64, async n =>
        {
            var i = first + n;
            var credentials = BenchSessions.NewCredentials();
            var created = await grains.GetGrain<ISessionGrain>(credentials.GrainKey)
                .CreateSignedInAsync(BenchSessions.Request(credentials, i), $"user-{i / 10}", BenchSessions.SmallData(i));
            if (created is null)
            {
                throw new InvalidOperationException($"Session {i} was not created.");
            }
        });
    }

    private static long SettledHeap()
    {
        // Let the last turns and their continuations finish, then collect until the figure stops moving.
        Thread.Sleep(500);
        var previous = long.MaxValue;
        for (var i = 0; i < 10; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var current = GC.GetTotalMemory(forceFullCollection: true);
            if (Math.Abs(current - previous) < 16 * 1024)
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }
}
