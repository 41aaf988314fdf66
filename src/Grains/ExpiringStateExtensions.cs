using SessionGrains.Runtime;

namespace SessionGrains.Grains;

/// <summary>
/// Writes and clears of records that carry an expiry (<see cref="IPersistentState{TState}.ExpiresAt"/>). Such a record
/// can expire in storage while its activation still holds the state: a session's deadline timer fires the instant its
/// record's TTL does, a session's TTL may lag its last use by the persist slack, and a user's record ends with its
/// last session's absolute deadline. The storage then reports an ETag mismatch with no stored record; the activation,
/// as the single writer, stores its state anew instead of failing the call.
/// </summary>
internal static class ExpiringStateExtensions
{
    /// <summary>Writes the state, creating the record again if it expired.</summary>
    /// <exception cref="InconsistentStateException">Another writer changed or recreated the record.</exception>
    public static async Task WriteOrRecreateAsync<TState>(this IPersistentState<TState> state, CancellationToken cancellationToken = default)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException exception) when (exception.StoredEtag is null)
        {
            var current = state.State;
            var expiresAt = state.ExpiresAt;
            if (!await ForgetExpiredRecordAsync(state, cancellationToken))
            {
                throw;
            }

            state.State = current;
            state.ExpiresAt = expiresAt;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    /// <summary>Clears the state; a record that already expired counts as cleared.</summary>
    /// <exception cref="InconsistentStateException">Another writer changed or recreated the record.</exception>
    public static async Task ClearUnlessExpiredAsync<TState>(this IPersistentState<TState> state, CancellationToken cancellationToken = default)
    {
        try
        {
            await state.ClearStateAsync(cancellationToken);
        }
        catch (InconsistentStateException exception) when (exception.StoredEtag is null)
        {
            if (!await ForgetExpiredRecordAsync(state, cancellationToken))
            {
                throw;
            }
        }
    }

    /// <summary>Reads again to drop the stale ETag; false when a record exists after all (someone else wrote it).</summary>
    private static async Task<bool> ForgetExpiredRecordAsync<TState>(IPersistentState<TState> state, CancellationToken cancellationToken)
    {
        await state.ReadStateAsync(cancellationToken);
        return !state.RecordExists;
    }
}
