using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Net.Http.Headers;

namespace SessionGrains.AspNetCore.Tests.Proxies;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> set the device IP a session records and whether its cookie is
/// <c>__Host-</c> and Secure, but only from a trusted proxy (<c>SessionGrains:ForwardedHeaders</c>, loopback when
/// unset); from any other address they are ignored. Each request's connection address is set on the TestServer's
/// context before the pipeline runs, as Kestrel would set it.
/// </summary>
[Collection(EmbeddedFrontendCollection.Name)]
public sealed class ForwardedHeadersTests(EmbeddedFrontendFixture fixture)
{
    private const string Client = "198.51.100.9";

    private static readonly Dictionary<string, string?> ConfiguredProxies = new()
    {
        ["SessionGrains:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
        ["SessionGrains:ForwardedHeaders:KnownNetworks:0"] = "10.1.0.0/16",
    };

    [Fact]
    public async Task ForwardedHeaders_FromAddressThatIsNoProxy_AreIgnored()
    {
        // Act: a client that is no proxy claims another address and https.
        var signedIn = await SignInAsync(fixture.Factory, "203.0.113.50", Client, fixture.NewUser());

        // Assert
        Assert.Equal(new SignedIn("sg", Secure: false, DeviceIp: "203.0.113.50"), signedIn);
    }

    [Fact]
    public async Task ForwardedHeaders_FromLoopbackByDefault_AreHonoured()
    {
        // Act
        var signedIn = await SignInAsync(fixture.Factory, "127.0.0.1", Client, fixture.NewUser());

        // Assert
        Assert.Equal(new SignedIn("__Host-sg", Secure: true, DeviceIp: Client), signedIn);
    }

    [Fact]
    public async Task ForwardedFor_WithAChainFromATrustedProxy_TakesOnlyTheHopTheProxySaw()
    {
        // Act: the client sent its own X-Forwarded-For, and the proxy appended the address it saw.
        var signedIn = await SignInAsync(fixture.Factory, "127.0.0.1", "192.0.2.66, " + Client, fixture.NewUser());

        // Assert
        Assert.Equal(Client, signedIn.DeviceIp);
    }

    [Fact]
    public async Task ForwardedHeaders_FromConfiguredProxyOrNetwork_AreHonoured()
    {
        // Arrange
        var factory = await fixture.StartFactoryAsync(ConfiguredProxies);

        // Act
        var fromProxy = await SignInAsync(factory, "10.0.0.5", Client, "alice");
        var fromNetwork = await SignInAsync(factory, "10.1.2.3", Client, "bob");

        // Assert
        Assert.Equal(new SignedIn("__Host-sg", Secure: true, DeviceIp: Client), fromProxy);
        Assert.Equal(new SignedIn("__Host-sg", Secure: true, DeviceIp: Client), fromNetwork);
    }

    [Fact]
    public async Task ForwardedHeaders_FromLoopbackOrOtherAddressOnceProxiesAreConfigured_AreIgnored()
    {
        // Arrange
        var factory = await fixture.StartFactoryAsync(ConfiguredProxies);

        // Act
        var fromLoopback = await SignInAsync(factory, "127.0.0.1", Client, "alice");
        var fromOutside = await SignInAsync(factory, "10.2.0.1", Client, "bob");

        // Assert: configured proxies replace the loopback default.
        Assert.Equal(new SignedIn("sg", Secure: false, DeviceIp: "127.0.0.1"), fromLoopback);
        Assert.Equal(new SignedIn("sg", Secure: false, DeviceIp: "10.2.0.1"), fromOutside);
    }

    /// <summary>
    /// Signs <paramref name="user"/> in from <paramref name="remoteIp"/> with forwarded headers naming
    /// <paramref name="forwardedFor"/> and https, then lists the devices with the cookie it got, the same way.
    /// </summary>
    private static async Task<SignedIn> SignInAsync(FrontendFactory factory, string remoteIp, string forwardedFor, string user)
    {
        var login = await SendAsync(factory, remoteIp, forwardedFor, HttpMethods.Post, "/api/login", cookie: null, $$"""{"username":"{{user}}","password":"{{FrontendFixture.PasswordOf(user)}}"}""");
        Assert.Equal(StatusCodes.Status200OK, login.Response.StatusCode);
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList(login.Response.Headers.SetCookie.OfType<string>().ToList()));
        var sessions = await SendAsync(factory, remoteIp, forwardedFor, HttpMethods.Get, "/api/sessions", $"{cookie.Name}={cookie.Value}");
        Assert.Equal(StatusCodes.Status200OK, sessions.Response.StatusCode);
        using var devices = await JsonDocument.ParseAsync(sessions.Response.Body).DefaultTimeout();
        var device = Assert.Single(devices.RootElement.EnumerateArray(), d => d.GetProperty("current").GetBoolean());
        return new SignedIn(cookie.Name.ToString(), cookie.Secure, device.GetProperty("ip").GetString());
    }

    private static Task<HttpContext> SendAsync(FrontendFactory factory, string remoteIp, string forwardedFor, string method, string path, string? cookie, string? json = null) =>
        factory.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(remoteIp);
            context.Request.Method = method;
            context.Request.Path = path;
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            context.Request.Headers["X-Forwarded-Proto"] = "https";
            if (cookie is not null)
            {
                context.Request.Headers.Cookie = cookie;
            }

            if (json is not null)
            {
                context.Request.ContentType = "application/json";
                context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
            }
        }).DefaultTimeout();

    private sealed record SignedIn(string CookieName, bool Secure, string? DeviceIp);
}
