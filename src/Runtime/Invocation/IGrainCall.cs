using SessionGrains.Runtime.Activations;

namespace SessionGrains.Runtime.Invocation;

/// <summary>A call in flight: routed to its target, run as a turn there, completed once with a result or an exception.</summary>
internal interface IGrainCall : IWorkItem
{
    GrainId Target { get; }

    GrainMethod Method { get; }

    object?[] Arguments { get; }

    CancellationToken CancellationToken { get; }

    bool IsCompleted { get; }

    /// <summary>Completes with the call; never faults.</summary>
    Task Completion { get; }

    /// <summary>Whether the call came from another process, so rerouting it means telling that caller to retry.</summary>
    bool IsInbound { get; }

    /// <summary>Whether its request reached a socket: a lost connection then may have run it.</summary>
    bool IsWritten { get; set; }

    /// <summary>Completes the call with a result read from JSON.</summary>
    void CompleteFromJson(ReadOnlySpan<byte> json);

    /// <summary>Writes the successful result as JSON.</summary>
    void WriteResult(System.Buffers.IBufferWriter<byte> output);

    /// <summary>The exception the call failed with, or null.</summary>
    Exception? GetException();

    /// <summary>The response timeout the call runs under; sent along so a silo skips calls whose caller gave up.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Starts the response timeout: a call still pending after <paramref name="timeout"/> fails.</summary>
    void StartTimeout(TimeProvider timeProvider, TimeSpan timeout);

    void Complete(object? result);

    void Fail(Exception exception);
}
