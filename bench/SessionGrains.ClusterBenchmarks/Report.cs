using System.Globalization;
using System.Runtime.InteropServices;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>Writes what the run measured, with the machine and its load, one fact per line.</summary>
internal static class Report
{
    public static void Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        Line($"machine: {Environment.ProcessorCount} CPUs ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Line($"GC: server={System.Runtime.GCSettings.IsServerGC}, latency mode={System.Runtime.GCSettings.LatencyMode}");
        Load("start");
    }

    /// <summary>The 1/5/15-minute load averages: other engineers' runs share this machine.</summary>
    public static void Load(string when)
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        Line($"load average ({when}): {load}");
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"## {title}");
    }

    public static void Line(string text) => Console.WriteLine(text);

    public static void Target(string name, bool met, string detail) =>
        Console.WriteLine($"TARGET {name}: {(met ? "MET" : "NOT MET")} ({detail})");

    public static string Us(double microseconds) => microseconds.ToString("F1", CultureInfo.InvariantCulture) + " µs";

    public static string Ms(double milliseconds) => milliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
