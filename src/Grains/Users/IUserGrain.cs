using System.Collections.Immutable;
using SessionGrains.Runtime;

namespace SessionGrains.Grains.Users;

/// <summary>
/// One user, keyed by user id: the single writer of the user's session set. Every change to the set is one turn, so
/// the per-user cap holds however many sign-ins race, and "log out everywhere" sees every session.
/// </summary>
[GrainType("user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Signs in: enforces the cap, creates the new session (moving the current one's data to it), and records it.</summary>
    Task<SignInResult> SignInAsync(SignInRequest request);

    /// <summary>The user's live sessions, oldest first; sessions that ended without telling the user grain are pruned.</summary>
    Task<ImmutableArray<Sessions.SessionSummary>> ListSessionsAsync();

    /// <summary>Whether <paramref name="publicId"/> is one of the user's sessions now.</summary>
    [Idempotent]
    Task<bool> HasSessionAsync(string publicId);

    /// <summary>Revokes one of the user's sessions; false when it is not one of them.</summary>
    Task<bool> RevokeAsync(string publicId);

    /// <summary>
    /// Revokes every session of the user but <paramref name="exceptPublicId"/> (null for all). When it returns, none
    /// of them loads from any silo. Returns how many were revoked.
    /// </summary>
    Task<int> RevokeAllAsync(string? exceptPublicId);

    /// <summary>Told by a session when it ends; removes it from the set.</summary>
    Task SessionEndedAsync(string publicId);
}
