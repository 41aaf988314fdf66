using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Grains.Events;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Storage;
using SessionGrains.Grains.Users;

namespace SessionGrains.Grains.Sessions;

/// <summary>
/// A session: the single writer of its data, with a sliding idle timeout and an absolute deadline. A grain timer ends
/// it at the earliest deadline while it is active; every write sets the Redis TTL to that deadline (plus the persist
/// slack, for the idle one), so it also ends when no activation is alive. A session never awaits its user grain (user
/// grains call sessions, and awaiting both ways could deadlock two non-reentrant grains); it tells the user grain of
/// its end one-way. A write that fails (a conflict: the record vanished or another activation wrote it; or Redis
/// failing) drops this activation, and the next call reads the record again.
/// </summary>
[GrainType("session")]
internal sealed partial class SessionGrain(
    [PersistentState(SessionGrain.StateName, SessionGrainsStorage.Sessions)] IPersistentState<SessionState> state,
    IOptions<SessionGrainOptions> options,
    SessionEventDispatcher events,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider timeProvider,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    /// <summary>The state's name in storage.</summary>
    public const string StateName = "session";

    private readonly SessionGrainOptions _options = options.Value;
    private IGrainTimer? _deadlineTimer;
    private long _storedLastSeen;

    private SessionState S => state.State;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsLive(Now))
        {
            _storedLastSeen = S.LastSeenAt;
            ArmDeadlineTimer();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Store the last use, so the Redis TTL is exact while nobody is watching the session.
        if (reason.ReasonCode != DeactivationReasonCode.ApplicationError && IsLive(Now) && S.LastSeenAt != _storedLastSeen)
        {
            await WriteAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async Task<SessionSnapshot?> CreateAsync(CreateSessionRequest request)
    {
        if (!await StartAsync(request, userId: null, data: null))
        {
            return null;
        }

        await events.PublishAsync(new SessionEvent(SessionEventKind.Created, S.PublicId, null, null, Now));
        return Snapshot();
    }

    /// <inheritdoc/>
    public async Task<SessionSnapshot?> CreateSignedInAsync(CreateSessionRequest request, string userId, ImmutableDictionary<string, string> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!await StartAsync(request, userId, data))
        {
            return null;
        }

        await events.PublishAsync(new SessionEvent(SessionEventKind.SignedIn, S.PublicId, userId, null, Now));
        return Snapshot();
    }

    /// <inheritdoc/>
    public async Task<SessionSnapshot?> LoadAsync(SessionProof proof)
    {
        if (!await TryUseAsync(proof))
        {
            return null;
        }

        if (Now.ToUnixTimeMilliseconds() - _storedLastSeen >= _options.PersistSlack(S.IdleTimeout))
        {
            await WriteAsync();
        }

        return Snapshot();
    }

    /// <inheritdoc/>
    public async Task<SessionSnapshot?> ApplyAsync(SessionProof proof, SessionChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!await TryUseAsync(proof))
        {
            return null;
        }

        if (!changes.IsEmpty)
        {
            var data = new Dictionary<string, string>(S.Data ?? []);
            foreach (var (key, value) in changes.Set)
            {
                data[key] = value;
            }

            foreach (var key in changes.Remove.IsDefault ? [] : changes.Remove)
            {
                data.Remove(key);
            }

            SetData(data);
        }

        await WriteAsync();
        return Snapshot();
    }

    /// <inheritdoc/>
    public async Task<long?> IncrementAsync(SessionProof proof, string key, long delta)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!await TryUseAsync(proof))
        {
            return null;
        }

        var data = new Dictionary<string, string>(S.Data ?? []);
        long current = 0;
        if (data.TryGetValue(key, out var text) && !long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out current))
        {
            throw new ArgumentException($"Session value '{key}' is not an integer.", nameof(key));
        }

        var sum = checked(current + delta);
        data[key] = sum.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SetData(data);
        await WriteAsync();
        return sum;
    }

    /// <inheritdoc/>
    public async Task<SessionSnapshot?> RotateAsync(SessionProof proof, string successorGrainKey, CreateSessionRequest successor, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(successorGrainKey);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!await TryUseAsync(proof))
        {
            return null;
        }

        // Data moves only within one user: from an anonymous session, or from the same user's. Never to another user.
        var data = S.Data is null || (S.UserId is not null && S.UserId != userId)
            ? ImmutableDictionary<string, string>.Empty
            : S.Data.ToImmutableDictionary();
        var created = await GrainFactory.GetGrain<ISessionGrain>(successorGrainKey).CreateSignedInAsync(successor, userId, data);
        if (created is not null)
        {
            await EndAsync(SessionEndReason.Rotated);
        }

        return created;
    }

    /// <inheritdoc/>
    public async Task<bool> SignOutAsync(SessionProof proof)
    {
        if (!await TryUseAsync(proof))
        {
            return false;
        }

        await EndAsync(SessionEndReason.SignedOut);
        return true;
    }

    /// <inheritdoc/>
    public async Task RevokeAsync(SessionEndReason reason)
    {
        if (IsLive(Now))
        {
            await EndAsync(reason);
        }
    }

    /// <inheritdoc/>
    public async Task<SessionSummary?> GetSummaryAsync()
    {
        if (!IsLive(Now))
        {
            await EndIfExpiredAsync();
            return null;
        }

        return new SessionSummary(S.PublicId, FromUnix(S.CreatedAt), FromUnix(S.LastSeenAt), Device());
    }

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    private async Task<bool> StartAsync(CreateSessionRequest request, string? userId, ImmutableDictionary<string, string>? data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.PublicId);
        if (request.IdleTimeout <= TimeSpan.Zero || request.AbsoluteLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "A session's idle timeout and absolute lifetime must be positive.");
        }

        if (state.RecordExists)
        {
            Log.KeyInUse(logger, S.PublicId);
            return false;
        }

        var now = Now.ToUnixTimeMilliseconds();
        state.State = new SessionState
        {
            PublicId = request.PublicId,
            Proof = request.Proof.Value,
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            IdleTimeout = (long)request.IdleTimeout.TotalMilliseconds,
            AbsoluteExpiresAt = now + (long)request.AbsoluteLifetime.TotalMilliseconds,
            UserAgent = request.Device?.UserAgent,
            IpAddress = request.Device?.IpAddress,
        };
        if (data is { Count: > 0 })
        {
            SetData(new Dictionary<string, string>(data));
        }

        if (userId is not null)
        {
            // The user grain signing it in computes the same from the snapshot; it is told only of later times.
            S.IndexedUntil = _options.StoredUntil(now, S.IdleTimeout, S.AbsoluteExpiresAt);
        }

        await WriteAsync();
        ArmDeadlineTimer();
        return true;
    }

    /// <summary>Checks the session is live and the proof right, then slides the idle window in memory.</summary>
    private async Task<bool> TryUseAsync(SessionProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var now = Now;
        if (!IsLive(now))
        {
            await EndIfExpiredAsync();
            return false;
        }

        if (!proof.Matches(S.Proof))
        {
            Log.ProofMismatch(logger, S.PublicId);
            return false;
        }

        S.LastSeenAt = now.ToUnixTimeMilliseconds();
        return true;
    }

    private bool IsLive(DateTimeOffset now) =>
        state.RecordExists && S.Ended is null && now.ToUnixTimeMilliseconds() < NextDeadline();

    private long NextDeadline() => Math.Min(S.LastSeenAt + S.IdleTimeout, S.AbsoluteExpiresAt);

    /// <summary>Ends a record whose deadline passed while no timer was watching (it was read back after expiry).</summary>
    private async Task EndIfExpiredAsync()
    {
        if (state.RecordExists && S.Ended is null)
        {
            await EndAsync(Now.ToUnixTimeMilliseconds() >= S.AbsoluteExpiresAt ? SessionEndReason.Absolute : SessionEndReason.Idle);
        }
    }

    private async Task EndAsync(SessionEndReason reason)
    {
        var userId = S.UserId;
        S.Ended = reason;
        S.Data = null;
        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        S.ExpiresAt = Now + _options.TombstoneRetention;
        await StoreAsync();

        _storedLastSeen = S.LastSeenAt;
        Log.Ended(logger, S.PublicId, reason);
        var kind = SessionEventDispatcher.KindOf(reason);
        if (userId is null)
        {
            await events.PublishAsync(new SessionEvent(kind, S.PublicId, null, reason, Now));
        }
        else
        {
            // A signed-in session's expiry is raised by its user grain, which may notice it first, with no activation
            // alive: that way it is raised once.
            if (kind != SessionEventKind.Expired)
            {
                await events.PublishAsync(new SessionEvent(kind, S.PublicId, userId, reason, Now));
            }

            var publicId = S.PublicId;
            TellUser(userId, user => user.SessionEndedAsync(publicId, reason));
        }

        DeactivateOnIdle();
    }

    /// <summary>A one-way message to the user grain: it returns once sent. A user grain that misses it drops the session on its own timer.</summary>
    private void TellUser(string userId, Func<IUserGrain, Task> message)
    {
        try
        {
            _ = message(GrainFactory.GetGrain<IUserGrain>(userId));
        }
        catch (Exception exception)
        {
            Log.UserNotificationFailed(logger, exception, S.PublicId);
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken = default)
    {
        // Reads within the slack do not write, so the idle deadline in memory runs ahead of the stored one by less
        // than the slack; the TTL covers that, so the record never lapses under a live activation.
        var storedUntil = _options.StoredUntil(S.LastSeenAt, S.IdleTimeout, S.AbsoluteExpiresAt);
        S.ExpiresAt = FromUnix(storedUntil);
        if (S.UserId is { } userId && storedUntil > S.IndexedUntil)
        {
            // Told a slack ahead, so the user grain hears of it about once a slack, and before the write, so a failed
            // write makes it drop the session late, never early. A lost message makes it drop the session early; the
            // next one, at most a slack later, puts it back (the user grain checks with the session first).
            S.IndexedUntil = Math.Min(storedUntil + _options.PersistSlack(S.IdleTimeout), S.AbsoluteExpiresAt);
            var update = new SessionIndexUpdate(S.PublicId, this.GetPrimaryKeyString(), FromUnix(S.CreatedAt), FromUnix(S.AbsoluteExpiresAt), FromUnix(S.IndexedUntil));
            TellUser(userId, user => user.SessionStoredAsync(update));
        }

        await StoreAsync(cancellationToken);
        _storedLastSeen = S.LastSeenAt;
    }

    /// <summary>
    /// Stores the state. When that fails, this activation no longer surely holds what Redis does: the record vanished
    /// or another activation wrote it (a conflict), or Redis failed and kept the old record, or perhaps the new one. So
    /// the activation goes and the next call reads again; a change whose caller was told of a failure is never stored
    /// later with someone else's.
    /// </summary>
    private async Task StoreAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private void ArmDeadlineTimer()
    {
        var due = FromUnix(NextDeadline()) - Now;
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_deadlineTimer is null)
        {
            _deadlineTimer = this.RegisterGrainTimer(OnDeadlineAsync, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
        }
        else
        {
            _deadlineTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnDeadlineAsync(CancellationToken cancellationToken)
    {
        if (IsLive(Now))
        {
            // Used since the timer was set: wait for the new deadline.
            ArmDeadlineTimer();
            return;
        }

        await EndIfExpiredAsync();
    }

    private void SetData(Dictionary<string, string> data)
    {
        var size = data.Sum(pair => pair.Key.Length + pair.Value.Length);
        if (size > _options.MaxDataSize)
        {
            throw new ArgumentException($"Session data would hold {size} characters; the limit is {_options.MaxDataSize}.");
        }

        S.Data = data.Count == 0 ? null : data;
    }

    private SessionSnapshot Snapshot() => new(
        S.PublicId,
        S.UserId,
        FromUnix(S.CreatedAt),
        FromUnix(S.LastSeenAt),
        FromUnix(S.LastSeenAt + S.IdleTimeout),
        FromUnix(S.AbsoluteExpiresAt),
        S.Data is null ? ImmutableDictionary<string, string>.Empty : S.Data.ToImmutableDictionary(),
        Device());

    private DeviceInfo? Device() => S.UserAgent is null && S.IpAddress is null ? null : new DeviceInfo(S.UserAgent, S.IpAddress);

    private static DateTimeOffset FromUnix(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Information, "Session {PublicId} ended: {Reason}.", EventName = "SessionEnded")]
        public static partial void Ended(ILogger logger, string publicId, SessionEndReason reason);

        [LoggerMessage(7102, LogLevel.Warning, "A request for session {PublicId} presented a wrong proof.", EventName = "SessionProofMismatch")]
        public static partial void ProofMismatch(ILogger logger, string publicId);

        [LoggerMessage(7103, LogLevel.Warning, "Session key already in use (session {PublicId}); creation refused.", EventName = "SessionKeyInUse")]
        public static partial void KeyInUse(ILogger logger, string publicId);

        [LoggerMessage(7104, LogLevel.Warning, "Could not tell the user grain of session {PublicId} of a change; its timer drops the session in the end.", EventName = "SessionUserNotificationFailed")]
        public static partial void UserNotificationFailed(ILogger logger, Exception exception, string publicId);
    }
}
