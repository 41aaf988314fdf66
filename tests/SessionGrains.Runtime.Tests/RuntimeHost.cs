using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Hosting;

namespace SessionGrains.Runtime.Tests;

/// <summary>A started generic host with the grain runtime, for tests.</summary>
public sealed class RuntimeHost : IAsyncDisposable
{
    private readonly IHost _host;

    private RuntimeHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public IGrainCatalogDiagnostics Catalog => Services.GetRequiredService<IGrainCatalogDiagnostics>();

    /// <summary>The catalog itself, for a collection pass run synchronously by the test.</summary>
    internal GrainCatalog GrainCatalog => Services.GetRequiredService<GrainCatalog>();

    public static async Task<RuntimeHost> StartAsync(
        Action<IGrainRuntimeBuilder> configureRuntime,
        TimeProvider? timeProvider = null,
        IDictionary<string, string?>? configuration = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddGrainRuntime(configureRuntime);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        return new RuntimeHost(host);
    }

    public Task StopAsync() => _host.StopAsync().DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
