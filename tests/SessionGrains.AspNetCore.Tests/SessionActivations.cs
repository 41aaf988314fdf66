using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>How many session and user grains are active in a host's cluster, as Orleans' management grain reports them.</summary>
public static class SessionActivations
{
    public static async Task<int> CountAsync(IServiceProvider services)
    {
        var statistics = await services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics().DefaultTimeout();
        return statistics
            .Where(s => s.GrainType.Contains(".SessionGrain", StringComparison.Ordinal) || s.GrainType.Contains(".UserGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
    }
}
