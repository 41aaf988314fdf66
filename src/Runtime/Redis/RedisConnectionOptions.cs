namespace SessionGrains.Runtime.Redis;

/// <summary>
/// The process's Redis connections (grain storage's own, and the one shared by membership, the key ring and health
/// checks), bound from <c>SessionGrains:Redis</c>: the section's own value is <see cref="Configuration"/>, so
/// <c>SessionGrains:Redis=localhost:6379</c> is enough.
/// </summary>
public sealed class RedisConnectionOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, such as <c>localhost:6379,password=…</c>. Required. Grain storage
    /// connects to its first endpoint, with its <c>password</c>, <c>defaultDatabase</c>, <c>ssl</c> and <c>sslHost</c>.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>How long to wait for the first connection. Default: 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long any one Redis operation may take, connecting included, before it fails with a clear error. Default:
    /// 5 seconds.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
