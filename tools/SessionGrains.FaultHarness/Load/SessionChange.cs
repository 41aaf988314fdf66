namespace SessionGrains.FaultHarness.Load;

/// <summary>What a response did to the virtual user's session cookie.</summary>
internal enum SessionChange
{
    /// <summary>No Set-Cookie for the session.</summary>
    None,

    /// <summary>The user's first session cookie.</summary>
    Created,

    /// <summary>A new session cookie although the user had one: its session was lost.</summary>
    Replaced,

    /// <summary>The session cookie was deleted: the farm no longer knew the session.</summary>
    Deleted,
}
