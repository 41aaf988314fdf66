using System.Collections.Immutable;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;

namespace SessionGrains.AspNetCore.Authentication;

/// <summary>
/// Keeps cookie authentication's tickets in session grains: each ticket is a signed-in session of its user, so the
/// per-user cap applies and "log out everywhere" ends auth cookies too. The auth cookie carries the session's secret,
/// protected by cookie authentication's Data Protection; Redis holds only derived keys and the ticket.
/// </summary>
internal sealed class GrainTicketStore(IGrainFactory grainFactory, IOptions<SessionGrainsOptions> options) : ITicketStore
{
    internal const string TicketDataKey = "__ticket";

    private readonly SessionGrainsOptions _options = options.Value;

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var userId = ticket.Principal.Identity?.Name
            ?? throw new InvalidOperationException("A ticket stored in session grains needs a principal with a name.");
        var secret = SessionSecret.Generate();
        var credentials = secret.Derive();
        var request = new SignInRequest(
            credentials.GrainKey,
            new CreateSessionRequest(credentials.PublicId, credentials.Proof, _options.IdleTimeout, _options.AbsoluteTimeout, Device: null),
            CurrentSessionGrainKey: null,
            CurrentSessionProof: null,
            _options.MaxSessionsPerUser,
            _options.CapPolicy);
        var result = await grainFactory.GetGrain<IUserGrain>(userId).SignInAsync(request);
        if (result.Status != SignInStatus.SignedIn)
        {
            throw new InvalidOperationException($"Sign-in of '{userId}' was refused: the user is at the cap of {_options.MaxSessionsPerUser} sessions.");
        }

        await WriteTicketAsync(credentials, ticket);
        return secret.Reveal();
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (SessionSecret.TryParse(key, out var secret))
        {
            await WriteTicketAsync(secret!.Derive(), ticket);
        }
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!SessionSecret.TryParse(key, out var secret))
        {
            return null;
        }

        var credentials = secret!.Derive();
        var snapshot = await Session(credentials).LoadAsync(credentials.Proof);
        return snapshot?.Data.TryGetValue(TicketDataKey, out var data) == true
            ? TicketSerializer.Default.Deserialize(Convert.FromBase64String(data))
            : null;
    }

    public async Task RemoveAsync(string key)
    {
        if (SessionSecret.TryParse(key, out var secret))
        {
            var credentials = secret!.Derive();
            await Session(credentials).SignOutAsync(credentials.Proof);
        }
    }

    private Task WriteTicketAsync(SessionCredentials credentials, AuthenticationTicket ticket)
    {
        var data = Convert.ToBase64String(TicketSerializer.Default.Serialize(ticket));
        var changes = new SessionChangeSet(ImmutableDictionary<string, string>.Empty.Add(TicketDataKey, data), []);
        return Session(credentials).ApplyAsync(credentials.Proof, changes);
    }

    private ISessionGrain Session(SessionCredentials credentials) => grainFactory.GetGrain<ISessionGrain>(credentials.GrainKey);
}
