using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Events;

/// <summary>Something that happened to a session. It names the session by its public id only.</summary>
public sealed record SessionEvent(SessionEventKind Kind, string PublicId, string? UserId, SessionEndReason? Reason, DateTimeOffset At);
