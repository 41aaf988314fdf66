using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SessionGrains.TestKit;

namespace SessionGrains.Farm.Tests;

/// <summary>
/// Forwarded headers through the farm's real nginx: a front end records the client's address as nginx saw it and the
/// scheme nginx served, whatever <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the client forged. The client
/// connects from 127.0.0.2, so nginx's view of it differs from nginx's own address (127.0.0.1), the front ends' only
/// trusted proxy: seeing 127.0.0.2 shows the header was believed from nginx, and only as nginx wrote it.
/// </summary>
public sealed class ForwardedHeadersFarmTests : IAsyncLifetime
{
    private const string ClientAddress = "127.0.0.2";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sessiongrains-farm-forwarded-" + Guid.NewGuid().ToString("n")[..12]);
    private SessionGrains.Farm.Farm? _farm;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _farm = await SessionGrains.Farm.Farm.StartAsync(new FarmOptions { Directory = _directory, Silos = 1, Frontends = 1 }, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_farm is not null)
        {
            await _farm.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Devices_ThroughNginxWithForgedForwardedHeaders_ShowNginxsViewOfTheClient()
    {
        // Arrange: a browser on 127.0.0.2 that forges both headers on every request.
        using var browser = ClientFrom(ClientAddress, _farm!.BaseAddress);
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.66");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        // Act
        using var login = await browser.PostAsJsonAsync("/api/login", new { username = "alice", password = "alice-dev-password" }).DefaultTimeout();
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var sessions = await browser.SendAsync(request).DefaultTimeout();

        // Assert: nginx served http, so the cookie is the plain one; the device is where nginx saw the client.
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.StartsWith("sg=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        using var devices = JsonDocument.Parse(await sessions.Content.ReadAsStringAsync().DefaultTimeout());
        var device = Assert.Single(devices.RootElement.EnumerateArray());
        Assert.Equal(ClientAddress, device.GetProperty("ip").GetString());
    }

    /// <summary>An HttpClient whose connections leave from <paramref name="localAddress"/>, a loopback address of its own.</summary>
    private static HttpClient ClientFrom(string localAddress, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TaskTimeoutExtensions.DefaultTimeoutValue };
    }
}
