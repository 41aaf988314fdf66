using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>
/// An app written against plain <c>HttpContext.Session</c> (as for ASP.NET Core's own session middleware) runs
/// unchanged on <c>AddSessionGrains</c> + <c>UseSessionGrains</c>: values persist across requests with the cookie,
/// Remove and Clear work, and two browsers are isolated.
/// </summary>
public sealed class GrainSessionTests : IAsyncLifetime
{
    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(
        builder => builder.Services.AddSessionGrains(builder.Configuration),
        app =>
        {
            app.UseSessionGrains();
            MapSessionEndpoints(app);
        });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Session_SetOnOneRequest_IsReadOnTheNext()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act
        await SendAsync(browser, HttpMethod.Post, "/strings/name?value=Ada");
        await SendAsync(browser, HttpMethod.Post, "/ints/age?value=36");
        var name = await GetAsync(browser, "/strings/name");
        var age = await GetAsync(browser, "/ints/age");

        // Assert
        Assert.Equal("Ada", name);
        Assert.Equal("36", age);
    }

    [Fact]
    public async Task Session_ReadWithoutCookie_SetsNoCookie()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act
        using var response = await browser.GetAsync("/strings/name").DefaultTimeout();
        using var keys = await browser.GetAsync("/keys").DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(SetCookies.All(response));
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal("", await keys.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Empty(SetCookies.All(keys));
    }

    [Fact]
    public async Task Session_ReadAfterWriteInOneRequest_SeesTheWrite()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act
        using var response = await browser.PostAsync("/echo/color?value=teal", null).DefaultTimeout();
        var later = await GetAsync(browser, "/strings/color");

        // Assert
        Assert.Equal("teal", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal("teal", later);
    }

    [Fact]
    public async Task Session_Overwrite_KeepsTheLastValue()
    {
        // Arrange
        using var browser = App.CreateBrowser();
        await SendAsync(browser, HttpMethod.Post, "/ints/visits?value=1");

        // Act
        await SendAsync(browser, HttpMethod.Post, "/ints/visits?value=2");

        // Assert
        Assert.Equal("2", await GetAsync(browser, "/ints/visits"));
    }

    [Fact]
    public async Task Session_Remove_RemovesOnlyThatKey()
    {
        // Arrange
        using var browser = App.CreateBrowser();
        await SendAsync(browser, HttpMethod.Post, "/strings/a?value=1");
        await SendAsync(browser, HttpMethod.Post, "/strings/b?value=2");

        // Act
        await SendAsync(browser, HttpMethod.Delete, "/strings/a");

        // Assert
        using var removed = await browser.GetAsync("/strings/a").DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.Equal("2", await GetAsync(browser, "/strings/b"));
        Assert.Equal("b", await GetAsync(browser, "/keys"));
    }

    [Fact]
    public async Task Session_Clear_RemovesEveryKeyButKeepsTheSession()
    {
        // Arrange
        using var browser = App.CreateBrowser();
        await SendAsync(browser, HttpMethod.Post, "/strings/a?value=1");
        await SendAsync(browser, HttpMethod.Post, "/ints/b?value=2");
        Assert.Equal("a,b", await GetAsync(browser, "/keys"));
        var id = await GetAsync(browser, "/id");

        // Act
        await SendAsync(browser, HttpMethod.Post, "/clear");

        // Assert
        Assert.Equal("", await GetAsync(browser, "/keys"));
        using var cleared = await browser.GetAsync("/strings/a").DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, cleared.StatusCode);
        Assert.Equal(id, await GetAsync(browser, "/id"));
        await SendAsync(browser, HttpMethod.Post, "/strings/c?value=3");
        Assert.Equal("c", await GetAsync(browser, "/keys"));
    }

    [Fact]
    public async Task Session_Id_IsStableAcrossRequestsAndDiffersBetweenBrowsers()
    {
        // Arrange
        using var first = App.CreateBrowser();
        using var second = App.CreateBrowser();
        await SendAsync(first, HttpMethod.Post, "/strings/x?value=1");
        await SendAsync(second, HttpMethod.Post, "/strings/x?value=1");

        // Act
        var firstId = await GetAsync(first, "/id");
        var firstIdAgain = await GetAsync(first, "/id");
        var secondId = await GetAsync(second, "/id");

        // Assert
        Assert.False(string.IsNullOrEmpty(firstId));
        Assert.Equal(firstId, firstIdAgain);
        Assert.NotEqual(firstId, secondId);
    }

    [Fact]
    public async Task Session_TwoBrowsers_AreIsolated()
    {
        // Arrange
        using var alice = App.CreateBrowser();
        using var bob = App.CreateBrowser();

        // Act
        await SendAsync(alice, HttpMethod.Post, "/strings/name?value=alice");
        await SendAsync(bob, HttpMethod.Post, "/strings/name?value=bob");
        await SendAsync(alice, HttpMethod.Post, "/strings/only-alice?value=yes");
        await SendAsync(bob, HttpMethod.Post, "/clear");

        // Assert
        Assert.Equal("alice", await GetAsync(alice, "/strings/name"));
        Assert.Equal("yes", await GetAsync(alice, "/strings/only-alice"));
        using var bobsName = await bob.GetAsync("/strings/name").DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, bobsName.StatusCode);
        using var bobsOther = await bob.GetAsync("/strings/only-alice").DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, bobsOther.StatusCode);
    }

    [Fact]
    public async Task Session_Binary_RoundTripsEveryByte()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act
        await SendAsync(browser, HttpMethod.Post, "/bytes/blob");
        var check = await GetAsync(browser, "/bytes/blob");

        // Assert
        Assert.Equal("256 bytes intact", check);
    }

    [Fact]
    public async Task Session_SetAfterResponseStarted_IsCommittedForExistingSession()
    {
        // Arrange: a session that exists, so no new cookie is needed.
        using var browser = App.CreateBrowser();
        await SendAsync(browser, HttpMethod.Post, "/strings/before?value=1");

        // Act: the endpoint streams its body first and writes the session afterwards.
        using var response = await browser.PostAsync("/late/after?value=2", null).DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", await GetAsync(browser, "/strings/after"));
        Assert.Equal("after,before", await GetAsync(browser, "/keys"));
    }

    [Fact]
    public async Task Session_SetAfterResponseStartedWithoutSession_IsDroppedWithWarning()
    {
        // Arrange
        using var browser = App.CreateBrowser();
        var mark = App.Logs.Mark();

        // Act: too late to send a cookie, so a new session could never be found again.
        using var response = await browser.PostAsync("/late/orphan?value=1", null).DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(SetCookies.All(response));
        Assert.Contains(App.Logs.Since(mark), e => e.EventId.Name == "SessionCommitTooLate" && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal("", await GetAsync(browser, "/keys"));
    }

    /// <summary>The app under test: every endpoint uses only <see cref="HttpContext.Session"/>.</summary>
    private static void MapSessionEndpoints(WebApplication app)
    {
        app.MapPost("/strings/{key}", async (HttpContext context, string key, string value) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            context.Session.SetString(key, value);
            return Results.NoContent();
        });
        app.MapGet("/strings/{key}", async (HttpContext context, string key) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            return context.Session.GetString(key) is { } value ? Results.Text(value) : Results.NotFound();
        });
        app.MapDelete("/strings/{key}", async (HttpContext context, string key) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            context.Session.Remove(key);
            return Results.NoContent();
        });
        app.MapPost("/ints/{key}", async (HttpContext context, string key, int value) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            context.Session.SetInt32(key, value);
            return Results.NoContent();
        });
        app.MapGet("/ints/{key}", async (HttpContext context, string key) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            return context.Session.GetInt32(key) is { } value ? Results.Text(value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Results.NotFound();
        });
        app.MapPost("/bytes/{key}", async (HttpContext context, string key) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            context.Session.Set(key, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
            return Results.NoContent();
        });
        app.MapGet("/bytes/{key}", async (HttpContext context, string key) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            return context.Session.TryGetValue(key, out var bytes) && bytes.SequenceEqual(Enumerable.Range(0, 256).Select(i => (byte)i))
                ? Results.Text("256 bytes intact")
                : Results.Text("bytes lost or changed");
        });
        app.MapPost("/echo/{key}", async (HttpContext context, string key, string value) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            context.Session.SetString(key, value);
            return Results.Text(context.Session.GetString(key));
        });
        app.MapPost("/late/{key}", async (HttpContext context, string key, string value) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            await context.Response.WriteAsync("streamed first; ", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Session.SetString(key, value);
        });
        app.MapPost("/clear", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            context.Session.Clear();
            return Results.NoContent();
        });
        app.MapGet("/keys", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            return Results.Text(string.Join(",", context.Session.Keys.Order(StringComparer.Ordinal)));
        });
        app.MapGet("/id", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            return Results.Text(context.Session.Id);
        });
    }

    private static async Task SendAsync(HttpClient browser, HttpMethod method, string path)
    {
        using var response = await browser.SendAsync(new HttpRequestMessage(method, path)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<string> GetAsync(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync().DefaultTimeout();
    }
}
