using System.Text.Json.Serialization;

namespace SessionGrains.Grains.Sessions;

/// <summary>A session as stored: short JSON names and Unix milliseconds keep a session near 300 bytes in Redis.</summary>
internal sealed class SessionState
{
    [JsonPropertyName("p")]
    public string PublicId { get; set; } = "";

    /// <summary>The proof the caller must present; see <see cref="Security.SessionProof"/>.</summary>
    [JsonPropertyName("v")]
    public string Proof { get; set; } = "";

    [JsonPropertyName("u")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserId { get; set; }

    [JsonPropertyName("c")]
    public long CreatedAt { get; set; }

    [JsonPropertyName("l")]
    public long LastSeenAt { get; set; }

    /// <summary>The idle timeout in milliseconds.</summary>
    [JsonPropertyName("i")]
    public long IdleTimeout { get; set; }

    [JsonPropertyName("a")]
    public long AbsoluteExpiresAt { get; set; }

    [JsonPropertyName("d")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Data { get; set; }

    [JsonPropertyName("ua")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserAgent { get; set; }

    [JsonPropertyName("ip")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IpAddress { get; set; }

    /// <summary>Set when the session ended: it is then a tombstone that keeps its reason for a while.</summary>
    [JsonPropertyName("e")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SessionEndReason? Ended { get; set; }
}
