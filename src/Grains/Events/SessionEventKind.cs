namespace SessionGrains.Grains.Events;

/// <summary>What happened to a session.</summary>
public enum SessionEventKind
{
    /// <summary>An anonymous session was created.</summary>
    Created,

    /// <summary>A signed-in session was created, by sign-in or rotation.</summary>
    SignedIn,

    /// <summary>The session was replaced by a new one at sign-in.</summary>
    Rotated,

    /// <summary>The session reached its idle timeout or its absolute deadline.</summary>
    Expired,

    /// <summary>The session was revoked or evicted.</summary>
    Revoked,

    /// <summary>The user signed out.</summary>
    SignedOut,
}
