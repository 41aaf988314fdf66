using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionGrains.Runtime.Redis;

namespace SessionGrains.AspNetCore.Diagnostics;

/// <summary>Healthy while Redis answers PING within its operation timeout.</summary>
internal sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await connection.ExecuteAsync(db => db.PingAsync(), "PING", cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms.");
        }
        catch (RedisUnavailableException exception)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}
