using System.Diagnostics;
using System.Globalization;
using System.Net;
using SessionGrains.Farm;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// A real web front end: <c>dotnet SessionGrains.WebFrontend.dll --urls http://127.0.0.1:port</c> in a child process,
/// in client mode (it hosts no grains and calls the silos it finds in Redis), its output logged to <c>{name}.log</c> in
/// the cluster's folder. Disposing kills it if it still runs.
/// </summary>
public sealed class FrontEndProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private FrontEndProcess(string name, Uri baseAddress, ChildProcess process)
    {
        Name = name;
        BaseAddress = baseAddress;
        _process = process;

        // Cookies are sent by hand, so that one cookie header can be replayed on another front end.
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client for this front end that keeps no cookies of its own.</summary>
    public HttpClient Http { get; }

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process wrote, each stamped with the time since it was started.</summary>
    public string Tail => _process.Tail;

    /// <summary>
    /// Starts a front end in client mode with <paramref name="environment"/> (Redis, cluster id) on a free loopback
    /// port; <see cref="WaitUntilHealthyAsync"/> tells when it serves.
    /// </summary>
    public static FrontEndProcess Start(string name, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var port = RedisServer.GetFreePort();
        var frontEndEnvironment = new Dictionary<string, string>(environment)
        {
            ["SessionGrains__Mode"] = "Client",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var dll = BuildOutputs.WebFrontendDll;
        var process = ChildProcess.Start(name, port, DotnetHost.Path, [dll, "--urls", baseAddress.ToString().TrimEnd('/')], frontEndEnvironment, logDirectory, Path.GetDirectoryName(dll));
        return new FrontEndProcess(name, baseAddress, process);
    }

    /// <summary>Waits until <c>/healthz</c> answers 200, which needs Redis and an active silo in the front end's view.</summary>
    /// <exception cref="TimeoutException">It was not healthy within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">It exited before it was healthy.</exception>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was healthy.");
            }

            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await Http.GetAsync("/healthz", probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {response.StatusCode}";
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet, or too slow on a loaded machine: ask again.
                last = exception.GetType().Name + ": " + exception.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} at {BaseAddress} did not answer /healthz with 200 within {timeout}; last: {last}.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
