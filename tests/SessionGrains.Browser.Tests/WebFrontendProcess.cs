using System.Diagnostics;
using System.Globalization;
using System.Net;
using SessionGrains.Farm;
using SessionGrains.TestKit;

namespace SessionGrains.Browser.Tests;

/// <summary>
/// The real front end: <c>dotnet SessionGrains.WebFrontend.dll --urls http://127.0.0.1:PORT</c> in a child process
/// (the farm library's <see cref="ChildProcess"/>), on its embedded default (no Redis). Disposing kills it.
/// </summary>
public sealed class WebFrontendProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly DirectoryInfo _logs;

    private WebFrontendProcess(ChildProcess process, DirectoryInfo logs, Uri baseAddress)
    {
        _process = process;
        _logs = logs;
        BaseAddress = baseAddress;
    }

    /// <summary>The front end's root, such as http://127.0.0.1:41234/ (always with a trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote, each stamped with the time since it was started.</summary>
    public string Tail => _process.Tail;

    /// <summary>Starts the front end on a free loopback port and returns once GET /healthz answers 200.</summary>
    public static async Task<WebFrontendProcess> StartAsync()
    {
        var dll = BuildOutputs.WebFrontendDll;
        var port = RedisServer.GetFreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_NOLOGO"] = "1" };
        var logs = Directory.CreateTempSubdirectory("sessiongrains-browser-");
        var process = ChildProcess.Start("frontend", port, DotnetHost.Path, [dll, "--urls", baseAddress.GetLeftPart(UriPartial.Authority)], environment, logs.FullName, Path.GetDirectoryName(dll));
        var frontEnd = new WebFrontendProcess(process, logs, baseAddress);
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
        await _process.DisposeAsync();
        _logs.Delete(recursive: true);
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
                    $"The front end exited with {_process.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was healthy. Its last lines:\n{Tail}");
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

        throw new TimeoutException($"The front end at {BaseAddress} was not healthy within {StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({last}). Its last lines:\n{Tail}");
    }
}
