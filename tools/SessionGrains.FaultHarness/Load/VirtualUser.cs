using System.Diagnostics;
using System.Text.Json;

namespace SessionGrains.FaultHarness.Load;

/// <summary>
/// One browser: its own session cookie, POSTing /api/count in a loop, one request at a time, recording every request.
/// Cookies are kept by hand rather than in a <see cref="System.Net.CookieContainer"/>, so that a response that replaces
/// or deletes the session cookie (the session was lost) is seen.
/// </summary>
internal sealed class VirtualUser(int id, HttpClient http, Uri countUri, string cookieName, TimeSpan requestTimeout, TimeSpan think)
{
    private readonly List<RequestRecord> _records = new(capacity: 1024);
    private string? _cookie;
    private bool _hadSession;
    private long _acknowledged;

    public int Id { get; } = id;

    /// <summary>Every request so far, in order. Read it only once the loop has stopped.</summary>
    public IReadOnlyList<RequestRecord> Records => _records;

    /// <summary>How many of its requests were acknowledged so far; safe to read while the loop runs.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Loops until <paramref name="stop"/>; a request in flight then is finished, not cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await SendAsync();
            if (think > TimeSpan.Zero)
            {
                await Task.Delay(think, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Sends one POST /api/count with this user's cookie and records it. Not to be called while the loop runs.</summary>
    public async Task<RequestRecord> SendAsync()
    {
        var record = await SendOnceAsync();
        _records.Add(record);
        if (record.Succeeded)
        {
            Interlocked.Increment(ref _acknowledged);
        }

        return record;
    }

    private async Task<RequestRecord> SendOnceAsync()
    {
        var start = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(requestTimeout);

        // An empty POST must say Content-Length: 0, or nginx answers 411/400.
        using var request = new HttpRequestMessage(HttpMethod.Post, countUri) { Content = new ByteArrayContent([]) };
        if (_cookie is not null)
        {
            request.Headers.Add("Cookie", _cookie);
        }

        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var session = ReadSetCookie(response);
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                using var json = JsonDocument.Parse(body);
                return new RequestRecord(start, Stopwatch.GetTimestamp(), RequestOutcome.Acknowledged, status, json.RootElement.GetProperty("views").GetInt64(), session);
            }

            var outcome = status == 503 ? RequestOutcome.ServiceUnavailable : RequestOutcome.OtherStatus;
            return new RequestRecord(start, Stopwatch.GetTimestamp(), outcome, status, 0, session);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new RequestRecord(start, Stopwatch.GetTimestamp(), RequestOutcome.TimedOut, 0, 0, SessionChange.None);
        }
        catch (HttpRequestException)
        {
            return new RequestRecord(start, Stopwatch.GetTimestamp(), RequestOutcome.ConnectionFailed, 0, 0, SessionChange.None);
        }
    }

    private SessionChange ReadSetCookie(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return SessionChange.None;
        }

        var prefix = cookieName + "=";
        var change = SessionChange.None;
        foreach (var value in values.Where(v => v.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var end = value.IndexOf(';', StringComparison.Ordinal);
            var pair = end < 0 ? value : value[..end];
            if (pair.Length == prefix.Length)
            {
                change = SessionChange.Deleted;
                _cookie = null;
            }
            else
            {
                change = _hadSession ? SessionChange.Replaced : SessionChange.Created;
                _hadSession = true;
                _cookie = pair;
            }
        }

        return change;
    }
}
