using System.Collections.Immutable;
using SessionGrains.Grains.Calls;
using SessionGrains.Grains.Security;

namespace SessionGrains.Grains.Sessions;

/// <summary>
/// One session, keyed by <see cref="SessionCredentials.GrainKey"/>. It is the single writer of its data: concurrent
/// requests are serialized, so none is lost. Methods taking a <see cref="SessionProof"/> return null when the session
/// does not exist, has ended, or the proof does not match.
/// </summary>
[Alias("sessiongrains.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Starts an anonymous session; null if this key is already in use.</summary>
    [Alias("create")]
    Task<SessionSnapshot?> CreateAsync(CreateSessionRequest request);

    /// <summary>Checks the session is alive, slides its idle window, and returns it.</summary>
    [Idempotent, Alias("load")]
    Task<SessionSnapshot?> LoadAsync(SessionProof proof);

    /// <summary>Applies <paramref name="changes"/> in one turn.</summary>
    /// <exception cref="ArgumentException">The data would exceed <see cref="SessionGrainOptions.MaxDataSize"/>.</exception>
    [Alias("apply")]
    Task<SessionSnapshot?> ApplyAsync(SessionProof proof, SessionChangeSet changes);

    /// <summary>Adds <paramref name="delta"/> to the integer under <paramref name="key"/> (absent counts as 0) and returns the sum.</summary>
    /// <exception cref="ArgumentException">The value under <paramref name="key"/> is not an integer.</exception>
    [Alias("increment")]
    Task<long?> IncrementAsync(SessionProof proof, string key, long delta);

    /// <summary>
    /// Sign-in rotation: creates <paramref name="successor"/> (another session grain) with this session's data and
    /// <paramref name="userId"/>, then ends this one as <see cref="SessionEndReason.Rotated"/>.
    /// </summary>
    [Alias("rotate")]
    Task<SessionSnapshot?> RotateAsync(SessionProof proof, string successorGrainKey, CreateSessionRequest successor, string userId);

    /// <summary>Creates a signed-in session carrying <paramref name="data"/>; used by <see cref="RotateAsync"/> and sign-in.</summary>
    [Alias("create-signed-in")]
    Task<SessionSnapshot?> CreateSignedInAsync(CreateSessionRequest request, string userId, ImmutableDictionary<string, string> data);

    /// <summary>Ends the session as <see cref="SessionEndReason.SignedOut"/>.</summary>
    [Alias("sign-out")]
    Task<bool> SignOutAsync(SessionProof proof);

    /// <summary>Ends the session with <paramref name="reason"/>, for its user grain; no proof needed.</summary>
    [Idempotent, Alias("revoke")]
    Task RevokeAsync(SessionEndReason reason);

    /// <summary>A summary for device lists, or null when the session has ended.</summary>
    [Idempotent, Alias("summary")]
    Task<SessionSummary?> GetSummaryAsync();
}
