using SessionGrains.Runtime.Placement;

namespace SessionGrains.Runtime.Membership;

/// <inheritdoc/>
internal sealed class ClusterMembershipDiagnostics(ClusterMembership membership) : IClusterMembershipDiagnostics
{
    public MembershipView CurrentView => membership.CurrentView;

    public SiloAddress? GetOwner(GrainId grainId) => RendezvousPlacement.GetOwner(grainId, membership.CurrentView.ActiveSilos);

    public Task<IReadOnlyDictionary<SiloAddress, SiloStatistics>> GetSiloStatisticsAsync(CancellationToken cancellationToken = default) =>
        membership.Table.ReadStatisticsAsync(cancellationToken);
}
