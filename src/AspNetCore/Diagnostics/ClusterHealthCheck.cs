using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.AspNetCore.Diagnostics;

/// <summary>Healthy while the cluster view has at least one active silo to serve sessions.</summary>
internal sealed class ClusterHealthCheck(ClusterMembership membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var view = membership.CurrentView;
        return Task.FromResult(view.ActiveSilos.Length > 0
            ? HealthCheckResult.Healthy($"{view.ActiveSilos.Length} active silos in view v{view.Version}.")
            : HealthCheckResult.Unhealthy($"No active silo in view v{view.Version}."));
    }
}
