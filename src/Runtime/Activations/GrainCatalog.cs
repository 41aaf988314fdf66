using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Diagnostics;
using System.Collections.Immutable;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Placement;

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
    private readonly StorageFence _fence;
    private volatile bool _stopping;

    public GrainCatalog(
        IServiceProvider services,
        GrainTypeRegistry registry,
        IGrainPlacement placement,
        StorageFence fence,
        GrainActivator activator,
        RuntimeMetrics metrics,
        TimeProvider timeProvider,
        IOptions<GrainCollectionOptions> collectionOptions,
        ILoggerFactory loggerFactory)
    {
        Services = services;
        _registry = registry;
        Placement = placement;
        _fence = fence;
        Activator = activator;
        Metrics = metrics;
        TimeProvider = timeProvider;
        CollectionOptions = collectionOptions.Value;
        Logger = loggerFactory.CreateLogger<GrainCatalog>();
        TimerLogger = loggerFactory.CreateLogger("SessionGrains.Runtime.Timers.GrainTimer");
    }

    public IServiceProvider Services { get; }

    public IGrainPlacement Placement { get; }

    public IGrainCallRouter Router => field ??= Services.GetRequiredService<IGrainCallRouter>();

    public bool IsStopping => _stopping;

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

    public SiloStatistics GetStatistics() => new(
        _activations.Count,
        _activations.Keys.GroupBy(id => id.Type).ToImmutableDictionary(g => g.Key, g => g.Count()),
        TimeProvider.GetUtcNow());

    /// <summary>
    /// Queues <paramref name="call"/> on its target's activation, creating the activation if there is none. A call
    /// made in this process (not one read from a connection) may run inline when its activation is idle.
    /// </summary>
    public void Dispatch(IGrainCall call, bool mayRunInline = false)
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
                Router.Reroute(call);
                return;
            }

            if (GetOrCreate(call.Target).TryEnqueue(call, mayRunInline))
            {
                return;
            }

            // The activation is ending and about to leave the map.
            spinner.SpinOnce();
        }
    }

    /// <summary>
    /// Takes an ending activation out of the map. Calls it never ran go, in order, to its successor here, or back to
    /// the router when the grain is no longer this silo's.
    /// </summary>
    public void Detach(GrainActivation activation, List<IWorkItem> leftovers)
    {
        var grainId = activation.GrainId;
        var keepHere = !_stopping && Placement.IsLocal(grainId);
        if (leftovers.Count > 0 && keepHere)
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
        foreach (var call in leftovers.OfType<IGrainCall>())
        {
            Router.Reroute(call);
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

    /// <summary>Deactivates the activations of grains this silo no longer owns, and completes when they have ended.</summary>
    public Task DeactivateMovedAsync()
    {
        var reason = new DeactivationReason(DeactivationReasonCode.ActivationMigrated, "Another silo owns the grain in the new view.");
        var moved = _activations.Values.Where(a => !Placement.IsLocal(a.GrainId)).ToList();
        foreach (var activation in moved)
        {
            activation.Deactivate(reason);
        }

        return Task.WhenAll(moved.Select(a => a.Deactivated).Concat(_ending.Values.Select(a => a.Deactivated)));
    }

    /// <summary>Drops every activation without deactivating it and fences storage: this silo was declared dead.</summary>
    public void Abandon(string reason)
    {
        _fence.Close(reason);
        _stopping = true;
        foreach (var activation in _activations.Values)
        {
            activation.Abandon();
        }
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
