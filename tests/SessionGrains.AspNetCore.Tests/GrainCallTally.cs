namespace SessionGrains.AspNetCore.Tests;

/// <summary>
/// Counts the grain calls one host makes: an Orleans outgoing call filter that every test host registers, so a test
/// can check how many calls a request cost. Each host has its own, so other hosts in the run do not count.
/// </summary>
public sealed class GrainCallTally : IOutgoingGrainCallFilter
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        // Only the project's grains: Orleans' own system calls (membership in the embedded default) do not count.
        if (context.InterfaceMethod?.DeclaringType?.Namespace?.StartsWith("SessionGrains.", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _calls);
        }

        return context.Invoke();
    }
}
