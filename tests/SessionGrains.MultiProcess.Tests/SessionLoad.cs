using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Load through one front end: per signed-in session, a loop of POST /api/count (each request abandoned after
/// <c>countTimeout</c>, so a request stuck on a dead silo does not stop the session from being tried again) and,
/// optionally, a loop of page views (GET /api/profile, the idempotent <c>LoadAsync</c>, never abandoned before 30 s).
/// </summary>
public sealed class SessionLoad : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly IReadOnlyList<SessionUser> _users;
    private readonly TimeSpan _countTimeout;
    private readonly TimeSpan _pause;
    private readonly bool _pageViews;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _countFailures = new();
    private readonly ConcurrentQueue<string> _pageViewFailures = new();
    private Task? _loops;
    private long _mark = long.MaxValue;
    private long _pageViewsServed;
    private long _slowestPageViewTicks;

    public SessionLoad(Uri frontEnd, IReadOnlyList<SessionUser> users, TimeSpan countTimeout, TimeSpan pause, bool pageViews)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = frontEnd, Timeout = Timeout.InfiniteTimeSpan };
        _users = users;
        _countTimeout = countTimeout;
        _pause = pause;
        _pageViews = pageViews;
    }

    public IReadOnlyList<SessionUser> Users => _users;

    /// <summary>Why each count request failed, with the time since the load started: in doubt, for a failure's diagnosis.</summary>
    public IReadOnlyCollection<string> CountFailures => _countFailures;

    /// <summary>Page views that did not answer 200.</summary>
    public IReadOnlyCollection<string> PageViewFailures => _pageViewFailures;

    public long PageViewsServed => Interlocked.Read(ref _pageViewsServed);

    public TimeSpan SlowestPageView => TimeSpan.FromTicks(Interlocked.Read(ref _slowestPageViewTicks));

    public long TotalAcknowledged => _users.Sum(u => u.Acknowledged);

    public long TotalInDoubt => _users.Sum(u => u.InDoubt);

    public void Start()
    {
        var loops = _users.Select(u => Task.Run(() => CountLoopAsync(u)));
        if (_pageViews)
        {
            loops = loops.Concat(_users.Select(u => Task.Run(() => PageViewLoopAsync(u))));
        }

        _loops = Task.WhenAll(loops.ToList());
    }

    /// <summary>Marks now: from here on, each session's first acknowledged request that started after it is timed.</summary>
    public void Mark()
    {
        foreach (var user in _users)
        {
            user.ResetMark();
        }

        Interlocked.Exchange(ref _mark, _clock.ElapsedTicks);
    }

    /// <summary>How long after <see cref="Mark"/> <paramref name="user"/> first answered; null if it has not yet.</summary>
    public TimeSpan? AnsweredAfterMark(SessionUser user) =>
        user.FirstAnswerAfterMark is var first && first == long.MaxValue ? null : Stopwatch.GetElapsedTime(0, first - Interlocked.Read(ref _mark));

    /// <summary>Stops the loops after their requests in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await (_loops ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await (_loops ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task CountLoopAsync(SessionUser user)
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = _clock.ElapsedTicks;
            using var timeout = new CancellationTokenSource(_countTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/count") { Content = new StringContent("") };
            request.Headers.Add("Cookie", user.Cookie);
            try
            {
                using var response = await _http.SendAsync(request, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var json = JsonDocument.Parse(body);
                    user.Acknowledge(json.RootElement.GetProperty("views").GetInt64(), started >= Interlocked.Read(ref _mark), _clock.ElapsedTicks);
                }
                else
                {
                    Doubt(user, $"{(int)response.StatusCode}: {body}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                Doubt(user, timeout.IsCancellationRequested ? $"abandoned after {_countTimeout.TotalSeconds:F1} s" : exception.Message);
            }

            await Task.Delay(_pause);
        }
    }

    private async Task PageViewLoopAsync(SessionUser user)
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
            request.Headers.Add("Cookie", user.Cookie);
            try
            {
                using var response = await _http.SendAsync(request, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _pageViewsServed);
                }
                else
                {
                    _pageViewFailures.Enqueue($"{user.SessionId} at {_clock.Elapsed.TotalSeconds:F3}s: {(int)response.StatusCode}: {body}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                _pageViewFailures.Enqueue($"{user.SessionId} at {_clock.Elapsed.TotalSeconds:F3}s: {exception.GetType().Name}: {exception.Message}");
            }

            var elapsed = Stopwatch.GetElapsedTime(started).Ticks;
            long slowest;
            while ((slowest = Interlocked.Read(ref _slowestPageViewTicks)) < elapsed && Interlocked.CompareExchange(ref _slowestPageViewTicks, elapsed, slowest) != slowest)
            {
            }

            await Task.Delay(_pause);
        }
    }

    private void Doubt(SessionUser user, string reason)
    {
        user.Doubt();
        _countFailures.Enqueue($"{user.SessionId} at {_clock.Elapsed.TotalSeconds:F3}s: {reason}");
    }
}
