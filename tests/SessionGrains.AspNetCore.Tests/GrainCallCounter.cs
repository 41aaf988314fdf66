using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>The grain calls one host made since this counter was created, from its <see cref="GrainCallTally"/>.</summary>
public sealed class GrainCallCounter(IServiceProvider services) : IDisposable
{
    private readonly GrainCallTally _tally = services.GetRequiredService<GrainCallTally>();
    private readonly long _start = services.GetRequiredService<GrainCallTally>().Calls;

    public long Calls => _tally.Calls - _start;

    public void Dispose()
    {
    }
}
