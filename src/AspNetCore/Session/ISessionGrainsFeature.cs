using System.Collections.Immutable;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;

namespace SessionGrains.AspNetCore;

/// <summary>
/// The request's session, beyond <c>ISession</c>: sign-in with rotation, sign-out, devices, revocation and atomic
/// counters. Get it with <c>HttpContext.GetSessionGrains()</c>. Nothing here touches a grain until it is called.
/// </summary>
public interface ISessionGrainsFeature
{
    /// <summary>
    /// The session's public id, as ASP.NET Core's <c>ISession.Id</c>: never empty, and the same for the rest of the
    /// request. It is the current session's, or, when the request has none, the id of the session it will create;
    /// reading it loads the session but creates none. Signing in, signing out or revoking this session changes it,
    /// since they end the session it named.
    /// </summary>
    Task<string> GetPublicIdAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads the current session, sliding its idle window; null when there is none or it has ended.</summary>
    Task<SessionSnapshot?> GetCurrentAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs <paramref name="userId"/> in: a new session (new secret, new id, new cookie) takes over the current
    /// session's data, and the current one ends. The per-user cap applies.
    /// </summary>
    Task<SignInResult> SignInAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Ends the current session and clears its cookie; false when there was none.</summary>
    Task<bool> SignOutAsync(CancellationToken cancellationToken = default);

    /// <summary>The signed-in user's live sessions; empty when not signed in.</summary>
    Task<ImmutableArray<SessionSummary>> ListDevicesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes one of the signed-in user's sessions; false when it is not one of them. Revoking the current session
    /// also clears its cookie in this response.
    /// </summary>
    Task<bool> RevokeAsync(string publicId, CancellationToken cancellationToken = default);

    /// <summary>Revokes the signed-in user's sessions, this one too when <paramref name="includeCurrent"/>; returns how many.</summary>
    Task<int> RevokeAllAsync(bool includeCurrent, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="delta"/> to a counter in one grain turn, creating an anonymous session when there is none.</summary>
    Task<long> IncrementAsync(string key, long delta = 1, CancellationToken cancellationToken = default);
}
