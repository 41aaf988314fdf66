using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Grains.Events;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Storage;

namespace SessionGrains.Grains.Users;

/// <summary>
/// A user's session set. It calls its sessions and awaits them; sessions never await it, so the two cannot deadlock.
/// It knows until when each session's record lives, as its sessions tell it, so it drops a session that expired with
/// no activation alive on its own: with a grain timer while active, and a reminder that wakes it when it is not.
/// Its record expires when the last of its sessions would reach its absolute deadline, so the index cannot leak.
/// </summary>
[GrainType("user")]
internal sealed partial class UserGrain(
    [PersistentState(UserGrain.StateName, SessionGrainsStorage.Users)] IPersistentState<UserState> state,
    IOptions<SessionGrainOptions> sessionOptions,
    SessionEventDispatcher events,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider timeProvider,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable
{
    /// <summary>The state's name in storage.</summary>
    public const string StateName = "user";

    /// <summary>The reminder that wakes the grain when one of its sessions may have expired while it was not active.</summary>
    internal const string ExpiryReminder = "session-expiry";

    /// <summary>
    /// How often the reminder fires again after its first tick. Every deactivation moves its first tick to the next
    /// expiry, so only a grain lost in a crash waits for this.
    /// </summary>
    internal static readonly TimeSpan ExpiryReminderPeriod = TimeSpan.FromMinutes(15);

    private readonly SessionGrainOptions _sessionOptions = sessionOptions.Value;
    private IGrainTimer? _expiryTimer;
    private IGrainReminder? _reminder;

    private List<UserSessionEntry> Sessions => state.State.Sessions;

    private string UserId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Sessions.Count > 0)
        {
            ArmExpiryTimer();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Sessions.Count > 0)
        {
            await RemindAtNextExpiryAsync();
        }
    }

    /// <inheritdoc/>
    public async Task<SignInResult> SignInAsync(SignInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await ReadAgainIfExpiredAsync();
        await DropExpiredAsync();

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
                    Log.RefusedAtCap(logger, UserId, request.MaxSessions);
                    await SaveAsync();
                    return new SignInResult(SignInStatus.RefusedAtCap, null, []);
                }

                var oldest = Sessions.First(Others);
                await Session(oldest.GrainKey).RevokeAsync(SessionEndReason.Evicted);
                Sessions.Remove(oldest);
                evicted.Add(oldest.PublicId);
            }
        }

        // Stored before the session exists, so every live session is in the set whatever fails after: the cap counts
        // it and "log out everywhere" ends it. One that never came to be goes at its bound, or at the next list.
        var entry = Pending(request);
        Sessions.Add(entry);
        await SaveAsync();

        SessionSnapshot? created = null;
        if (request is { CurrentSessionGrainKey: { } currentKey, CurrentSessionProof: { } proof })
        {
            created = await Session(currentKey).RotateAsync(proof, request.NewSessionGrainKey, request.NewSession, UserId);
            if (created is not null)
            {
                Sessions.RemoveAll(e => e.GrainKey == currentKey);
            }
        }

        created ??= await Session(request.NewSessionGrainKey).CreateSignedInAsync(request.NewSession, UserId, ImmutableDictionary<string, string>.Empty);
        if (created is null)
        {
            Sessions.Remove(entry);
            await SaveAsync();
            throw new InvalidOperationException("The new session's key is already in use; sign in again with a new secret.");
        }

        entry.CreatedAt = created.CreatedAt.ToUnixTimeMilliseconds();
        entry.AbsoluteExpiresAt = created.AbsoluteExpiresAt.ToUnixTimeMilliseconds();
        var lastSeen = created.LastSeenAt.ToUnixTimeMilliseconds();
        entry.StoredUntil = _sessionOptions.StoredUntil(lastSeen, created.IdleExpiresAt.ToUnixTimeMilliseconds() - lastSeen, entry.AbsoluteExpiresAt);
        await SaveAsync();
        return new SignInResult(SignInStatus.SignedIn, created, evicted.ToImmutable());
    }

    /// <inheritdoc/>
    public async Task<ImmutableArray<SessionSummary>> ListSessionsAsync()
    {
        await ReadAgainIfExpiredAsync();
        await DropExpiredAsync();
        var summaries = await PruneEndedAsync();
        return [.. summaries];
    }

    /// <inheritdoc/>
    public Task<bool> HasSessionAsync(string publicId)
    {
        var now = Now.ToUnixTimeMilliseconds();
        return Task.FromResult(Sessions.Exists(e => e.PublicId == publicId && e.StoredUntil > now));
    }

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
        await DropExpiredAsync();
        var targets = Sessions.Where(e => e.PublicId != exceptPublicId).ToList();
        await Task.WhenAll(targets.Select(e => Session(e.GrainKey).RevokeAsync(SessionEndReason.Revoked)));
        Sessions.RemoveAll(targets.Contains);
        await SaveAsync();
        Log.RevokedAll(logger, UserId, targets.Count);
        return targets.Count;
    }

    /// <inheritdoc/>
    public async Task SessionEndedAsync(string publicId, SessionEndReason reason)
    {
        await ReadAgainIfExpiredAsync();
        if (Sessions.RemoveAll(e => e.PublicId == publicId) == 0)
        {
            return;
        }

        await SaveAsync();
        if (SessionEventDispatcher.KindOf(reason) == SessionEventKind.Expired)
        {
            await events.PublishAsync(new SessionEvent(SessionEventKind.Expired, publicId, UserId, reason, Now));
        }
    }

    /// <inheritdoc/>
    public async Task SessionStoredAsync(SessionIndexUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        await ReadAgainIfExpiredAsync();
        var storedUntil = update.StoredUntil.ToUnixTimeMilliseconds();
        var entry = Sessions.Find(e => e.PublicId == update.PublicId);
        if (entry is null)
        {
            // Dropped at a bound that a lost message left too early, or ended since: only a live session comes back.
            if (await Session(update.GrainKey).GetSummaryAsync() is null)
            {
                return;
            }

            entry = new UserSessionEntry
            {
                PublicId = update.PublicId,
                GrainKey = update.GrainKey,
                CreatedAt = update.CreatedAt.ToUnixTimeMilliseconds(),
                AbsoluteExpiresAt = update.AbsoluteExpiresAt.ToUnixTimeMilliseconds(),
            };
            var later = Sessions.FindIndex(e => e.CreatedAt > entry.CreatedAt);
            Sessions.Insert(later < 0 ? Sessions.Count : later, entry);
            Log.SessionRestored(logger, update.PublicId, UserId);
        }
        else if (storedUntil <= entry.StoredUntil)
        {
            return;
        }

        entry.StoredUntil = storedUntil;
        await SaveAsync();
    }

    /// <inheritdoc/>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await ReadAgainIfExpiredAsync();
        if (!await DropExpiredAsync() && Sessions.Count == 0)
        {
            await ForgetReminderAsync();
        }
    }

    private ISessionGrain Session(string grainKey) => GrainFactory.GetGrain<ISessionGrain>(grainKey);

    /// <summary>The new session's entry before it exists, with bounds no earlier than the session will set.</summary>
    private UserSessionEntry Pending(SignInRequest request)
    {
        // The session reads its own clock, perhaps on another silo: one slack covers the skew.
        var session = request.NewSession;
        var slack = _sessionOptions.PersistSlack((long)session.IdleTimeout.TotalMilliseconds);
        var now = Now.ToUnixTimeMilliseconds();
        var absolute = now + (long)session.AbsoluteLifetime.TotalMilliseconds + slack;
        return new UserSessionEntry { PublicId = session.PublicId, GrainKey = request.NewSessionGrainKey, CreatedAt = now, AbsoluteExpiresAt = absolute, StoredUntil = absolute };
    }

    /// <summary>
    /// The record expires in Redis with the last session's absolute deadline, possibly under this activation: then
    /// its ETag is stale, and the next write would conflict. Reading again starts from what Redis holds.
    /// </summary>
    private async Task ReadAgainIfExpiredAsync()
    {
        if (state.RecordExists && state.State.ExpiresAt <= Now)
        {
            await state.ReadStateAsync();
        }
    }

    /// <summary>
    /// Drops the sessions whose records are gone by now, without asking them, and raises their <c>Expired</c> events
    /// once that is stored. Returns whether any went.
    /// </summary>
    private async Task<bool> DropExpiredAsync()
    {
        var now = Now;
        var nowMs = now.ToUnixTimeMilliseconds();
        var expired = Sessions.FindAll(e => e.StoredUntil <= nowMs);
        if (expired.Count == 0)
        {
            return false;
        }

        Sessions.RemoveAll(e => e.StoredUntil <= nowMs);
        await SaveAsync();
        Log.DroppedExpired(logger, expired.Count, UserId);
        foreach (var entry in expired)
        {
            await events.PublishAsync(new SessionEvent(SessionEventKind.Expired, entry.PublicId, UserId, entry.ExpiryReason, now));
        }

        return true;
    }

    /// <summary>Asks every session whether it is alive and drops those that ended without telling us.</summary>
    private async Task<List<SessionSummary>> PruneEndedAsync()
    {
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
            _expiryTimer?.Dispose();
            _expiryTimer = null;
            if (state.RecordExists)
            {
                await state.ClearStateAsync();
                await ForgetReminderAsync();
            }

            return;
        }

        var first = !state.RecordExists;
        await state.WriteStateAsync();
        ArmExpiryTimer();
        if (first)
        {
            // Without it, a grain lost in a crash would never wake to drop its sessions.
            await RemindAtNextExpiryAsync();
        }
    }

    private long NextExpiry() => Sessions.Min(e => e.StoredUntil);

    private TimeSpan UntilNextExpiry()
    {
        var due = DateTimeOffset.FromUnixTimeMilliseconds(NextExpiry()) - Now;
        return due < TimeSpan.Zero ? TimeSpan.Zero : due;
    }

    private void ArmExpiryTimer()
    {
        var due = UntilNextExpiry();
        if (_expiryTimer is null)
        {
            _expiryTimer = this.RegisterGrainTimer(OnExpiryTimerAsync, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnExpiryTimerAsync(CancellationToken cancellationToken)
    {
        await ReadAgainIfExpiredAsync();
        if (!await DropExpiredAsync() && Sessions.Count > 0)
        {
            ArmExpiryTimer();
        }
    }

    // The reminder is the backstop of the timer: failing to move it must not fail a call whose state is stored. A
    // reminder left too late fires after its period; one left behind fires once, finds nothing and goes.
    private async Task RemindAtNextExpiryAsync()
    {
        try
        {
            _reminder = await this.RegisterOrUpdateReminder(ExpiryReminder, UntilNextExpiry(), ExpiryReminderPeriod);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ReminderFailed(logger, exception, UserId);
        }
    }

    private async Task ForgetReminderAsync()
    {
        try
        {
            if ((_reminder ?? await this.GetReminder(ExpiryReminder)) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminder = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ReminderFailed(logger, exception, UserId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7201, LogLevel.Information, "Sign-in of user {UserId} refused: at the cap of {MaxSessions} sessions.", EventName = "SignInRefusedAtCap")]
        public static partial void RefusedAtCap(ILogger logger, string userId, int maxSessions);

        [LoggerMessage(7202, LogLevel.Information, "Revoked {Count} sessions of user {UserId}.", EventName = "UserSessionsRevoked")]
        public static partial void RevokedAll(ILogger logger, string userId, int count);

        [LoggerMessage(7203, LogLevel.Information, "Dropped {Count} expired sessions of user {UserId}.", EventName = "UserSessionsExpired")]
        public static partial void DroppedExpired(ILogger logger, int count, string userId);

        [LoggerMessage(7204, LogLevel.Warning, "Session {PublicId} of user {UserId} was live but not in its set, after a lost message; it is back.", EventName = "UserSessionRestored")]
        public static partial void SessionRestored(ILogger logger, string publicId, string userId);

        [LoggerMessage(7205, LogLevel.Warning, "Could not move the expiry reminder of user {UserId}; it fires later, or once for nothing.", EventName = "UserExpiryReminderFailed")]
        public static partial void ReminderFailed(ILogger logger, Exception exception, string userId);
    }
}
