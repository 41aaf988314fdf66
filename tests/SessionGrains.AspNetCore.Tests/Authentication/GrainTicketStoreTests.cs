using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Grains.Users;

namespace SessionGrains.AspNetCore.Tests.Authentication;

/// <summary>
/// Cookie authentication with <c>AddSessionGrainsTicketStore</c>: each auth ticket is a session of its user, so
/// revoking the user's sessions ("log out everywhere") also ends auth cookies, which a self-contained auth cookie
/// could never do.
/// </summary>
public sealed class GrainTicketStoreTests : IAsyncLifetime
{
    private static readonly Uri Site = new("http://localhost/");
    private TestApp? _app;

    private TestApp App => _app!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(
        builder =>
        {
            builder.Services.AddSessionGrains(builder.Configuration);
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            builder.Services.AddAuthorization();
            builder.Services.AddSessionGrainsTicketStore();
        },
        app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapPost("/signin/{name}", async (HttpContext context, string name) =>
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignInAsync(new ClaimsPrincipal(identity));
                return Results.NoContent();
            });
            app.MapPost("/signout", async (HttpContext context) =>
            {
                await context.SignOutAsync();
                return Results.NoContent();
            });
            app.MapGet("/me", (HttpContext context) => Results.Text(context.User.Identity!.Name)).RequireAuthorization();
            app.MapPost("/users/{name}/revoke-all", async (IGrainFactory grains, string name) =>
                Results.Text((await grains.GetGrain<IUserGrain>(name).RevokeAllAsync(null)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task SignIn_WithTicketStore_AuthenticatesAndStoresTicketAsSessionOfUser()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act
        await SignInAsync(browser, "dave");
        using var me = await browser.GetAsync("/me").DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("dave", await me.Content.ReadAsStringAsync().DefaultTimeout());
        var sessions = await Users.GetGrain<IUserGrain>("dave").ListSessionsAsync().DefaultTimeout();
        Assert.Single(sessions);
    }

    [Fact]
    public async Task AuthCookie_AfterRevokeAllOfItsUser_NoLongerAuthenticates()
    {
        // Arrange: two browsers of erin, one of frank.
        using var laptop = App.CreateBrowser();
        using var phone = App.CreateBrowser();
        using var frank = App.CreateBrowser();
        await SignInAsync(laptop, "erin");
        await SignInAsync(phone, "erin");
        await SignInAsync(frank, "frank");
        await AssertSignedInAsAsync(laptop, "erin");
        await AssertSignedInAsAsync(phone, "erin");

        // Act: log out everywhere, as the web app's endpoint does, through the user grain.
        using var revoke = await laptop.PostAsync("/users/erin/revoke-all", null).DefaultTimeout();

        // Assert: both auth cookies are still in their jars, but no longer authenticate; frank is untouched.
        Assert.Equal("2", await revoke.Content.ReadAsStringAsync().DefaultTimeout());
        await AssertChallengedAsync(laptop);
        await AssertChallengedAsync(phone);
        await AssertSignedInAsAsync(frank, "frank");
    }

    [Fact]
    public async Task SignOut_WithTicketStore_EndsTheTicketsSession()
    {
        // Arrange
        var jar = new CookieContainer();
        using var browser = App.CreateBrowser(jar);
        await SignInAsync(browser, "grace");
        var authCookie = jar.GetCookies(Site)[".AspNetCore.Cookies"]!.Value;

        // Act
        using var signOut = await browser.PostAsync("/signout", null).DefaultTimeout();

        // Assert: the session is gone from the user, and replaying the old cookie does not authenticate.
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Empty(await Users.GetGrain<IUserGrain>("grace").ListSessionsAsync().DefaultTimeout());
        var replayJar = new CookieContainer();
        replayJar.Add(Site, new Cookie(".AspNetCore.Cookies", authCookie));
        using var replay = App.CreateBrowser(replayJar);
        await AssertChallengedAsync(replay);
    }

    [Fact]
    public async Task AuthCookie_WithoutSignIn_IsChallenged()
    {
        // Arrange
        using var browser = App.CreateBrowser();

        // Act, Assert
        await AssertChallengedAsync(browser);
    }

    private IGrainFactory Users => App.Services.GetRequiredService<IGrainFactory>();

    private static async Task SignInAsync(HttpClient browser, string name)
    {
        using var response = await browser.PostAsync($"/signin/{name}", null).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(SetCookies.All(response), c => c.Name == ".AspNetCore.Cookies");
    }

    private static async Task AssertSignedInAsAsync(HttpClient browser, string name)
    {
        using var me = await browser.GetAsync("/me").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(name, await me.Content.ReadAsStringAsync().DefaultTimeout());
    }

    /// <summary>Cookie authentication's challenge: a redirect to its login path.</summary>
    private static async Task AssertChallengedAsync(HttpClient browser)
    {
        using var me = await browser.GetAsync("/me").DefaultTimeout();
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
        Assert.StartsWith("/Account/Login", me.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
