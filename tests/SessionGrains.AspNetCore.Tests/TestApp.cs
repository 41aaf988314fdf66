using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>A tiny app written in the test (WebApplication on a TestServer), for "runs unchanged" checks.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, LogCapture logs)
    {
        _app = app;
        Logs = logs;
    }

    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(Action<WebApplicationBuilder> configureBuilder, Action<WebApplication> configureApp)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        var logs = new LogCapture();
        builder.Logging.ClearProviders().AddProvider(logs);
        configureBuilder(builder);
        var app = builder.Build();
        try
        {
            configureApp(app);
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync().DefaultTimeout();
            throw;
        }

        return new TestApp(app, logs);
    }

    /// <summary>A client with its own cookie jar, <paramref name="cookies"/> when the test wants to look into it.</summary>
    public HttpClient CreateBrowser(CookieContainer? cookies = null)
    {
        var server = _app.GetTestServer();
        var handler = new CookieContainerHandler(cookies ?? new CookieContainer()) { InnerHandler = server.CreateHandler() };
        return new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TaskTimeoutExtensions.DefaultTimeoutValue };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync().DefaultTimeout();
    }
}
