using System.Diagnostics;
using System.Globalization;

namespace SessionGrains.Farm;

/// <summary>
/// One process of the farm: started with its own environment, its stdout and stderr written to <c>{name}.log</c> and
/// its pid to <c>{name}.pid</c> in the farm's folder, the last lines also kept in memory for a failure's report.
/// Disposing kills it (and its children) if it still runs.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 200;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ChildProcess(string name, int port, Process process, StreamWriter log)
    {
        Name = name;
        Port = port;
        _process = process;
        _log = log;
    }

    /// <summary>The process's name in the farm, such as <c>silo2</c>; also its log's name.</summary>
    public string Name { get; }

    /// <summary>The port it serves on.</summary>
    public int Port { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines it wrote, each stamped with the seconds since it started.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/> in <paramref name="directory"/>, logging to <paramref name="logDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">The process could not be started.</exception>
    public static ChildProcess Start(
        string name,
        int port,
        string executable,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string logDirectory,
        string? directory = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory ?? logDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, port, process, log);
        process.OutputDataReceived += (_, e) => child.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => child.Append("err", e.Data);
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"Could not start {name} ({executable}): {exception.Message}", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        File.WriteAllText(Path.Combine(logDirectory, name + ".pid"), process.Id.ToString(CultureInfo.InvariantCulture));
        return child;
    }

    /// <summary>Ends the process at once (SIGKILL): no goodbye, no hand-over, as a crash or an OOM kill would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Asks the process to stop (SIGTERM), as <c>docker stop</c> or systemd would.</summary>
    public void Terminate() => Signals.Terminate(_process.Id);

    /// <summary>Freezes the process (SIGSTOP): its sockets stay open and silent, as in a long GC pause or a VM stall.</summary>
    public void Pause() => Signals.Stop(_process.Id);

    /// <summary>Lets a paused process go on (SIGCONT).</summary>
    public void Resume() => Signals.Continue(_process.Id);

    /// <summary>Waits for the process to exit; false when it still runs after <paramref name="timeout"/>.</summary>
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
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            // Never started, already gone, or killed but not reaped in time: nothing more to do.
        }
        finally
        {
            _process.Dispose();
            lock (_tail)
            {
                _log.Dispose();
            }
        }
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        var stamped = string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,8:F3}s {stream}] {line}");
        lock (_tail)
        {
            _tail.Enqueue(stamped);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            try
            {
                _log.WriteLine(stamped);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after disposal has nowhere to go.
            }
        }
    }
}
