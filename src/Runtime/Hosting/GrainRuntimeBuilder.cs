using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.Runtime.Hosting;

/// <inheritdoc/>
internal sealed class GrainRuntimeBuilder(IServiceCollection services) : IGrainRuntimeBuilder
{
    public IServiceCollection Services { get; } = services;
}
