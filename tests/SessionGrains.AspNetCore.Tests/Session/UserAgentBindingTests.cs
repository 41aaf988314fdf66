using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>
/// <c>SessionGrains:BindToUserAgent</c>: when on, a session presented with another User-Agent ends (a stolen cookie
/// replayed from another browser); off, the default, a changed User-Agent (a browser update) keeps the session.
/// </summary>
[Collection(EmbeddedFrontendCollection.Name)]
public sealed class UserAgentBindingTests(EmbeddedFrontendFixture fixture)
{
    private const string Original = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0";
    private const string Other = "Mozilla/5.0 (Windows NT 10.0) OtherBrowser/9.9";

    [Fact]
    public async Task Profile_WithOtherUserAgentWhenBound_EndsSession()
    {
        // Arrange
        var factory = await fixture.StartFactoryAsync(new Dictionary<string, string?> { ["SessionGrains:BindToUserAgent"] = "true" });
        using var client = factory.CreateRawClient();
        var cookie = await SignInAsync(client, "alice");
        using var sameAgent = await SendAsync(client, cookie, Original);
        Assert.Equal(HttpStatusCode.OK, sameAgent.StatusCode);
        var mark = factory.Logs.Mark();

        // Act
        using var otherAgent = await SendAsync(client, cookie, Other);
        using var originalAgain = await SendAsync(client, cookie, Original);

        // Assert: refused, cookie cleared, and the session ended for its rightful browser too.
        await otherAgent.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.True(SetCookies.Clears(otherAgent), "The ended session's cookie must be cleared.");
        var warning = Assert.Single(factory.Logs.Since(mark), e => e.EventId.Name == "SessionUserAgentChanged");
        Assert.Equal(LogLevel.Warning, warning.Level);
        await originalAgain.AssertErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Profile_WithOtherUserAgentByDefault_KeepsSession()
    {
        // Arrange
        var factory = fixture.Factory;
        using var client = factory.CreateRawClient();
        var cookie = await SignInAsync(client, fixture.NewUser());

        // Act
        using var otherAgent = await SendAsync(client, cookie, Other);
        using var originalAgain = await SendAsync(client, cookie, Original);

        // Assert
        Assert.Equal(HttpStatusCode.OK, otherAgent.StatusCode);
        Assert.Empty(SetCookies.All(otherAgent));
        Assert.Equal(HttpStatusCode.OK, originalAgain.StatusCode);
    }

    private static async Task<string> SignInAsync(HttpClient client, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/login") { Content = ApiClientExtensions.LoginBody(user) };
        request.Headers.UserAgent.ParseAdd(Original);
        using var response = await client.SendAsync(request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return "sg=" + SetCookies.ValueOf(response);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string cookie, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        request.Headers.UserAgent.ParseAdd(userAgent);
        return client.SendAsync(request).DefaultTimeout();
    }
}
