namespace SessionGrains.Grains.Tests;

/// <summary>
/// Calls the session and user grains as a front end does for each request: derive, then call with the grain key and the
/// proof. Every await is bounded.
/// </summary>
internal sealed class SessionClient(IGrainFactory grains, TimeSpan idleTimeout, TimeSpan absoluteLifetime)
{
    public static readonly DeviceInfo Device = new("xunit-browser/1.0", "192.0.2.10");

    public IGrainFactory Grains => grains;

    public TimeSpan IdleTimeout => idleTimeout;

    public TimeSpan AbsoluteLifetime => absoluteLifetime;

    /// <summary>The same front end, sending its calls through <paramref name="other"/>.</summary>
    public SessionClient Through(IGrainFactory other) => new(other, idleTimeout, absoluteLifetime);

    public ISessionGrain Grain(TestSession session) => grains.GetGrain<ISessionGrain>(session.GrainKey);

    public IUserGrain User(string userId) => grains.GetGrain<IUserGrain>(userId);

    public CreateSessionRequest Request(TestSession session) => new(session.PublicId, session.Proof, idleTimeout, absoluteLifetime, Device);

    /// <summary>Starts an anonymous session with a new secret.</summary>
    public async Task<TestSession> CreateAsync()
    {
        var session = TestSession.New();
        var snapshot = await Grain(session).CreateAsync(Request(session)).DefaultTimeout();
        Assert.NotNull(snapshot);
        return session;
    }

    public Task<SessionSnapshot?> LoadAsync(TestSession session) => Grain(session).LoadAsync(session.Proof).DefaultTimeout();

    public Task<SessionSummary?> GetSummaryAsync(TestSession session) => Grain(session).GetSummaryAsync().DefaultTimeout();

    public Task<long?> IncrementAsync(TestSession session, string key, long delta = 1) => Grain(session).IncrementAsync(session.Proof, key, delta).DefaultTimeout();

    public Task<SessionSnapshot?> SetAsync(TestSession session, string key, string value) =>
        Grain(session).ApplyAsync(session.Proof, new SessionChangeSet(System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add(key, value), [])).DefaultTimeout();

    /// <summary>Signs <paramref name="userId"/> in with a new secret, rotating <paramref name="current"/> when given.</summary>
    public async Task<SignIn> SignInAsync(string userId, TestSession? current = null, int maxSessions = 0, SessionCapPolicy policy = SessionCapPolicy.EvictOldest)
    {
        var session = TestSession.New();
        var request = new SignInRequest(session.GrainKey, Request(session), current?.GrainKey, current?.Proof, maxSessions, policy);
        var result = await User(userId).SignInAsync(request).DefaultTimeout();
        return new SignIn(session, result);
    }
}
