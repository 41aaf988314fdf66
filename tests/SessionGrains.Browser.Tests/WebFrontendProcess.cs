using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace SessionGrains.Browser.Tests;

/// <summary>
/// The real front end: <c>dotnet SessionGrains.WebFrontend.dll --urls http://127.0.0.1:PORT</c> in a child process, on
/// its embedded default (no Redis), with stdout and stderr kept for the test's output. Disposing kills it.
/// <c>SESSIONGRAINS_WEBFRONTEND_DLL</c> overrides where the front end's build output is looked for.
/// </summary>
public sealed class WebFrontendProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private WebFrontendProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The front end's root, such as http://127.0.0.1:41234/ (always with a trailing slash).</summary>
    public Uri BaseAddress { get; }

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

    /// <summary>Starts the front end on a free loopback port and returns once GET /healthz answers 200.</summary>
    public static async Task<WebFrontendProcess> StartAsync()
    {
        var dll = FindWebFrontendDll();
        var port = GetFreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var start = new ProcessStartInfo(FindDotnet())
        {
            ArgumentList = { dll, "--urls", baseAddress.GetLeftPart(UriPartial.Authority) },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var process = new Process { StartInfo = start };
        var frontEnd = new WebFrontendProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => frontEnd.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => frontEnd.Append("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await frontEnd.WaitUntilHealthyAsync();
            return frontEnd;
        }
        catch
        {
            await frontEnd.DisposeAsync();
            throw;
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
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        catch (TimeoutException)
        {
            // Killed but not reaped in time; nothing more to do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The front end exited with {_process.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was healthy. Its output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"GET /healthz answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = $"GET /healthz failed: {e.Message}";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The front end at {BaseAddress} was not healthy within {StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({last}). Its output:\n{Output}");
    }

    private static string FindWebFrontendDll()
    {
        if (Environment.GetEnvironmentVariable("SESSIONGRAINS_WEBFRONTEND_DLL") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"SESSIONGRAINS_WEBFRONTEND_DLL names '{configured}', which does not exist.");
        }

        var assembly = typeof(WebFrontendProcess).Assembly;
        var outputDirectory = new DirectoryInfo(Path.GetDirectoryName(assembly.Location)!);
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var targetFramework = outputDirectory.Name;
        for (var directory = outputDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SessionGrains.sln")))
            {
                var candidate = Path.Combine(directory.FullName, "src", "WebFrontend", "bin", configuration, targetFramework, "SessionGrains.WebFrontend.dll");
                return File.Exists(candidate)
                    ? candidate
                    : throw new FileNotFoundException($"The front end was not built at '{candidate}': build the solution (dotnet build -c {configuration}) or set SESSIONGRAINS_WEBFRONTEND_DLL.");
            }
        }

        throw new DirectoryNotFoundException($"No SessionGrains.sln above '{outputDirectory.FullName}': set SESSIONGRAINS_WEBFRONTEND_DLL to the front end's SessionGrains.WebFrontend.dll.");
    }

    private static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindDotnet()
    {
        // The CLI tells child processes which dotnet runs them; use the same one for the front end.
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
            _output.Append(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F3}s {stream}] {line}").Append('\n');
        }
    }
}
