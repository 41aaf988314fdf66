using System.Diagnostics;

namespace SessionGrains.Farm;

/// <summary>Finds a program of Debian's packages, installing its package with apt-get when it is missing and this runs as root.</summary>
internal static class SystemPackages
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<string> RequireAsync(string program, string package, CancellationToken cancellationToken)
    {
        if (Find(program) is { } found)
        {
            return found;
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"{program} was not found: install it (sudo apt-get install {package}).");
        }

        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (Find(program) is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }

            await RunAsync("apt-get", ["update", "-qq"], cancellationToken);
            await RunAsync("apt-get", ["install", "-y", "-qq", package], cancellationToken);
            return Find(program) ?? throw new InvalidOperationException($"apt-get installed {package}, but {program} is still not found.");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string? Find(string program)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]);
        return directories.Where(d => d.Length > 0).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    private static async Task RunAsync(string executable, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
