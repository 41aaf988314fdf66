using System.Collections.Immutable;
using Orleans.Concurrency;
using SessionGrains.Grains.Calls;
using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Users;

/// <summary>
/// One user, keyed by user id: the single writer of the user's session set. Every change to the set is one turn, so
/// the per-user cap holds however many sign-ins race, and "log out everywhere" sees every session.
/// </summary>
[Alias("sessiongrains.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Signs in: enforces the cap, creates the new session (moving the current one's data to it), and records it.</summary>
    [Alias("sign-in")]
    Task<SignInResult> SignInAsync(SignInRequest request);

    /// <summary>The user's live sessions, oldest first; sessions that ended without telling the user grain are pruned.</summary>
    [Idempotent, Alias("list")]
    Task<ImmutableArray<SessionSummary>> ListSessionsAsync();

    /// <summary>Whether <paramref name="publicId"/> is one of the user's sessions now.</summary>
    [Idempotent, Alias("has")]
    Task<bool> HasSessionAsync(string publicId);

    /// <summary>Revokes one of the user's sessions; false when it is not one of them.</summary>
    [Alias("revoke")]
    Task<bool> RevokeAsync(string publicId);

    /// <summary>
    /// Revokes every session of the user but <paramref name="exceptPublicId"/> (null for all). When it returns, none
    /// of them loads from any silo. Returns how many were revoked.
    /// </summary>
    [Alias("revoke-all")]
    Task<int> RevokeAllAsync(string? exceptPublicId);

    /// <summary>
    /// Told by a session when it ends; removes it from the set, and raises its <c>Expired</c> event when it expired
    /// (a signed-in session's expiry is raised here, once, whoever notices it first). One-way: sessions never wait for
    /// their user.
    /// </summary>
    [OneWay, Alias("session-ended")]
    Task SessionEndedAsync(string publicId, SessionEndReason reason);

    /// <summary>Told by a session when it stores itself beyond what this grain knew. One-way, as <see cref="SessionEndedAsync"/>.</summary>
    [OneWay, Alias("session-stored")]
    Task SessionStoredAsync(SessionIndexUpdate update);
}
