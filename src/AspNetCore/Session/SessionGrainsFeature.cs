using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;

namespace SessionGrains.AspNetCore.Session;

/// <summary>
/// One request's session. The cookie is read and the grain called only when something asks; changes made through
/// <see cref="ISession"/> are kept here and committed as one delta when the response starts.
/// </summary>
internal sealed partial class SessionGrainsFeature : ISessionGrainsFeature, ISessionFeature
{
    /// <summary>Marks values written through <see cref="ISession"/> (base64); other values are text, such as counters.</summary>
    internal const char BinaryMarker = '~';

    private readonly HttpContext _context;
    private readonly SessionGrainsRequestServices _services;
    private readonly Dictionary<string, string?> _pending = new(StringComparer.Ordinal);
    private bool _cookieRead;
    private SessionCredentials? _credentials;
    private SessionSnapshot? _snapshot;
    private bool _loaded;
    private bool _created;
    private ISession? _session;
    private (SessionSecret Secret, SessionCredentials Credentials)? _reserved;

    public SessionGrainsFeature(HttpContext context, SessionGrainsRequestServices services)
    {
        _context = context;
        _services = services;
    }

    public ISession Session
    {
        get => _session ??= new GrainSession(this);
        set => _session = value;
    }

    internal SessionSnapshot? Snapshot => _snapshot;

    /// <summary>
    /// The id for <see cref="GetPublicIdAsync"/> once the session is loaded: the current session's, else the one
    /// reserved for the session this request may create.
    /// </summary>
    internal string LoadedPublicId => _credentials?.PublicId ?? Reserve().Credentials.PublicId;

    internal bool IsLoaded => _loaded;

    internal IReadOnlyDictionary<string, string?> Pending => _pending;

    private SessionGrainsOptions Options => _services.Options;

    public async Task<SessionSnapshot?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
        {
            return _snapshot;
        }

        ReadCookie();
        if (_credentials is { } credentials)
        {
            var snapshot = await Grain(credentials).LoadAsync(credentials.Proof).WaitAsync(cancellationToken);
            if (snapshot is not null && Options.BindToUserAgent && snapshot.Device?.UserAgent != UserAgent())
            {
                Log.UserAgentChanged(_services.Logger, snapshot.PublicId);
                await Grain(credentials).SignOutAsync(credentials.Proof).WaitAsync(cancellationToken);
                snapshot = null;
            }

            if (snapshot is null)
            {
                Forget();
            }

            _snapshot = snapshot;
        }

