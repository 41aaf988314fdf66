using System.Globalization;
using SessionGrains.Farm;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// A real silo: <c>dotnet SessionGrains.Silo.dll</c> in a child process on a free loopback port, hosting the test
/// grains besides the session grains, its output logged to <c>{name}.log</c> in the cluster's folder. Disposing kills
/// it if it still runs.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SiloProcess(string name, int port, ChildProcess process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The silo's grain-protocol port, which identifies it in membership.</summary>
    public int Port { get; }

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process wrote, each stamped with the time since it was started.</summary>
    public string Tail => _process.Tail;

    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var port = RedisServer.GetFreePort();
        var siloEnvironment = new Dictionary<string, string>(environment)
        {
            ["SessionGrains__Silo__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["SessionGrains__Silo__ListenAddress"] = "127.0.0.1",
            ["SessionGrains__Silo__AdvertisedHost"] = "127.0.0.1",
            ["SessionGrains__Silo__GrainAssemblies__0"] = BuildOutputs.TestGrainsDll,
        };
        var dll = BuildOutputs.SiloDll;
        return new SiloProcess(name, port, ChildProcess.Start(name, port, DotnetHost.Path, [dll], siloEnvironment, logDirectory, Path.GetDirectoryName(dll)));
    }

    /// <summary>Ends the process at once (SIGKILL): no goodbye, no hand-over, as a crash or OOM kill would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Asks the process to stop (SIGTERM), as <c>docker stop</c> or systemd would.</summary>
    public void Terminate() => _process.Terminate();

    /// <summary>Freezes the process (SIGSTOP), its sockets open and silent.</summary>
    public void Pause() => _process.Pause();

    /// <summary>Lets the paused process go on (SIGCONT).</summary>
    public void Resume() => _process.Resume();

    /// <summary>Waits for the process to exit; returns false when it still runs after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
