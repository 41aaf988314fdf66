using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionGrains.AspNetCore.Tests.Hosting;

/// <summary><c>AddSessionGrains</c> and <c>UseSessionGrains</c>: misuse and bad settings fail early and say what to do.</summary>
public sealed class SessionGrainsHostingTests
{
    [Fact]
    public async Task UseSessionGrains_WithoutAddSessionGrains_ThrowsNamingAddSessionGrains()
    {
        // Arrange, Act
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(_ => { }, app => app.UseSessionGrains()));

        // Assert
        Assert.Contains("AddSessionGrains", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SessionGrains:CookieName", "__Host-sg")]
    [InlineData("SessionGrains:IdleTimeout", "00:00:00")]
    [InlineData("SessionGrains:MaxSessionsPerUser", "-1")]
    [InlineData("SessionGrains:CookieCacheLifetime", "-00:00:01")]
    public async Task AddSessionGrains_WithInvalidSetting_FailsAtStartNamingTheOption(string key, string value)
    {
        // Arrange, Act
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder =>
            {
                builder.Configuration[key] = value;
                builder.Services.AddSessionGrains(builder.Configuration);
            },
            app => app.UseSessionGrains()));

        // Assert
        Assert.Contains("SessionGrainsOptions." + key.Split(':')[1], exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSessionGrains_WithoutRedis_WarnsThatSessionsAreInProcessOnly()
    {
        // Arrange, Act
        await using var app = await TestApp.StartAsync(builder => builder.Services.AddSessionGrains(builder.Configuration), app => app.UseSessionGrains());

        // Assert
        var warning = Assert.Single(app.Logs.Entries, e => e.EventId.Name == "EmbeddedDefault");
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task Session_WithConfiguredCookieName_UsesThatName()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            builder =>
            {
                builder.Configuration["SessionGrains:CookieName"] = "my-session";
                builder.Services.AddSessionGrains(builder.Configuration);
            },
            app =>
            {
                app.UseSessionGrains();
                app.MapPost("/touch", async (HttpContext context) =>
                {
                    await context.Session.LoadAsync(context.RequestAborted);
                    context.Session.SetString("touched", "yes");
                    return Results.NoContent();
                });
            });
        using var browser = app.CreateBrowser();

        // Act
        using var response = await browser.PostAsync("/touch", null).DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["my-session"], SetCookies.All(response).Select(c => c.Name.ToString()));
    }
}
