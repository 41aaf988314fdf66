using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace SessionGrains.FaultHarness.Reporting;

/// <summary>The machine a run was measured on, for the report: timings mean little without it.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Memory, string OperatingSystem, string Dotnet, string Redis, string Nginx, string LoadAverage)
{
    public static async Task<MachineInfo> ReadAsync() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadMemory(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        await VersionOfAsync("redis-server", "--version", @"v=(\S+)"),
        await VersionOfAsync("nginx", "-v", @"nginx/(\S+)"),
        ReadLoadAverage());

    public override string ToString() =>
        $"{Cores} cores (nproc), {Cpu}, {Memory} RAM, {OperatingSystem}, {Dotnet}, Redis {Redis}, nginx {Nginx}; load average before the run: {LoadAverage}";

    private static string ReadCpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
                ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
                : "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string ReadLoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string ReadMemory()
    {
        var bytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return $"{bytes / (1024.0 * 1024 * 1024):F0} GiB";
    }

    private static async Task<string> VersionOfAsync(string program, string argument, string pattern)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = Regex.Match(output, pattern);
            return match.Success ? match.Groups[1].Value : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}
