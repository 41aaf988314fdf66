using Microsoft.Extensions.Logging;

namespace SessionGrains.Runtime.Tests.Grains;

public sealed class ProbeGrain(ILogger<ProbeGrain> logger) : Grain, IProbeGrain
{
    public Task<ProbeReport> ProbeAsync() => Task.FromResult(CallerMark.Read());

    public async Task<ProbeReport> ProbeOtherAsync(string key)
    {
        var other = GrainFactory.GetGrain<IProbeGrain>(key);
        return await CallerMark.Call(other.ProbeAsync);
    }

    public async Task LogAsync(string message, string scope)
    {
        await Task.Yield();
        using (logger.BeginScope(scope))
        {
            logger.LogInformation(message);
        }
    }
}
