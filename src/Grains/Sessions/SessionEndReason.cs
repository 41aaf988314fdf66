namespace SessionGrains.Grains.Sessions;

/// <summary>Why a session ended. Stored in session state by value: never renumber.</summary>
[GenerateSerializer, Alias("sessiongrains.session-end-reason")]
public enum SessionEndReason
{
    /// <summary>It was not used within its idle timeout.</summary>
    Idle = 1,

    /// <summary>It reached its absolute deadline, however much it was used.</summary>
    Absolute,

    /// <summary>It was revoked: "log out this device" or "log out everywhere".</summary>
    Revoked,

    /// <summary>Its user signed out.</summary>
    SignedOut,

    /// <summary>It was replaced by a new session at sign-in (session fixation defence).</summary>
    Rotated,

    /// <summary>Its user went over the per-user cap, and it was the oldest.</summary>
    Evicted,
}
