using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>
/// The web front end (src/WebFrontend) on a TestServer, with settings given as <c>UseSetting</c> so that
/// <c>AddSessionGrains</c> sees them while Program.cs runs, and every log entry captured.
/// </summary>
public sealed class FrontendFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public LogCapture Logs { get; } = new();

    /// <summary>A client that keeps its own cookies: one browser.</summary>
    public HttpClient CreateBrowser(string? userAgent = null, string baseAddress = "http://localhost/")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            HandleCookies = true,
            AllowAutoRedirect = false,
            BaseAddress = new Uri(baseAddress),
        });
        client.Timeout = TaskTimeoutExtensions.DefaultTimeoutValue;
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        return client;
    }

    /// <summary>A client without a cookie jar, for tests that send exactly the Cookie header they mean to.</summary>
    public HttpClient CreateRawClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.Timeout = TaskTimeoutExtensions.DefaultTimeoutValue;
        return client;
    }

    /// <summary>Starts the host off the test's thread, bounded: a host that cannot start fails the test instead of hanging it.</summary>
    public Task StartAsync() => Task.Run(StartServer).DefaultTimeout();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            services.AddSingleton<GrainCallTally>();
            services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallTally>());
        });
    }
}
