using System.Net.Http.Json;

namespace SessionGrains.AspNetCore.Tests.WebFrontend.Api;

/// <summary>
/// The JSON API of src/WebFrontend, endpoint by endpoint, with exact status codes and JSON shapes. Each browser is an
/// HttpClient with its own cookie jar. Runs once per back end (see the derived classes). This part: sign-in, profile
/// and the counter; the other parts: what sign-in carries over (Rotation), and devices, log out, health (Devices).
/// </summary>
public abstract partial class SessionApiTests(FrontendFixture fixture)
{
    private FrontendFactory Factory => fixture.Factory;

    [Fact]
    public async Task Login_WithRightPassword_Returns200WithUserAndSessionIdAndSetsCookie()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.LoginAsync("alice", "alice-dev-password");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        json.AssertProperties("user", "sessionId");
        Assert.Equal("alice", json.GetProperty("user").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("sessionId").GetString()));
        var cookie = SetCookies.Find(response);
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.False(cookie.Secure);
        Assert.True(cookie.Value.Length > 0);
        Assert.InRange(cookie.Expires!.Value, DateTimeOffset.UtcNow.AddHours(11), DateTimeOffset.UtcNow.AddHours(12.1));
    }

    [Fact]
    public async Task Login_OverHttps_SetsSecureHostPrefixedCookie()
    {
        // Arrange
        using var browser = Factory.CreateBrowser(baseAddress: "https://localhost/");

        // Act
        using var response = await browser.LoginAsync("bob", "bob-dev-password");
        using var profile = await browser.GetProfileAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(SetCookies.Find(response, "sg"));
        var cookie = SetCookies.Find(response, "__Host-sg");
        Assert.NotNull(cookie);
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.True(cookie.Domain.Length == 0, "A __Host- cookie must not name a domain.");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("alice", "")]
    [InlineData("mallory", "alice-dev-password")]
    [InlineData("ALICE", "alice-dev-password")]
    public async Task Login_WithBadCredentials_Returns401ErrorWithoutCookie(string username, string password)
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.LoginAsync(username, password);

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(SetCookies.All(response));
    }

    [Theory]
    [InlineData("{not json", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("[1,2]", "application/json")]
    [InlineData("{\"username\":1,\"password\":2}", "application/json")]
    [InlineData("{\"username\":\"alice\",\"password\":\"alice-dev-password\"", "application/json")]
    [InlineData("username=alice&password=alice-dev-password", "application/x-www-form-urlencoded")]
    [InlineData("{\"username\":\"alice\",\"password\":\"alice-dev-password\"}", "text/plain")]
    public async Task Login_WithMalformedBody_Returns400Error(string body, string mediaType)
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.PostRawAsync("/api/login", body, mediaType);

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Empty(SetCookies.All(response));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"username\":\"alice\"}")]
    [InlineData("{\"password\":\"alice-dev-password\"}")]
    [InlineData("{\"username\":\"\",\"password\":\"alice-dev-password\"}")]
    [InlineData("{\"username\":null,\"password\":\"alice-dev-password\"}")]
    public async Task Login_WithMissingFields_Returns400Error(string body)
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.PostRawAsync("/api/login", body);

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Empty(SetCookies.All(response));
    }

    [Fact]
    public async Task Login_AfterAnonymousUse_RotatesCookieAndEndsTheAnonymousSession()
    {
        // Arrange: an anonymous session with one view, held as a raw cookie.
        var user = fixture.NewUser();
        using var client = Factory.CreateRawClient();
        using var first = await client.PostCountAsync();
        var anonymous = "sg=" + SetCookies.ValueOf(first);

        // Act
        using var login = await client.SendWithCookieAsync(HttpMethod.Post, "/api/login", anonymous, ApiClientExtensions.LoginBody(user));
        var signedIn = "sg=" + SetCookies.ValueOf(login);
        using var replayed = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", anonymous);
        using var counted = await client.SendWithCookieAsync(HttpMethod.Post, "/api/count", signedIn);

        // Assert: a new secret; the old cookie names no session any more; the data moved over.
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotEqual(anonymous, signedIn);
        await replayed.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(2, (await counted.ReadJsonAsync()).GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task Profile_WhenSignedIn_Returns200WithSessionTimes()
    {
        // Arrange
        var user = fixture.NewUser();
        using var browser = Factory.CreateBrowser();
        var sessionId = await browser.SignInAsync(user);

        // Act
        using var response = await browser.GetProfileAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        json.AssertProperties("user", "sessionId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt");
        Assert.Equal(user, json.GetProperty("user").GetString());
        Assert.Equal(sessionId, json.GetProperty("sessionId").GetString());
        var createdAt = json.GetTime("createdAt");
        var lastSeenAt = json.GetTime("lastSeenAt");
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.True(lastSeenAt >= createdAt);
        Assert.Equal(TimeSpan.FromMinutes(20), json.GetTime("idleExpiresAt") - lastSeenAt);
        Assert.Equal(TimeSpan.FromHours(12), json.GetTime("absoluteExpiresAt") - createdAt);
    }

    [Fact]
    public async Task Profile_WithoutSession_Returns401Error()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.GetProfileAsync();

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(SetCookies.All(response));
    }

    [Fact]
    public async Task Profile_WithAnonymousSession_Returns401Error()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();
        Assert.Equal(1, await browser.CountAsync());

        // Act
        using var response = await browser.GetProfileAsync();

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Count_WithoutSession_CreatesAnonymousSessionAndReturnsOne()
    {
        // Arrange
        using var client = Factory.CreateRawClient();

        // Act
        using var first = await client.PostCountAsync();
        var cookie = "sg=" + SetCookies.ValueOf(first);
        using var second = await client.SendWithCookieAsync(HttpMethod.Post, "/api/count", cookie);

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var json = await first.ReadJsonAsync();
        json.AssertProperties("views");
        Assert.Equal(1, json.GetProperty("views").GetInt64());
        Assert.Equal(2, (await second.ReadJsonAsync()).GetProperty("views").GetInt64());
        Assert.Null(SetCookies.Find(second));
    }

    [Fact]
    public async Task Count_ManyConcurrentRequests_LosesNoIncrement()
    {
        // Arrange
        const int Requests = 20;
        using var browser = Factory.CreateBrowser();
        Assert.Equal(1, await browser.CountAsync());

        // Act
        var views = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => browser.CountAsync())).DefaultTimeout();

        // Assert: every request saw its own value, none was lost or repeated.
        Assert.Equal(Enumerable.Range(2, Requests).Select(v => (long)v), views.Order());
    }

    [Fact]
    public async Task Count_WithSessionThatEnded_StartsNewSession()
    {
        // Arrange
        using var client = Factory.CreateRawClient();
        using var first = await client.SendWithCookieAsync(HttpMethod.Post, "/api/login", null, ApiClientExtensions.LoginBody(fixture.NewUser()));
        var cookie = "sg=" + SetCookies.ValueOf(first);
        using var logout = await client.SendWithCookieAsync(HttpMethod.Post, "/api/logout", cookie);

        // Act
        using var counted = await client.SendWithCookieAsync(HttpMethod.Post, "/api/count", cookie);

        // Assert: one Set-Cookie with the new session's cookie, not a deletion of the old one besides.
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.Equal(1, (await counted.ReadJsonAsync()).GetProperty("views").GetInt64());
        Assert.Single(SetCookies.All(counted), c => c.Name == "sg");
        Assert.NotEqual(cookie, "sg=" + SetCookies.ValueOf(counted));
    }

    [Fact]
    public async Task Login_WithJsonBody_AcceptsExtraProperties()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.PostAsJsonAsync("/api/login", new { username = "carol", password = "carol-dev-password", remember = true }).DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("carol", (await response.ReadJsonAsync()).GetProperty("user").GetString());
    }
}
