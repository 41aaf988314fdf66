using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using SessionGrains.Grains.Hosting;

namespace SessionGrains.AspNetCore.Diagnostics;

/// <summary>
/// Ready when this process can serve sessions: a co-hosted silo is Active in membership, or a cluster client has
/// connected to a gateway.
/// </summary>
internal sealed class ClusterHealthCheck(IServiceProvider services, ClusterClientReadiness readiness) : IHealthCheck
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ILocalSiloDetails>() is { } local && services.GetService<IClusterMembershipService>() is { } membership)
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy($"Silo {local.SiloAddress} is active.")
                : HealthCheckResult.Unhealthy($"Silo {local.SiloAddress} is {status}."));
        }

        return Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("Connected to the cluster.")
            : HealthCheckResult.Unhealthy(readiness.Reason));
    }
}
