using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrains.Runtime.Hosting;

namespace SessionGrains.Benchmarks;

/// <summary>A started generic host with the grain runtime, as a silo would have it, without logging providers.</summary>
internal static class BenchmarkHost
{
    public const string StorageName = "redis";

    public static async Task<IHost> StartAsync(Action<IGrainRuntimeBuilder> configureRuntime, IDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Services.AddGrainRuntime(configureRuntime);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
