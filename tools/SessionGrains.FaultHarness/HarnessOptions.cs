using System.Globalization;
using SessionGrains.Farm;
using SessionGrains.FaultHarness.Scenarios;

namespace SessionGrains.FaultHarness;

/// <summary>The harness's settings, from the command line (<see cref="Parse"/>); defaults are the full run's.</summary>
internal sealed class HarnessOptions
{
    public const string Usage = """
        usage: SessionGrains.FaultHarness [options]
          --users N              virtual users, one session each (default 50)
          --silos N              silo processes (default 3)
          --frontends N          front-end processes behind nginx (default 2)
          --scenarios LIST       any of a,b,c,d or silo-kill,frontend-stop,redis-restart,silo-stop
                                 (default a,d,b,c)
          --measure-membership N instead of the fault run: kill -9 one silo of --silos N times (a new
                                 one joins each time) and report how long until Redis membership said
                                 Dead; no front ends, no load
          --membership MODE      tuned (the project's defaults) or orleans (Orleans' own defaults:
                                 ProbeTimeout 5 s, MaxProbeTimeout 20 s, IAmAliveTablePublishTimeout 30 s,
                                 TableRefreshTimeout 1 min) (default tuned)
          --warmup S             seconds of load before the first fault (default 3)
          --duration S           seconds each fault's window lasts, from the fault (default 20)
          --settle S             seconds of load after each restore, before the next fault (default 5)
          --redis-outage S       seconds from stopping Redis to starting it again (default 1)
          --redis-stop MODE      term (SIGTERM, Redis flushes AOF), kill (SIGKILL), or pause
                                 (SIGSTOP, then SIGCONT: open connections, no answers) (default term)
          --stable S             recovered = requests succeed continuously this long (default 1)
          --slow S               a request slower than this is disrupted too, for recovery (default 1)
          --think MS             pause between a user's requests, in ms (default 0)
          --request-timeout S    a request with no answer by then is a hang (default 10)
          --setting KEY=VALUE    environment for every silo and front end, repeatable
                                 (SessionGrains__Redis__OperationTimeout=00:00:01)
          --work-dir DIR         logs, pids, nginx.conf (default: a new folder under the temp folder)
          --output FILE          also write the Markdown report to FILE
        """;

    public int Users { get; set; } = 50;

    public int Silos { get; set; } = 3;

    public int Frontends { get; set; } = 2;

    public IReadOnlyList<FaultKind> Scenarios { get; set; } = [FaultKind.SiloKill, FaultKind.SiloStop, FaultKind.FrontendStop, FaultKind.RedisRestart];

    /// <summary>How many kills <c>--measure-membership</c> times; 0 for the fault run.</summary>
    public int MembershipRuns { get; set; }

    /// <summary>Whether the membership measurement runs on Orleans' own defaults rather than the project's.</summary>
    public bool OrleansDefaults { get; set; }

    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RedisOutage { get; set; } = TimeSpan.FromSeconds(1);

    public RedisStopMode RedisStop { get; set; } = RedisStopMode.Terminate;

    public TimeSpan Stable { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan Slow { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan Think { get; set; } = TimeSpan.Zero;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>();

    public string? WorkDirectory { get; set; }

    public string? Output { get; set; }

    /// <summary>The arguments these options were parsed from, for the report's command line.</summary>
    public IReadOnlyList<string> Arguments { get; set; } = [];

    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or its value is invalid.</exception>
    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HarnessOptions { Arguments = args };
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--users": options.Users = Positive(name, value); break;
                case "--silos": options.Silos = Positive(name, value); break;
                case "--frontends": options.Frontends = Positive(name, value); break;
                case "--scenarios": options.Scenarios = ParseScenarios(value); break;
                case "--warmup": options.Warmup = Seconds(name, value); break;
                case "--duration": options.Duration = Seconds(name, value); break;
                case "--settle": options.Settle = Seconds(name, value); break;
                case "--redis-outage": options.RedisOutage = Seconds(name, value); break;
                case "--redis-stop": options.RedisStop = ParseRedisStop(value); break;
                case "--stable": options.Stable = Seconds(name, value); break;
                case "--slow": options.Slow = Seconds(name, value); break;
                case "--think": options.Think = TimeSpan.FromMilliseconds(Positive(name, value, allowZero: true)); break;
                case "--request-timeout": options.RequestTimeout = Seconds(name, value); break;
                case "--setting": AddSetting(settings, value); break;
                case "--measure-membership": options.MembershipRuns = Positive(name, value); break;
                case "--membership": options.OrleansDefaults = ParseMembership(value); break;
                case "--work-dir": options.WorkDirectory = value; break;
                case "--output": options.Output = value; break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (options.OrleansDefaults)
        {
            foreach (var (key, setting) in OrleansMembershipDefaults)
            {
                settings.TryAdd(key, setting);
            }
        }

        options.Settings = settings;
        if (options.Silos < 2 && (options.MembershipRuns > 0 || options.Scenarios.Contains(FaultKind.SiloKill) || options.Scenarios.Contains(FaultKind.SiloStop)))
        {
            throw new ArgumentException("Killing or stopping a silo needs --silos 2 or more.");
        }

        if (options.MembershipRuns == 0 && options.Frontends < 2 && options.Scenarios.Contains(FaultKind.FrontendStop))
        {
            throw new ArgumentException("Stopping a front end needs --frontends 2 or more.");
        }

        return options;
    }

    /// <summary>Orleans' own membership timings, over the project's tuned ones (SessionGrainsClusterExtensions).</summary>
    public static IReadOnlyDictionary<string, string> OrleansMembershipDefaults { get; } = new Dictionary<string, string>
    {
        ["SessionGrains__Orleans__Membership__ProbeTimeout"] = "00:00:05",
        ["SessionGrains__Orleans__Membership__MaxProbeTimeout"] = "00:00:20",
        ["SessionGrains__Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:30",
        ["SessionGrains__Orleans__Membership__TableRefreshTimeout"] = "00:01:00",
    };

    private static bool ParseMembership(string value) => value switch
    {
        "tuned" => false,
        "orleans" or "defaults" => true,
        _ => throw new ArgumentException($"--membership must be tuned or orleans, not '{value}'."),
    };

    private static void AddSetting(Dictionary<string, string> settings, string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--setting needs KEY=VALUE, not '{value}'.");
        }

        settings[value[..equals]] = value[(equals + 1)..];
    }

    private static RedisStopMode ParseRedisStop(string value) => value switch
    {
        "term" => RedisStopMode.Terminate,
        "kill" => RedisStopMode.Kill,
        "pause" => RedisStopMode.Pause,
        _ => throw new ArgumentException($"--redis-stop must be term, kill or pause, not '{value}'."),
    };

    private static List<FaultKind> ParseScenarios(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s switch
        {
            "a" or "silo-kill" => FaultKind.SiloKill,
            "b" or "frontend-stop" => FaultKind.FrontendStop,
            "c" or "redis-restart" => FaultKind.RedisRestart,
            "d" or "silo-stop" => FaultKind.SiloStop,
            _ => throw new ArgumentException($"Unknown scenario '{s}': use a, b, c, d, silo-kill, frontend-stop, redis-restart or silo-stop."),
        }).Distinct()];

    private static int Positive(string name, string value, bool allowZero = false) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && (number > 0 || allowZero && number == 0)
            ? number
            : throw new ArgumentException($"{name} must be a {(allowZero ? "non-negative" : "positive")} integer, not '{value}'.");

    private static TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} must be a number of seconds, not '{value}'.");
}
