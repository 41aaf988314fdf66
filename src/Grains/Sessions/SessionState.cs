using SessionGrains.Grains.Storage;

namespace SessionGrains.Grains.Sessions;

/// <summary>
/// A session as stored, in Orleans' binary serialization: field ids, varints, no type names. Times are Unix
/// milliseconds. Never renumber an <see cref="IdAttribute"/>; add new fields with new ids.
/// </summary>
[GenerateSerializer, Alias("sessiongrains.session-state")]
internal sealed class SessionState : IExpiringState
{
    [Id(0)]
    public string PublicId { get; set; } = "";

    /// <summary>The proof the caller must present; see <see cref="Security.SessionProof"/>.</summary>
    [Id(1)]
    public string Proof { get; set; } = "";

    [Id(2)]
    public string? UserId { get; set; }

    [Id(3)]
    public long CreatedAt { get; set; }

    [Id(4)]
    public long LastSeenAt { get; set; }

    /// <summary>The idle timeout in milliseconds.</summary>
    [Id(5)]
    public long IdleTimeout { get; set; }

    [Id(6)]
    public long AbsoluteExpiresAt { get; set; }

    [Id(7)]
    public Dictionary<string, string>? Data { get; set; }

    [Id(8)]
    public string? UserAgent { get; set; }

    [Id(9)]
    public string? IpAddress { get; set; }

    /// <summary>Set when the session ended: it is then a tombstone that keeps its reason for a while.</summary>
    [Id(10)]
    public SessionEndReason? Ended { get; set; }

    /// <summary>
    /// Until when the user grain believes the session may live (Unix milliseconds; signed-in sessions only). It is
    /// told again whenever the record is stored past this, so it can drop the session on its own once that passes.
    /// </summary>
    [Id(11)]
    public long IndexedUntil { get; set; }

    /// <summary>When the record may go: the next deadline while live, the end of the tombstone's retention after. Not stored.</summary>
    [field: NonSerialized]
    public DateTimeOffset? ExpiresAt { get; set; }
}
