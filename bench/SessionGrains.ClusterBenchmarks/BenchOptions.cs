using System.Globalization;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>The command line: which benchmarks, and their sizes.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: SessionGrains.ClusterBenchmarks <inproc|calls|revoke-all|grain-memory|redis-memory|silent-expiry|all> [options]
          --silos N        silos for calls (default 3; 1 = one silo + the client)
          --callers N      concurrent callers of the throughput run (default 64)
          --seconds N      length of each throughput run (default 10)
          --calls N        calls of the unloaded single-caller run (default 20000)
          --inproc-calls N calls per round of inproc (default 500000)
          --rounds N       repetitions of each measurement (default 3)
          --sessions N     sessions of the user for revoke-all (default 1000)
          --activations N  session grains activated for grain-memory (default 20000)
          --hold N         seconds grain-memory waits after measuring, for a heap snapshot (dotnet-gcdump; default none)
          --users N        users for redis-memory (default 100; sessions are spread evenly over them)
          --redis-sessions N  signed-in sessions for redis-memory (default 1000)
          --expiring-sessions N  signed-in sessions for silent-expiry, over --users users (default 10000)
        """;

    public IReadOnlyList<string> Benchmarks { get; private init; } = [];

    public int Silos { get; private set; } = 3;

    public int Callers { get; private set; } = 64;

    public int Seconds { get; private set; } = 10;

    public int Calls { get; private set; } = 20_000;

    public int InProcessCalls { get; private set; } = 500_000;

    public int Rounds { get; private set; } = 3;

    public int Sessions { get; private set; } = 1000;

    public int Activations { get; private set; } = 20_000;

    public int HoldSeconds { get; private set; }

    public int Users { get; private set; } = 100;

    public int RedisSessions { get; private set; } = 1000;

    public int ExpiringSessions { get; private set; } = 10_000;

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0)
        {
            return null;
        }

        string[] all = ["inproc", "calls", "revoke-all", "grain-memory", "redis-memory", "silent-expiry"];
        var options = new BenchOptions { Benchmarks = args[0] == "all" ? all : all.Contains(args[0]) ? [args[0]] : [] };
        if (options.Benchmarks.Count == 0 || args.Length % 2 == 0)
        {
            return null;
        }

        for (var i = 1; i < args.Length; i += 2)
        {
            if (!int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return null;
            }

            switch (args[i])
            {
                case "--silos": options.Silos = value; break;
                case "--callers": options.Callers = value; break;
                case "--seconds": options.Seconds = value; break;
                case "--calls": options.Calls = value; break;
                case "--inproc-calls": options.InProcessCalls = value; break;
                case "--rounds": options.Rounds = value; break;
                case "--sessions": options.Sessions = value; break;
                case "--activations": options.Activations = value; break;
                case "--hold": options.HoldSeconds = value; break;
                case "--users": options.Users = value; break;
                case "--redis-sessions": options.RedisSessions = value; break;
                case "--expiring-sessions": options.ExpiringSessions = value; break;
                default: return null;
            }
        }

        return options;
    }
}
