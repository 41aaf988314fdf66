using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Placement;

/// <summary>Ownership by rendezvous hashing over the active silos of this process's current view.</summary>
internal sealed class ClusterPlacement(ClusterMembership membership, LocalSilo localSilo, IOptions<ClusterOptions> options) : IGrainPlacement
{
    public bool IsLocal(GrainId grainId) =>
        localSilo.IsStarted && RendezvousPlacement.GetOwner(grainId, membership.CurrentView.ActiveSilos) == localSilo.Address;

    public Task WaitForHandoverAsync(CancellationToken cancellationToken) =>
        membership.CurrentView.IsSettled ? Task.CompletedTask : membership.WaitUntilSettledAsync(options.Value.HandoverTimeout, cancellationToken);
}
