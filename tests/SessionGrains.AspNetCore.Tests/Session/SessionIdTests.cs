using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>
/// <c>ISession.Id</c> and <c>GetPublicIdAsync</c> behave as ASP.NET Core's <c>DistributedSession.Id</c>: never empty,
/// stable within a request even before the session exists, and the id of the session the request then creates;
/// reading it alone creates nothing. Each test has an app (and an embedded silo) of its own, so counts start at zero.
/// </summary>
public sealed class SessionIdTests : IAsyncLifetime
{
    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(
        builder =>
        {
            builder.Services.AddSessionGrains(builder.Configuration);
            builder.Services.AddSingleton<GrainCallTally>();
            builder.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallTally>());
        },
        app =>
        {
            app.UseSessionGrains();
            MapEndpoints(app);
        });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Id_WithoutSession_IsNonEmptyStableAndCreatesNoSession()
    {
        // Arrange
        using var calls = new GrainCallCounter(App.Services);
        using var browser = App.CreateBrowser();

        // Act
        using var response = await browser.GetAsync("/id/read-twice").DefaultTimeout();

        // Assert: ISession.Id twice and the feature's id agree; no cookie, no grain call, no activation.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await response.Content.ReadAsStringAsync().DefaultTimeout()).Split(' ');
        Assert.Equal(3, ids.Length);
        Assert.False(string.IsNullOrEmpty(ids[0]));
        Assert.All(ids, id => Assert.Equal(ids[0], id));
        Assert.Empty(SetCookies.All(response));
        Assert.Equal(0, calls.Calls);
        Assert.Equal(0, await SessionActivations.CountAsync(App.Services));
    }

    [Fact]
    public async Task Id_WithoutSession_DiffersBetweenRequests()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act
        var first = await GetTextAsync(browser, HttpMethod.Get, "/id");
        var second = await GetTextAsync(browser, HttpMethod.Get, "/id");

        // Assert: nothing was created, so nothing ties the second request to the first's reserved id.
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Id_ReadBeforeTheSessionIsCreated_IsTheCreatedSessionsId()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act: the id is read, then a write creates the session when the response starts.
        using var created = await browser.PostAsync("/id/then-write", null).DefaultTimeout();
        var seen = await created.Content.ReadAsStringAsync().DefaultTimeout();
        var next = await GetTextAsync(browser, HttpMethod.Get, "/id");

        // Assert
        Assert.NotNull(SetCookies.Find(created));
        Assert.False(string.IsNullOrEmpty(seen));
        Assert.Equal(seen, next);
        Assert.Equal("v", await GetTextAsync(browser, HttpMethod.Get, "/value"));
    }

    [Fact]
    public async Task PublicId_ReadBeforeIncrementCreatesTheSession_IsTheCreatedSessionsId()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act
        var seen = await GetTextAsync(browser, HttpMethod.Post, "/public-id/then-increment");
        var next = await GetTextAsync(browser, HttpMethod.Get, "/id");

        // Assert
        Assert.False(string.IsNullOrEmpty(seen));
        Assert.Equal(seen, next);
    }

    [Fact]
    public async Task Id_WithCookieOfEndedSession_IsTheNewSessionsIdNotTheOldOne()
    {
        // Arrange: a session, then its end; the browser presents the ended session's cookie again.
        var cookies = new CookieContainer();
        using var browser = App.CreateBrowser(cookies);
        var old = await GetTextAsync(browser, HttpMethod.Post, "/id/then-write");
        var cookie = cookies.GetCookies(new Uri("http://localhost/"))["sg"]!.Value;
        using var signedOut = await browser.PostAsync("/sign-out", null).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        cookies.Add(new Cookie("sg", cookie, "/", "localhost"));

        // Act
        var seen = await GetTextAsync(browser, HttpMethod.Post, "/id/then-write");
        var next = await GetTextAsync(browser, HttpMethod.Get, "/id");

        // Assert: the id read in the request is the session it then created, not the ended one its cookie named.
        Assert.NotEqual(old, seen);
        Assert.Equal(seen, next);
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/id", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            return Results.Text(context.Session.Id);
        });
        app.MapGet("/id/read-twice", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            var first = context.Session.Id;
            var second = context.Session.Id;
            var feature = await context.GetSessionGrains().GetPublicIdAsync(context.RequestAborted);
            return Results.Text($"{first} {second} {feature}");
        });
        app.MapPost("/id/then-write", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            var id = context.Session.Id;
            context.Session.SetString("k", "v");
            return Results.Text(id);
        });
        app.MapPost("/public-id/then-increment", async (HttpContext context) =>
        {
            var sessions = context.GetSessionGrains();
            var id = await sessions.GetPublicIdAsync(context.RequestAborted);
            await sessions.IncrementAsync("n", 1, context.RequestAborted);
            return Results.Text(id);
        });
        app.MapGet("/value", async (HttpContext context) =>
        {
            await context.Session.LoadAsync(context.RequestAborted);
            return Results.Text(context.Session.GetString("k") ?? "");
        });
        app.MapPost("/sign-out", async (HttpContext context) =>
        {
            await context.GetSessionGrains().SignOutAsync(context.RequestAborted);
            return Results.NoContent();
        });
    }

    private static async Task<string> GetTextAsync(HttpClient browser, HttpMethod method, string path)
    {
        using var response = await browser.SendAsync(new HttpRequestMessage(method, path)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync().DefaultTimeout();
    }
}
