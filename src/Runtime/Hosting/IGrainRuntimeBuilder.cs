using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.Runtime.Hosting;

/// <summary>Configures the grain runtime: grain classes and storage providers.</summary>
public interface IGrainRuntimeBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }
}
