using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionGrains.Runtime.Activations;

/// <summary>Every collection quantum, deactivates the activations that have been idle for their collection age.</summary>
internal sealed class ActivationCollector(
    GrainCatalog catalog,
    TimeProvider timeProvider,
    IOptions<GrainCollectionOptions> options,
    ILogger<ActivationCollector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionQuantum, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var collected = catalog.CollectIdleActivations();
                if (collected > 0)
                {
                    ActivationLog.IdleActivationsCollected(logger, collected);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
