using System.Collections.Concurrent;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// What a front end holds for one session: the cookie's secret, and the values derived from it that it sends to grains.
/// Every secret made here is remembered, so a test can look for any of them in Redis or in logs.
/// </summary>
internal sealed class TestSession
{
    private static readonly ConcurrentBag<string> Secrets = [];

    private TestSession(SessionSecret secret)
    {
        Secret = secret;
        Credentials = secret.Derive();
    }

    public SessionSecret Secret { get; }

    public SessionCredentials Credentials { get; }

    public string GrainKey => Credentials.GrainKey;

    public string PublicId => Credentials.PublicId;

    public SessionProof Proof => Credentials.Proof;

    /// <summary>The text form of every secret generated in this test run.</summary>
    public static IReadOnlyCollection<string> AllSecrets => [.. Secrets];

    /// <summary>A new secret, as a front end makes for a new cookie.</summary>
    public static TestSession New()
    {
        var session = new TestSession(SessionSecret.Generate());
        Secrets.Add(session.Secret.Reveal());
        return session;
    }

    public override string ToString() => $"session {PublicId}";
}
