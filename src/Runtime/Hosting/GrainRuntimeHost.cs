using Microsoft.Extensions.Hosting;
using SessionGrains.Runtime.Activations;

namespace SessionGrains.Runtime.Hosting;

/// <summary>Ties the runtime to the host's lifetime: on shutdown every activation is deactivated and its state written by its grain.</summary>
internal sealed class GrainRuntimeHost(GrainCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => catalog.DeactivateAllAsync(cancellationToken);
}
