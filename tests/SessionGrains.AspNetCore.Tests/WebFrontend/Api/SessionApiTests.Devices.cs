namespace SessionGrains.AspNetCore.Tests.WebFrontend.Api;

/// <summary>Devices, revocation, log out, log out everywhere, plain and health endpoints.</summary>
public abstract partial class SessionApiTests
{
    [Fact]
    public async Task Sessions_ForSignedInUser_ListsEveryDeviceWithExactShape()
    {
        // Arrange
        var user = fixture.NewUser();
        using var laptop = Factory.CreateBrowser("LaptopBrowser/1.0");
        using var phone = Factory.CreateBrowser("PhoneBrowser/2.0");
        var laptopId = await laptop.SignInAsync(user);
        var phoneId = await phone.SignInAsync(user);

        // Act
        using var response = await laptop.GetSessionsAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        var devices = json.EnumerateArray().ToList();
        Assert.Equal(2, devices.Count);
        foreach (var device in devices)
        {
            device.AssertProperties("sessionId", "current", "userAgent", "ip", "createdAt", "lastSeenAt");
            Assert.True(device.GetProperty("ip").ValueKind is JsonValueKind.Null or JsonValueKind.String);
            Assert.True(device.GetTime("lastSeenAt") >= device.GetTime("createdAt"));
        }

        var byId = devices.ToDictionary(d => d.GetProperty("sessionId").GetString()!);
        Assert.Equal(new[] { laptopId, phoneId }.Order(StringComparer.Ordinal), byId.Keys.Order(StringComparer.Ordinal));
        Assert.True(byId[laptopId].GetProperty("current").GetBoolean());
        Assert.False(byId[phoneId].GetProperty("current").GetBoolean());
        Assert.Equal("LaptopBrowser/1.0", byId[laptopId].GetProperty("userAgent").GetString());
        Assert.Equal("PhoneBrowser/2.0", byId[phoneId].GetProperty("userAgent").GetString());
    }

    [Fact]
    public async Task Sessions_WithoutSignIn_Returns401Error()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();
        await browser.CountAsync();

        // Act
        using var response = await browser.GetSessionsAsync();

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokeSession_OfOwnOtherDevice_Returns204AndEndsIt()
    {
        // Arrange
        var user = fixture.NewUser();
        using var laptop = Factory.CreateBrowser();
        using var phone = Factory.CreateBrowser();
        var laptopId = await laptop.SignInAsync(user);
        var phoneId = await phone.SignInAsync(user);

        // Act
        using var response = await laptop.RevokeAsync(phoneId);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
        using var phoneProfile = await phone.GetProfileAsync();
        await phoneProfile.AssertErrorAsync(HttpStatusCode.Unauthorized);
        using var laptopProfile = await laptop.GetProfileAsync();
        Assert.Equal(HttpStatusCode.OK, laptopProfile.StatusCode);
        using var sessions = await laptop.GetSessionsAsync();
        Assert.Equal([laptopId], (await sessions.ReadJsonAsync()).EnumerateArray().Select(d => d.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task RevokeSession_OfThisVeryBrowser_Returns204AndClearsItsCookie()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();
        var sessionId = await browser.SignInAsync(fixture.NewUser());

        // Act
        using var response = await browser.RevokeAsync(sessionId);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(SetCookies.Clears(response), "The revoked session is this browser's, so its cookie must be cleared.");
        using var profile = await browser.GetProfileAsync();
        await profile.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokeSession_NotOfThisUser_Returns404Error()
    {
        // Arrange
        using var mine = Factory.CreateBrowser();
        using var theirs = Factory.CreateBrowser();
        await mine.SignInAsync(fixture.NewUser());
        var theirId = await theirs.SignInAsync(fixture.NewUser());

        // Act
        using var other = await mine.RevokeAsync(theirId);
        using var unknown = await mine.RevokeAsync("no-such-session");

        // Assert
        await other.AssertErrorAsync(HttpStatusCode.NotFound);
        await unknown.AssertErrorAsync(HttpStatusCode.NotFound);
        using var theirProfile = await theirs.GetProfileAsync();
        Assert.Equal(HttpStatusCode.OK, theirProfile.StatusCode);
    }

    [Fact]
    public async Task RevokeSession_WithoutSignIn_Returns401Error()
    {
        // Arrange
        using var victim = Factory.CreateBrowser();
        var victimId = await victim.SignInAsync(fixture.NewUser());
        using var stranger = Factory.CreateBrowser();

        // Act
        using var response = await stranger.RevokeAsync(victimId);

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        using var profile = await victim.GetProfileAsync();
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    [Fact]
    public async Task Logout_WhenSignedIn_Returns204ClearsCookieAndEndsSession()
    {
        // Arrange
        using var client = Factory.CreateRawClient();
        using var login = await client.SendWithCookieAsync(HttpMethod.Post, "/api/login", null, ApiClientExtensions.LoginBody(fixture.NewUser()));
        var cookie = "sg=" + SetCookies.ValueOf(login);

        // Act
        using var response = await client.SendWithCookieAsync(HttpMethod.Post, "/api/logout", cookie);

        // Assert: the browser drops the cookie, and the server ended the session (replaying the cookie is refused).
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(SetCookies.Clears(response), "Log out must clear the session cookie.");
        using var replayed = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", cookie);
        await replayed.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ThenProfile_Returns401()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();
        await browser.SignInAsync(fixture.NewUser());

        // Act
        using var logout = await browser.LogoutAsync();
        using var profile = await browser.GetProfileAsync();

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await profile.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_WithoutSession_Returns204()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.LogoutAsync();

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(SetCookies.All(response));
    }

    [Fact]
    public async Task LogoutEverywhere_WhenSignedIn_Returns200RevokedCountAndEndsEverySessionOfTheUser()
    {
        // Arrange: two browsers of one user, and one of another user.
        var user = fixture.NewUser();
        using var laptop = Factory.CreateBrowser();
        using var phone = Factory.CreateBrowser();
        using var someoneElse = Factory.CreateBrowser();
        await laptop.SignInAsync(user);
        await phone.SignInAsync(user);
        await someoneElse.SignInAsync(fixture.NewUser());

        // Act
        using var response = await laptop.LogoutEverywhereAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        json.AssertProperties("revoked");
        Assert.Equal(2, json.GetProperty("revoked").GetInt32());
        Assert.True(SetCookies.Clears(response), "This browser's session ended too, so its cookie must be cleared.");
        using var laptopProfile = await laptop.GetProfileAsync();
        await laptopProfile.AssertErrorAsync(HttpStatusCode.Unauthorized);
        using var phoneProfile = await phone.GetProfileAsync();
        await phoneProfile.AssertErrorAsync(HttpStatusCode.Unauthorized);
        using var otherProfile = await someoneElse.GetProfileAsync();
        Assert.Equal(HttpStatusCode.OK, otherProfile.StatusCode);
        var again = await phone.SignInAsync(user);
        using var sessions = await phone.GetSessionsAsync();
        Assert.Equal([again], (await sessions.ReadJsonAsync()).EnumerateArray().Select(d => d.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task LogoutEverywhere_WithoutSignIn_Returns401Error()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.LogoutEverywhereAsync();

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Plain_Always_Returns200Ok()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.GetAsync("/api/plain").DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        json.AssertProperties("ok");
        Assert.True(json.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Healthz_WhenRunning_Returns200Healthy()
    {
        // Arrange
        using var browser = Factory.CreateBrowser();

        // Act
        using var response = await browser.GetAsync("/healthz").DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync().DefaultTimeout());
    }
}
