using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Diagnostics;
using SessionGrains.Runtime.Invocation;

namespace SessionGrains.Runtime.Activations;

/// <summary>
/// The activations of this process: exactly one per grain id, created on first call. A grain whose activation is
/// ending gets its next one only after the old one has finished, so two never touch the same state at once.
/// </summary>
internal sealed class GrainCatalog : IGrainCatalogDiagnostics
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _ending = new();
    private readonly GrainTypeRegistry _registry;
    private volatile bool _stopping;

    public GrainCatalog(
        IServiceProvider services,
        GrainTypeRegistry registry,
        GrainActivator activator,
        RuntimeMetrics metrics,
        TimeProvider timeProvider,
        IOptions<GrainCollectionOptions> collectionOptions,
        ILoggerFactory loggerFactory)
    {
        Services = services;
        _registry = registry;
        Activator = activator;
        Metrics = metrics;
        TimeProvider = timeProvider;
        CollectionOptions = collectionOptions.Value;
        Logger = loggerFactory.CreateLogger<GrainCatalog>();
        TimerLogger = loggerFactory.CreateLogger("SessionGrains.Runtime.Timers.GrainTimer");
    }

    public IServiceProvider Services { get; }

    public GrainActivator Activator { get; }

    public RuntimeMetrics Metrics { get; }

    public TimeProvider TimeProvider { get; }

    public GrainCollectionOptions CollectionOptions { get; }

    public ILogger Logger { get; }

    public ILogger TimerLogger { get; }

    public IGrainFactory GrainFactory => field ??= Services.GetRequiredService<IGrainFactory>();

    public int ActivationCount => _activations.Count;

    public IReadOnlyCollection<GrainId> GetActivations() => [.. _activations.Keys];

    public bool IsActive(GrainId grainId) => _activations.ContainsKey(grainId);

    /// <summary>Queues <paramref name="call"/> on its target's activation, creating the activation if there is none.</summary>
    public void Dispatch(IGrainCall call)
    {
        if (!_registry.Contains(call.Target.Type))
        {
            call.Reject(new InvalidOperationException(
                $"No grain class is registered for grain type '{call.Target.Type}' on this host. Register one with AddGrain<TGrain>()."));
            return;
        }

        var spinner = new SpinWait();
        while (true)
        {
            if (_stopping)
            {
                call.Reject(new SessionGrainsException($"The grain runtime is stopping; {call.Target} cannot be activated here."));
                return;
            }

            if (GetOrCreate(call.Target).TryEnqueue(call))
            {
                return;
            }

            // The activation is ending and about to leave the map.
            spinner.SpinOnce();
        }
    }

    /// <summary>Takes an ending activation out of the map; calls it never ran go, in order, to its successor.</summary>
    public void Detach(GrainActivation activation, List<IWorkItem> leftovers)
    {
        var grainId = activation.GrainId;
        if (leftovers.Count > 0 && !_stopping)
        {
            var successor = new GrainActivation(this, grainId, activation.Deactivated);
            foreach (var item in leftovers)
            {
                successor.TryEnqueue(item);
            }

            _activations.TryUpdate(grainId, successor, activation);
            return;
        }

        _ending[grainId] = activation;
        _activations.TryRemove(KeyValuePair.Create(grainId, activation));
        activation.Deactivated.ContinueWith(
            static (_, state) =>
            {
                var (catalog, ended) = ((GrainCatalog, GrainActivation))state!;
                catalog._ending.TryRemove(KeyValuePair.Create(ended.GrainId, ended));
            },
            (this, activation),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        foreach (var item in leftovers)
        {
            item.Reject(new SessionGrainsException($"The grain runtime is stopping; {grainId} cannot be activated here."));
        }
    }

    /// <summary>Deactivates the activations idle for longer than their collection age.</summary>
    public int CollectIdleActivations()
    {
        var now = TimeProvider.GetUtcNow();
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsIdle(now))
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for {activation.CollectionAge} or more."));
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Stops creating activations and deactivates every one, running <see cref="Grain.OnDeactivateAsync"/>.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The runtime is shutting down.");
        while (!_activations.IsEmpty || !_ending.IsEmpty)
        {
            var activations = _activations.Values.Concat(_ending.Values).ToList();
            foreach (var activation in activations)
            {
                activation.Deactivate(reason);
            }

            await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
        }
    }

    private GrainActivation GetOrCreate(GrainId grainId) =>
        _activations.GetOrAdd(
            grainId,
            static (id, catalog) => new GrainActivation(catalog, id, catalog._ending.TryGetValue(id, out var ending) ? ending.Deactivated : null),
            this);
}
