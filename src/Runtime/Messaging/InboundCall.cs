using SessionGrains.Runtime.Invocation;

namespace SessionGrains.Runtime.Messaging;

/// <summary>A call a silo runs for a remote caller, with the source of its grain's cancellation token when the method takes one.</summary>
internal readonly record struct InboundCall(IGrainCall Call, CancellationTokenSource? Cancellation)
{
    /// <summary>
    /// The caller gave up or went away: a queued call will not run, and a running one sees its token cancelled, as it
    /// would for a caller in the same process.
    /// </summary>
    public void Cancel(string reason)
    {
        if (Cancellation is { } cancellation)
        {
            // Cancelling completes the call too (it is registered on the token). Asynchronously, so the grain's
            // continuations do not run on the connection's read loop.
            _ = cancellation.CancelAsync();
        }
        else
        {
            Call.Fail(new OperationCanceledException(reason));
        }
    }
}
