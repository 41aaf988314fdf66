using SessionGrains.ClusterBenchmarks;

// dotnet run -c Release --project bench/SessionGrains.ClusterBenchmarks -- <inproc|calls|revoke-all|grain-memory|redis-memory|silent-expiry|all> [--option value ...]
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

Report.Machine();
foreach (var benchmark in options.Benchmarks)
{
    switch (benchmark)
    {
        case "inproc":
            await InProcessCallBenchmark.RunAsync(options);
            break;
        case "calls":
            await GrainCallBenchmark.RunAsync(options);
            break;
        case "revoke-all":
            await RevokeAllBenchmark.RunAsync(options);
            break;
        case "grain-memory":
            await GrainMemoryBenchmark.RunAsync(options);
            break;
        case "redis-memory":
            await RedisMemoryBenchmark.RunAsync(options);
            break;
        case "silent-expiry":
            await SilentExpiryBenchmark.RunAsync(options);
            break;
    }
}

return 0;
