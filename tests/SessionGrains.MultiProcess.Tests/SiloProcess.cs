using System.Diagnostics;
using System.Text;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// A real silo: <c>dotnet SessionGrains.Silo.dll</c> in a child process configured by environment variables, its
/// stdout and stderr kept for the test's output. Disposing kills it if it still runs.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private SiloProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The silo's grain-protocol port, which identifies it in membership.</summary>
    public int Port { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far, each line stamped with the time since it was started.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var port = RedisServer.GetFreePort();
        var start = new ProcessStartInfo(FindDotnet())
        {
            ArgumentList = { BuildOutputs.SiloDll },
            WorkingDirectory = Path.GetDirectoryName(BuildOutputs.SiloDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["SessionGrains__Silo__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["SessionGrains__Silo__ListenAddress"] = "127.0.0.1";
        start.Environment["SessionGrains__Silo__AdvertisedHost"] = "127.0.0.1";
        start.Environment["SessionGrains__Silo__GrainAssemblies__0"] = BuildOutputs.TestGrainsDll;

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(name, port, process);
        process.OutputDataReceived += (_, e) => silo.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Ends the process at once (SIGKILL): no goodbye, no hand-over, as a crash or OOM kill would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Asks the process to stop (SIGTERM), as <c>docker stop</c> or systemd would.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().DefaultTimeout();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {ProcessId} exited with {kill.ExitCode}.");
    }

    /// <summary>Waits for the process to exit; returns false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string FindDotnet()
    {
        // The CLI tells child processes which dotnet runs them; use the same one for the silos.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(System.Globalization.CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F3}s {stream}] {line}").Append('\n');
        }
    }
}
