using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>
/// The web front end (src/WebFrontend) on a TestServer, with settings given as <c>UseSetting</c> so that
/// <c>AddSessionGrains</c> sees them while Program.cs runs, and every log entry captured.
/// </summary>
public sealed class FrontendFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private Task? _hostStarted;

    public LogCapture Logs { get; } = new();

    /// <summary>
    /// Whether <see cref="StartAsync"/> waits for the host to have started. A client front end with no silo serves
    /// requests at once, but its host starts only once a silo answers; false returns as soon as it serves.
    /// Default: true.
    /// </summary>
    public bool WaitForHost { get; init; } = true;

    /// <summary>Completes when the host has started (<c>ApplicationStarted</c>); a client's once it reached a silo.</summary>
    public Task HostStarted => _hostStarted ?? throw new InvalidOperationException("The front end has not been started.");

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

    /// <summary>
    /// Starts the host off the test's thread, bounded: a host that cannot start fails the test instead of hanging it.
    /// Without <see cref="WaitForHost"/> it returns once the server takes requests.
    /// </summary>
    public async Task StartAsync()
    {
        await Task.Run(StartServer).DefaultTimeout();
        await Eventually.WaitUntilAsync(IsServing, "the front end's server takes requests");
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (WaitForHost)
        {
            var started = base.CreateHost(builder);
            _hostStarted = Task.CompletedTask;
            return started;
        }

        // Program.cs starts the host itself; this host's StartAsync only waits for that to finish.
        var host = builder.Build();
        _hostStarted = host.StartAsync();
        return host;
    }

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

    /// <summary>Whether the test server has started: until it has, it refuses to make a handler.</summary>
    private bool IsServing()
    {
        try
        {
            Server.CreateHandler().Dispose();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