        _loaded = true;
        return _snapshot;
    }

    public async Task<string> GetPublicIdAsync(CancellationToken cancellationToken = default)
    {
        await GetCurrentAsync(cancellationToken);
        return LoadedPublicId;
    }

    public async Task<SignInResult> SignInAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var current = await GetCurrentAsync(cancellationToken) is null ? null : _credentials;
        var secret = SessionSecret.Generate();
        var credentials = secret.Derive();
        var request = new SignInRequest(
            credentials.GrainKey,
            NewSessionRequest(credentials),
            current?.GrainKey,
            current?.Proof,
            Options.MaxSessionsPerUser,
            Options.CapPolicy);
        var result = await _services.GrainFactory.GetGrain<IUserGrain>(userId).SignInAsync(request).WaitAsync(cancellationToken);
        if (result.Status == SignInStatus.SignedIn)
        {
            Adopt(secret, credentials, result.Session);
        }

        return result;
    }

    public async Task<bool> SignOutAsync(CancellationToken cancellationToken = default)
    {
        ReadCookie();
        var credentials = _credentials;
        Forget();
        _loaded = true;
        return credentials is not null && await Grain(credentials).SignOutAsync(credentials.Proof).WaitAsync(cancellationToken);
    }

    public async Task<ImmutableArray<SessionSummary>> ListDevicesAsync(CancellationToken cancellationToken = default) =>
        await GetCurrentAsync(cancellationToken) is { UserId: { } userId }
            ? await _services.GrainFactory.GetGrain<IUserGrain>(userId).ListSessionsAsync().WaitAsync(cancellationToken)
            : [];

    public async Task<bool> RevokeAsync(string publicId, CancellationToken cancellationToken = default)
    {
        if (await GetCurrentAsync(cancellationToken) is not { UserId: { } userId } current
            || !await _services.GrainFactory.GetGrain<IUserGrain>(userId).RevokeAsync(publicId).WaitAsync(cancellationToken))
        {
            return false;
        }

        // Revoking this very session ends it now: the response drops the cookie, as signing out does.
        if (publicId == current.PublicId)
        {
            Forget();
        }

        return true;
    }

    public async Task<int> RevokeAllAsync(bool includeCurrent, CancellationToken cancellationToken = default)
    {
        if (await GetCurrentAsync(cancellationToken) is not { UserId: { } userId } current)
        {
            return 0;
        }

        var revoked = await _services.GrainFactory.GetGrain<IUserGrain>(userId)
            .RevokeAllAsync(includeCurrent ? null : current.PublicId).WaitAsync(cancellationToken);
        if (includeCurrent)
        {
            Forget();
        }

        return revoked;
    }

    public async Task<long> IncrementAsync(string key, long delta = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ReadCookie();
        if (!_loaded && _credentials is { } fromCookie && !Options.BindToUserAgent)
        {
            // The grain checks the proof and the deadlines itself, so a session nothing has loaded yet needs one call.
            if (await Grain(fromCookie).IncrementAsync(fromCookie.Proof, key, delta).WaitAsync(cancellationToken) is { } sum)
            {
                return sum;
            }

            Forget();
            _loaded = true;
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var credentials = await EnsureSessionAsync(cancellationToken);
            if (await Grain(credentials).IncrementAsync(credentials.Proof, key, delta).WaitAsync(cancellationToken) is { } sum)
            {
                return sum;
            }

            // The session ended between loading and incrementing: start a fresh one.
            Forget();
        }

        throw new InvalidOperationException("The session ended twice while incrementing; giving up.");
    }

    /// <summary>Commits what <see cref="ISession"/> changed, creating the session if it has none.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var set = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var remove = ImmutableArray.CreateBuilder<string>();
        foreach (var (key, value) in _pending)
        {
            if (value is null)
            {
                remove.Add(key);
            }
            else
            {
                set[key] = value;
            }
        }

        _pending.Clear();
        if (_context.Response.HasStarted && await GetCurrentAsync(cancellationToken) is null)
        {
            // Too late to send a cookie: a session created now could never be found again.
            Log.CommitTooLate(_services.Logger);
            return;
        }

        var credentials = await EnsureSessionAsync(cancellationToken);
        _snapshot = await Grain(credentials).ApplyAsync(credentials.Proof, new SessionChangeSet(set.ToImmutable(), remove.ToImmutable())).WaitAsync(cancellationToken);
        _services.Metrics.Committed();
        if (_snapshot is null)
        {
            Log.CommitLost(_services.Logger, credentials.PublicId);
        }
    }

    internal void Stage(string key, string? value) => _pending[key] = value;

    /// <summary>Commits when the response starts; a failure is logged, since the response can no longer report it.</summary>
    internal async Task CommitOnStartAsync()
    {
        try
        {
            await CommitAsync(_context.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.CommitFailed(_services.Logger, exception);
        }
    }

    private async Task<SessionCredentials> EnsureSessionAsync(CancellationToken cancellationToken)
    {
        if (await GetCurrentAsync(cancellationToken) is not null && _credentials is { } existing)
        {
            return existing;
        }

        // The reserved secret, so that an id read earlier in this request is the new session's id.
        var (secret, credentials) = Reserve();
        var snapshot = await Grain(credentials).CreateAsync(NewSessionRequest(credentials)).WaitAsync(cancellationToken)
            ?? throw new InvalidOperationException("A new session's key was already in use.");
        _reserved = null;
        Adopt(secret, credentials, snapshot);
        return credentials;
    }

    /// <summary>
    /// The secret of the session this request would create, made at first need and kept until a session is created
    /// with it: only then is it sent, in the cookie, so reserving one costs no grain call and leaves nothing behind.
    /// </summary>
    private (SessionSecret Secret, SessionCredentials Credentials) Reserve()
    {
        if (_reserved is not { } reserved)
        {
            var secret = SessionSecret.Generate();
            reserved = (secret, secret.Derive());
            _reserved = reserved;
        }

        return reserved;
    }

    private CreateSessionRequest NewSessionRequest(SessionCredentials credentials) =>
        new(credentials.PublicId, credentials.Proof, Options.IdleTimeout, Options.AbsoluteTimeout,
            new DeviceInfo(UserAgent(), _context.Connection.RemoteIpAddress?.ToString()));

    private void Adopt(SessionSecret secret, SessionCredentials credentials, SessionSnapshot? snapshot)
    {
        _credentials = credentials;
        _snapshot = snapshot;
        _loaded = true;
        _created = true;
        _services.Metrics.SessionCreated();
        DropSetCookie();
        _context.Response.Cookies.Append(CookieName(), _services.Protector.Protect(secret), CookieOptions(snapshot?.AbsoluteExpiresAt));
    }

    /// <summary>
    /// Drops a Set-Cookie for the session cookie that this request already queued (the deletion of an ended session's
    /// cookie), so the response sets it once: RFC 6265 asks for no two Set-Cookie of one name in a response.
    /// </summary>
    private void DropSetCookie()
    {
        var headers = _context.Response.Headers;
        var prefix = CookieName() + "=";
        if (headers.SetCookie.Any(value => value?.StartsWith(prefix, StringComparison.Ordinal) == true))
        {
            headers.SetCookie = new StringValues([.. headers.SetCookie.Where(value => value?.StartsWith(prefix, StringComparison.Ordinal) != true)]);
        }
    }

    /// <summary>Drops the current session from this request and tells the browser to drop its cookie.</summary>
    private void Forget()
    {
        var hadCookie = _credentials is not null && !_created;
        _credentials = null;
        _snapshot = null;
        if (hadCookie && !_context.Response.HasStarted)
        {
            _context.Response.Cookies.Delete(CookieName(), CookieOptions(null));
        }
    }

    private void ReadCookie()
    {
        if (_cookieRead)
        {
            return;
        }

        _cookieRead = true;
        if (!_context.Request.Cookies.TryGetValue(CookieName(), out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return;
        }

        if (cookie.Length > Options.MaxCookieLength)
        {
            BadCookie("oversized");
        }
        else if (_services.Protector.TryRead(cookie, out var credentials))
        {
            _credentials = credentials;
        }
        else
        {
            BadCookie("unreadable");
        }
    }

    private void BadCookie(string problem)
    {
        // Never log the cookie's value: it could be a real, merely truncated, session.
        Log.BadCookie(_services.Logger, problem, _context.Connection.RemoteIpAddress?.ToString());
        _services.Metrics.BadCookie(problem);
    }

    private string CookieName() => _context.Request.IsHttps ? "__Host-" + Options.CookieName : Options.CookieName;

    private CookieOptions CookieOptions(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Path = "/",
        SameSite = Options.CookieSameSite,
        Secure = Options.CookieSecure == CookieSecurePolicy.Always || (Options.CookieSecure == CookieSecurePolicy.SameAsRequest && _context.Request.IsHttps),
        IsEssential = true,
        Expires = expires,
    };

    private string? UserAgent()
    {
        var agent = _context.Request.Headers[HeaderNames.UserAgent].ToString();
        return agent.Length == 0 ? null : agent.Length > 256 ? agent[..256] : agent;
    }

    private ISessionGrain Grain(SessionCredentials credentials) => _services.GrainFactory.GetGrain<ISessionGrain>(credentials.GrainKey);

    private static partial class Log
    {
        [LoggerMessage(8001, LogLevel.Warning, "Ignored a {Problem} session cookie from {RemoteIp}; the request has no session.", EventName = "BadSessionCookie")]
        public static partial void BadCookie(ILogger logger, string problem, string? remoteIp);

        [LoggerMessage(8002, LogLevel.Warning, "Session {PublicId} ended: its User-Agent changed.", EventName = "SessionUserAgentChanged")]
        public static partial void UserAgentChanged(ILogger logger, string publicId);

        [LoggerMessage(8003, LogLevel.Error, "Committing the session failed; its changes are lost.", EventName = "SessionCommitFailed")]
        public static partial void CommitFailed(ILogger logger, Exception exception);

        [LoggerMessage(8004, LogLevel.Warning, "Session {PublicId} ended before its changes were committed; they are lost.", EventName = "SessionCommitLost")]
        public static partial void CommitLost(ILogger logger, string publicId);

        [LoggerMessage(8005, LogLevel.Warning, "Session changes made after the response started, in a request without a session, are lost: a new session's cookie can no longer be sent.", EventName = "SessionCommitTooLate")]
        public static partial void CommitTooLate(ILogger logger);
    }
}
