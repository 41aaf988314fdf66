using System.Globalization;
using SessionGrains.Farm;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// A real Orleans silo: <c>dotnet SessionGrains.Silo.dll</c> in a child process, its silo and gateway ports free
/// loopback ports, its output logged to <c>{name}.log</c> in the cluster's folder. Disposing kills it if it still runs.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SiloProcess(string name, int port, int gatewayPort, ChildProcess process)
    {
        Name = name;
        Port = port;
        GatewayPort = gatewayPort;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The silo-to-silo port, which identifies it in membership.</summary>
    public int Port { get; }

    /// <summary>The port clients (front ends) connect to.</summary>
    public int GatewayPort { get; }

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process wrote, each stamped with the time since it was started.</summary>
    public string Tail => _process.Tail;

    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var port = RedisServer.GetFreePort();
        var gatewayPort = RedisServer.GetFreePort();
        var siloEnvironment = new Dictionary<string, string>(environment)
        {
            ["SessionGrains__Silo__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["SessionGrains__Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["SessionGrains__Silo__ListenAddress"] = "127.0.0.1",
            ["SessionGrains__Silo__AdvertisedHost"] = "127.0.0.1",
        };
        var dll = BuildOutputs.SiloDll;
        return new SiloProcess(name, port, gatewayPort, ChildProcess.Start(name, port, DotnetHost.Path, [dll], siloEnvironment, logDirectory, Path.GetDirectoryName(dll)));
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
