using System.Globalization;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// A real silo: <c>dotnet SessionGrains.Silo.dll</c> in a child process on a free loopback port, hosting the test
/// grains besides the session grains. Disposing kills it if it still runs.
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

    /// <summary>Everything the process wrote so far, each line stamped with the time since it was started.</summary>
    public string Output => _process.Output;

    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var port = RedisServer.GetFreePort();
        var siloEnvironment = new Dictionary<string, string>(environment)
        {
            ["SessionGrains__Silo__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["SessionGrains__Silo__ListenAddress"] = "127.0.0.1",
            ["SessionGrains__Silo__AdvertisedHost"] = "127.0.0.1",
            ["SessionGrains__Silo__GrainAssemblies__0"] = BuildOutputs.TestGrainsDll,
        };
        return new SiloProcess(name, port, ChildProcess.Start(BuildOutputs.SiloDll, [], siloEnvironment));
    }

    /// <summary>Ends the process at once (SIGKILL): no goodbye, no hand-over, as a crash or OOM kill would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Asks the process to stop (SIGTERM), as <c>docker stop</c> or systemd would.</summary>
    public Task TerminateAsync() => _process.TerminateAsync();

    /// <summary>Waits for the process to exit; returns false when it still runs after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
