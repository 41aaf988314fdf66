using System.Net;

namespace SessionGrains.FaultHarness.Load;

/// <summary>
/// K virtual users against one address, each with its own session, sharing one connection pool (one connection per
/// user in flight, as K browsers would have).
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public LoadGenerator(Uri baseAddress, int users, TimeSpan requestTimeout, TimeSpan think)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = requestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var countUri = new Uri(baseAddress, "api/count");
        Users = [.. Enumerable.Range(0, users).Select(i => new VirtualUser(i, _http, countUri, "sg", requestTimeout, think))];
    }

    public IReadOnlyList<VirtualUser> Users { get; }

    public void Start() => _running = Task.WhenAll(Users.Select(u => Task.Run(() => u.RunAsync(_stop.Token))));

    /// <summary>Stops the loops after their requests in flight; returns once every loop has ended.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await (_running ?? Task.CompletedTask);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await (_running ?? Task.CompletedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _http.Dispose();
    }
}
