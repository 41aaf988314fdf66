using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Storage;

namespace SessionGrains.Grains.Users;

/// <summary>
/// A user's session set. It calls its sessions and awaits them; sessions never await it, so the two cannot deadlock.
/// Its record expires when the last of its sessions would reach its absolute deadline, so the index cannot leak.
/// </summary>
[GrainType("user")]
internal sealed partial class UserGrain(
    [PersistentState(UserGrain.StateName, SessionGrainsStorage.Users)] IPersistentState<UserState> state,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider timeProvider,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    /// <summary>The state's name in storage.</summary>
    public const string StateName = "user";

    private List<UserSessionEntry> Sessions => state.State.Sessions;

    /// <inheritdoc/>
    public async Task<SignInResult> SignInAsync(SignInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userId = this.GetPrimaryKeyString();
        await ReadAgainIfExpiredAsync();
        PruneExpired();

        // The session signing in is replaced by the new one, so it does not count against the cap; it leaves the list
        // only once its rotation has proved it is the caller's.
        bool Others(UserSessionEntry e) => e.GrainKey != request.CurrentSessionGrainKey;
        var evicted = ImmutableArray.CreateBuilder<string>();
        if (request.MaxSessions > 0 && Sessions.Count(Others) >= request.MaxSessions)
        {
            await PruneEndedAsync();
            while (Sessions.Count(Others) >= request.MaxSessions)
            {
                if (request.CapPolicy == SessionCapPolicy.RefuseNew)
                {
                    Log.RefusedAtCap(logger, userId, request.MaxSessions);
                    await SaveAsync();
                    return new SignInResult(SignInStatus.RefusedAtCap, null, []);
                }

                var oldest = Sessions.First(Others);
                await Session(oldest.GrainKey).RevokeAsync(SessionEndReason.Evicted);
                Sessions.Remove(oldest);
                evicted.Add(oldest.PublicId);
            }
        }

        SessionSnapshot? created = null;
        if (request is { CurrentSessionGrainKey: { } currentKey, CurrentSessionProof: { } proof })
        {
            created = await Session(currentKey).RotateAsync(proof, request.NewSessionGrainKey, request.NewSession, userId);
            if (created is not null)
            {
                Sessions.RemoveAll(e => e.GrainKey == currentKey);
            }
        }

        created ??= await Session(request.NewSessionGrainKey).CreateSignedInAsync(request.NewSession, userId, ImmutableDictionary<string, string>.Empty)
            ?? throw new InvalidOperationException("The new session's key is already in use; sign in again with a new secret.");

        Sessions.Add(new UserSessionEntry
        {
            PublicId = created.PublicId,
            GrainKey = request.NewSessionGrainKey,
            CreatedAt = created.CreatedAt.ToUnixTimeMilliseconds(),
            AbsoluteExpiresAt = created.AbsoluteExpiresAt.ToUnixTimeMilliseconds(),
        });
        await SaveAsync();
        return new SignInResult(SignInStatus.SignedIn, created, evicted.ToImmutable());
    }

    /// <inheritdoc/>
    public async Task<ImmutableArray<SessionSummary>> ListSessionsAsync()
    {
        await ReadAgainIfExpiredAsync();
        var summaries = await PruneEndedAsync();
        return [.. summaries];
    }

    /// <inheritdoc/>
    public Task<bool> HasSessionAsync(string publicId) => Task.FromResult(Sessions.Exists(e => e.PublicId == publicId));

    /// <inheritdoc/>
    public async Task<bool> RevokeAsync(string publicId)
    {
        await ReadAgainIfExpiredAsync();
        var entry = Sessions.Find(e => e.PublicId == publicId);
        if (entry is null)
        {
            return false;
        }

        await Session(entry.GrainKey).RevokeAsync(SessionEndReason.Revoked);
        Sessions.Remove(entry);
        await SaveAsync();
        return true;
    }

    /// <inheritdoc/>
    public async Task<int> RevokeAllAsync(string? exceptPublicId)
    {
        await ReadAgainIfExpiredAsync();
        var targets = Sessions.Where(e => e.PublicId != exceptPublicId).ToList();
        await Task.WhenAll(targets.Select(e => Session(e.GrainKey).RevokeAsync(SessionEndReason.Revoked)));
        Sessions.RemoveAll(targets.Contains);
        await SaveAsync();
        Log.RevokedAll(logger, this.GetPrimaryKeyString(), targets.Count);
        return targets.Count;
    }

    /// <inheritdoc/>
    public async Task SessionEndedAsync(string publicId)
    {
        await ReadAgainIfExpiredAsync();
        if (Sessions.RemoveAll(e => e.PublicId == publicId) > 0)
        {
            await SaveAsync();
        }
    }

    private ISessionGrain Session(string grainKey) => GrainFactory.GetGrain<ISessionGrain>(grainKey);

    /// <summary>
    /// The record expires in Redis with the last session's absolute deadline, possibly under this activation: then
    /// its ETag is stale, and the next write would conflict. Reading again starts from what Redis holds.
    /// </summary>
    private async Task ReadAgainIfExpiredAsync()
    {
        if (state.RecordExists && state.State.ExpiresAt <= timeProvider.GetUtcNow())
        {
            await state.ReadStateAsync();
        }
    }

    private void PruneExpired()
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        Sessions.RemoveAll(e => e.AbsoluteExpiresAt <= now);
    }

    /// <summary>Asks every session whether it is alive and drops those that ended without telling us.</summary>
    private async Task<List<SessionSummary>> PruneEndedAsync()
    {
        PruneExpired();
        var entries = Sessions.ToList();
        var summaries = await Task.WhenAll(entries.Select(e => Session(e.GrainKey).GetSummaryAsync()));
        var live = new List<SessionSummary>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (summaries[i] is { } summary)
            {
                live.Add(summary);
            }
            else
            {
                Sessions.Remove(entries[i]);
            }
        }

        if (live.Count != entries.Count)
        {
            await SaveAsync();
        }

        return live;
    }

    private async Task SaveAsync()
    {
        if (Sessions.Count == 0)
        {
            if (state.RecordExists)
            {
                await state.ClearStateAsync();
            }

            return;
        }

        await state.WriteStateAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(7201, LogLevel.Information, "Sign-in of user {UserId} refused: at the cap of {MaxSessions} sessions.", EventName = "SignInRefusedAtCap")]
        public static partial void RefusedAtCap(ILogger logger, string userId, int maxSessions);

        [LoggerMessage(7202, LogLevel.Information, "Revoked {Count} sessions of user {UserId}.", EventName = "UserSessionsRevoked")]
        public static partial void RevokedAll(ILogger logger, string userId, int count);
    }
}
