using System.Collections.Concurrent;
using SessionGrains.Grains.Events;

namespace SessionGrains.Grains.Tests.Events;

/// <summary>An <see cref="ISessionEvents"/> that keeps every event of every silo it is registered on.</summary>
internal sealed class RecordingSessionEvents : ISessionEvents
{
    private readonly ConcurrentQueue<SessionEvent> _events = new();

    public IReadOnlyList<SessionEvent> Events => [.. _events];

    public ValueTask OnSessionEventAsync(SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(sessionEvent);
        return ValueTask.CompletedTask;
    }

    /// <summary>The events of the session <paramref name="publicId"/>, in the order they were seen.</summary>
    public IReadOnlyList<SessionEvent> Of(string publicId) => [.. _events.Where(e => e.PublicId == publicId)];

    /// <summary>Waits until <paramref name="publicId"/> has an event of <paramref name="kind"/>, and returns it.</summary>
    public async Task<SessionEvent> WaitForAsync(string publicId, SessionEventKind kind, TimeSpan? timeout = null)
    {
        await Eventually.WaitUntilAsync(
            () => Of(publicId).Any(e => e.Kind == kind),
            $"session {publicId} had a {kind} event (it has: {string.Join(", ", Of(publicId).Select(e => e.Kind))})",
            timeout);
        return Of(publicId).First(e => e.Kind == kind);
    }
}
