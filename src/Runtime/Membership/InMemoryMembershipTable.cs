namespace SessionGrains.Runtime.Membership;

/// <summary>
/// Membership in this process's memory, shared by the silos of an in-process <c>TestCluster</c>. Heartbeats are
/// stamped with real time: failure detection measures real processes, whatever clock the grains use.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly object _lock = new();
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, DateTimeOffset Heartbeat)> _silos = [];
    private readonly List<Action> _subscribers = [];
    private readonly Dictionary<SiloAddress, SiloStatistics> _statistics = [];
    private long _version;
    private DateTimeOffset _lastSweep;

    /// <inheritdoc/>
    public Task<MembershipView> ReadViewAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new MembershipView(_version, _silos.Values.Select(s => s.Entry)));
        }
    }

    /// <inheritdoc/>
    public Task<bool> UpsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var exists = _silos.TryGetValue(entry.Silo, out var current);
            if (exists && current.Entry.Status == SiloStatus.Dead)
            {
                return Task.FromResult(false);
            }

            if (!exists || current.Entry.Status != entry.Status)
            {
                _version++;
                if (!exists && entry.AppliedViewVersion >= _version && entry.AppliedViewVersion < long.MaxValue)
                {
                    _version = entry.AppliedViewVersion + 1;
                }
            }

            _silos[entry.Silo] = (entry, TimeProvider.System.GetUtcNow());
        }

        Notify();
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public Task<HeartbeatResult> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_silos.TryGetValue(silo, out var current))
            {
                return Task.FromResult(HeartbeatResult.Missing);
            }

            if (current.Entry.Status == SiloStatus.Dead)
            {
                return Task.FromResult(HeartbeatResult.Dead);
            }

            _silos[silo] = (current.Entry, TimeProvider.System.GetUtcNow());
            return Task.FromResult(HeartbeatResult.Alive);
        }
    }

    /// <inheritdoc/>
    public Task<int> DeclareStaleSilosDeadAsync(TimeSpan deathTimeout, CancellationToken cancellationToken)
    {
        var declared = 0;
        lock (_lock)
        {
            var now = TimeProvider.System.GetUtcNow();
            var grace = now - _lastSweep - deathTimeout / 2;
            _lastSweep = now;
            foreach (var (silo, (entry, stamped)) in _silos.ToList())
            {
                var heartbeat = stamped;
                if (entry.Status != SiloStatus.Dead && grace > TimeSpan.Zero)
                {
                    heartbeat = stamped + grace < now ? stamped + grace : now;
                    _silos[silo] = (entry, heartbeat);
                }

                if (entry.Status != SiloStatus.Dead && now - heartbeat > deathTimeout)
                {
                    _silos[silo] = (entry with { Status = SiloStatus.Dead }, heartbeat);
                    declared++;
                }
            }

            if (declared > 0)
            {
                _version++;
            }
        }

        if (declared > 0)
        {
            Notify();
        }

        return Task.FromResult(declared);
    }

    /// <inheritdoc/>
    public Task PublishStatisticsAsync(SiloAddress silo, SiloStatistics statistics, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _statistics[silo] = statistics;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<SiloAddress, SiloStatistics>> ReadStatisticsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<SiloAddress, SiloStatistics>>(new Dictionary<SiloAddress, SiloStatistics>(_statistics));
        }
    }

    /// <inheritdoc/>
    public Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _subscribers.Add(onChanged);
        }

        cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                _subscribers.Remove(onChanged);
            }
        });
        return Task.CompletedTask;
    }

    private void Notify()
    {
        Action[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber();
        }
    }
}
