using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>
/// Bad session cookies (tampered, truncated, oversized, garbage) count as no session: never a 5xx, a new session when
/// one is needed, and a warning <c>BadSessionCookie</c> that does not carry the cookie. Runs once per back end.
/// </summary>
public abstract class BadCookieTests(FrontendFixture fixture)
{
    private FrontendFactory Factory => fixture.Factory;

    public static TheoryData<string> Kinds => ["tampered", "truncated", "oversized", "garbage"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Profile_WithBadCookie_Returns401AndLogsWarningWithoutCookieValue(string kind)
    {
        // Arrange: a real signed-in session, and a bad cookie made from it.
        using var client = Factory.CreateRawClient();
        var (real, bad) = await SignedInCookieAsync(client, kind);
        var mark = Factory.Logs.Mark();

        // Act
        using var response = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", "sg=" + bad);

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        var warning = Assert.Single(Factory.Logs.Since(mark), e => e.EventId.Name == "BadSessionCookie");
        Assert.Equal(LogLevel.Warning, warning.Level);
        AssertLogHoldsNeither(bad, real);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Count_WithBadCookie_StartsNewSessionAndLeavesTheRealOneAlone(string kind)
    {
        // Arrange
        using var client = Factory.CreateRawClient();
        var (real, bad) = await SignedInCookieAsync(client, kind);
        using var realCount = await client.SendWithCookieAsync(HttpMethod.Post, "/api/count", "sg=" + real);
        Assert.Equal(1, (await realCount.ReadJsonAsync()).GetProperty("views").GetInt64());

        // Act
        using var response = await client.SendWithCookieAsync(HttpMethod.Post, "/api/count", "sg=" + bad);

        // Assert: a new, anonymous session with its own cookie; the real session is untouched.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("views").GetInt64());
        var fresh = SetCookies.ValueOf(response);
        Assert.NotEqual(bad, fresh);
        Assert.NotEqual(real, fresh);
        using var freshProfile = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", "sg=" + fresh);
        await freshProfile.AssertErrorAsync(HttpStatusCode.Unauthorized);
        using var realProfile = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", "sg=" + real);
        Assert.Equal(HttpStatusCode.OK, realProfile.StatusCode);
        AssertLogHoldsNeither(bad, real);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Login_WithBadCookie_SignsInWithNewSession(string kind)
    {
        // Arrange
        using var client = Factory.CreateRawClient();
        var (real, bad) = await SignedInCookieAsync(client, kind);

        // Act
        using var response = await client.SendWithCookieAsync(HttpMethod.Post, "/api/login", "sg=" + bad, ApiClientExtensions.LoginBody("bob"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fresh = SetCookies.ValueOf(response);
        Assert.NotEqual(real, fresh);
        using var profile = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", "sg=" + fresh);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        AssertLogHoldsNeither(bad, real);
    }

    [Fact]
    public async Task Plain_WithBadCookie_NeitherReadsNorLogsNorSetsCookie()
    {
        // Arrange
        using var client = Factory.CreateRawClient();
        var mark = Factory.Logs.Mark();

        // Act
        using var response = await client.SendWithCookieAsync(HttpMethod.Get, "/api/plain", "sg=garbage-that-is-never-read");

        // Assert: the cookie is read lazily, so an endpoint without session use never even looks at it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(SetCookies.All(response));
        Assert.DoesNotContain(Factory.Logs.Since(mark), e => e.EventId.Name == "BadSessionCookie");
    }

    [Fact]
    public async Task Profile_WithEmptyCookie_Returns401WithoutWarning()
    {
        // Arrange
        using var client = Factory.CreateRawClient();
        var mark = Factory.Logs.Mark();

        // Act
        using var response = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", "sg=");

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(Factory.Logs.Since(mark), e => e.EventId.Name == "BadSessionCookie");
    }

    /// <summary>Signs carol in and returns the real cookie value and a bad one of <paramref name="kind"/>.</summary>
    /// <remarks>Tests of a collection run one at a time, so carol's per-user cap never evicts a session a test still uses.</remarks>
    private static async Task<(string Real, string Bad)> SignedInCookieAsync(HttpClient client, string kind)
    {
        using var login = await client.SendWithCookieAsync(HttpMethod.Post, "/api/login", null, ApiClientExtensions.LoginBody("carol"));
        var real = SetCookies.ValueOf(login);
        return (real, kind switch
        {
            "tampered" => Tamper(real),
            "truncated" => real[..(real.Length * 2 / 3)],
            "oversized" => real + new string('A', 4097 - real.Length + 100),
            "garbage" => "this-is-no-session-cookie-" + Guid.NewGuid().ToString("n"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        });
    }

    /// <summary>Flips one character in the middle, inside the protected payload: the MAC must catch it.</summary>
    private static string Tamper(string cookie)
    {
        var chars = cookie.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private void AssertLogHoldsNeither(string bad, string real)
    {
        // Search for a long-enough piece: a short one could occur in any text by chance.
        var badPiece = bad.Length > 40 ? bad[..40] : bad;
        foreach (var entry in Factory.Logs.Entries)
        {
            Assert.DoesNotContain(badPiece, entry.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(real[..40], entry.AllText, StringComparison.Ordinal);
        }
    }
}
