namespace SessionGrains.FaultHarness.Load;

/// <summary>How one POST /api/count ended.</summary>
internal enum RequestOutcome
{
    /// <summary>200 with the new count: the increment is acknowledged.</summary>
    Acknowledged,

    /// <summary>503: the farm said it could not serve the request now.</summary>
    ServiceUnavailable,

    /// <summary>Any other HTTP status.</summary>
    OtherStatus,

    /// <summary>No HTTP answer: the connection failed or broke.</summary>
    ConnectionFailed,

    /// <summary>No answer within the request timeout: a hang.</summary>
    TimedOut,
}
