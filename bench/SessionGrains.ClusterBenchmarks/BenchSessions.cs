using System.Collections.Immutable;
using System.Globalization;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>Sessions as a front end makes them: a fresh secret, derived one way, a device, the default timeouts.</summary>
internal static class BenchSessions
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);

    /// <summary>A typical desktop browser's User-Agent (101 characters).</summary>
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    /// <summary>A small data set: a view counter, a theme and a locale, as a demo app keeps them.</summary>
    public static ImmutableDictionary<string, string> SmallData(int i) => ImmutableDictionary<string, string>.Empty
        .Add("views", (i % 97 + 1).ToString(CultureInfo.InvariantCulture))
        .Add("theme", "dark")
        .Add("locale", "en-GB");

    public static SessionCredentials NewCredentials() => SessionSecret.Generate().Derive();

    public static CreateSessionRequest Request(SessionCredentials credentials, int i) => new(
        credentials.PublicId,
        credentials.Proof,
        IdleTimeout,
        AbsoluteLifetime,
        new DeviceInfo(UserAgent, $"203.0.113.{i % 250 + 1}"));

    /// <summary>A sign-in with a new secret and no current session, without a cap.</summary>
    public static (SessionCredentials Credentials, SignInRequest Request) SignIn(int i)
    {
        var credentials = NewCredentials();
        return (credentials, new SignInRequest(credentials.GrainKey, Request(credentials, i), null, null, 0, SessionCapPolicy.EvictOldest));
    }

    /// <summary>Runs <paramref name="work"/> for 0..<paramref name="count"/>-1 with at most <paramref name="parallelism"/> in flight.</summary>
    public static Task ForEachAsync(int count, int parallelism, Func<int, Task> work) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) => await work(i));
}
