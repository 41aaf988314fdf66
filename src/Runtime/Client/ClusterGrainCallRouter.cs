using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Messaging;
using SessionGrains.Runtime.Placement;

namespace SessionGrains.Runtime.Client;

/// <summary>
/// Sends each call straight to its grain's owner in the current view: this process's catalog when it hosts that silo,
/// otherwise the owner's connection. A call that did not run where it was sent is routed again once the view has
/// moved on, until its response timeout.
/// </summary>
internal sealed class ClusterGrainCallRouter(
    IServiceProvider services,
    ClusterMembership membership,
    ConnectionManager connections,
    TimeProvider timeProvider,
    IOptions<GrainRuntimeOptions> options) : IGrainCallRouter
{
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan _responseTimeout = options.Value.ResponseTimeout;
    private readonly LocalSilo? _localSilo = services.GetService<LocalSilo>();

    private GrainCatalog? Catalog => field ??= services.GetService<GrainCatalog>();

    public void Send(IGrainCall call)
    {
        call.StartTimeout(timeProvider, _responseTimeout);
        Route(call, mayRunInline: true);
    }

    public void Reroute(IGrainCall call)
    {
        if (call.IsInbound)
        {
            call.Fail(new NotOwnerException());
            return;
        }

        _ = RouteAfterViewChangeAsync(call);
    }

    private void Route(IGrainCall call, bool mayRunInline = false)
    {
        if (call.IsCompleted)
        {
            return;
        }

        var owner = RendezvousPlacement.GetOwner(call.Target, membership.CurrentView.ActiveSilos);
        if (owner is null)
        {
            _ = RouteAfterViewChangeAsync(call);
        }
        else if (_localSilo is { IsStarted: true } local && owner == local.Address)
        {
            Catalog!.Dispatch(call, mayRunInline);
        }
        else
        {
            connections.Send(owner, call);
        }
    }

    private async Task RouteAfterViewChangeAsync(IGrainCall call)
    {
        membership.RequestRefresh();
        await membership.WaitForChangeAsync(RetryWait, CancellationToken.None);
        Route(call);
    }
}
