namespace SessionGrains.Runtime.Membership;

/// <summary>
/// This process's view of the cluster, for health checks, admin pages and tests; registered by
/// <c>UseRedisClustering</c>, <c>UseInMemoryClustering</c> and the cluster clients.
/// </summary>
public interface IClusterMembershipDiagnostics
{
    /// <summary>The newest view this process has read: <see cref="MembershipView.Empty"/> until the first refresh.</summary>
    MembershipView CurrentView { get; }

    /// <summary>The silo that owns <paramref name="grainId"/> in <see cref="CurrentView"/>, or <see langword="null"/> when no silo is active.</summary>
    SiloAddress? GetOwner(GrainId grainId);

    /// <summary>What each silo last published about its activations (about once per heartbeat).</summary>
    Task<IReadOnlyDictionary<SiloAddress, SiloStatistics>> GetSiloStatisticsAsync(CancellationToken cancellationToken = default);
}
