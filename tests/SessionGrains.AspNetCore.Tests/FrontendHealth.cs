using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrains.AspNetCore.Diagnostics;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>A front end's health as probes see it: <c>/healthz</c>, or the health checks tagged <c>ready</c>.</summary>
public static class FrontendHealth
{
    /// <summary>Whether <c>/healthz</c> answers 200.</summary>
    public static async Task<bool> IsHealthyAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/healthz").DefaultTimeout();
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Runs the checks tagged <c>ready</c>, as a readiness probe would.</summary>
    public static Task<HealthReport> CheckReadinessAsync(this FrontendFactory factory) =>
        factory.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains(ClusterHealthCheck.ReadyTag))
            .DefaultTimeout();
}
