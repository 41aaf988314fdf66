using System.Globalization;
using System.Text.Json;
using SessionGrains.Runtime.Redis;
using StackExchange.Redis;

namespace SessionGrains.Runtime.Membership;

/// <summary>
/// Membership in Redis: <c>{prefix}cluster:{id}:silos</c> (silo → <c>status|applied</c>), <c>…:heartbeats</c> (silo →
/// Redis time in ms), <c>…:version</c>, and the pub/sub channel <c>…:changes</c>. Every change is one Lua script, and
/// heartbeats are stamped with Redis's TIME, so silo clocks never have to agree.
/// </summary>
internal sealed class RedisMembershipTable : IMembershipTable
{
    private const string TimeLua = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

    private static readonly LuaScript ReadScript = LuaScript.Prepare("""
        return {redis.call('GET', @version) or '0', redis.call('HGETALL', @silos)}
        """);

    private static readonly LuaScript UpsertScript = LuaScript.Prepare(TimeLua + """

        local current = redis.call('HGET', @silos, @silo)
        if current and string.sub(current, 1, 5) == 'Dead|' then return 0 end
        redis.call('HSET', @silos, @silo, @value)
        redis.call('HSET', @heartbeats, @silo, now)
        if not current or string.match(current, '^[^|]*') ~= string.match(@value, '^[^|]*') then
          local version = redis.call('INCR', @version)
          local applied = tonumber(@applied)
          if not current and applied >= version and applied < 9007199254740992 then
            redis.call('SET', @version, applied + 1)
          end
        end
        redis.call('PUBLISH', @channel, 'changed')
        return 1
        """);

    private static readonly LuaScript HeartbeatScript = LuaScript.Prepare(TimeLua + """

        local current = redis.call('HGET', @silos, @silo)
        if not current then return -1 end
        if string.sub(current, 1, 5) == 'Dead|' then return 0 end
        redis.call('HSET', @heartbeats, @silo, now)
        return 1
        """);

    private static readonly LuaScript SweepScript = LuaScript.Prepare(TimeLua + """

        local lastSweep = tonumber(redis.call('GET', @lastSweep) or '0')
        redis.call('SET', @lastSweep, now)
        local grace = now - lastSweep - tonumber(@timeout) / 2
        local silos = redis.call('HGETALL', @silos)
        local declared = 0
        for i = 1, #silos, 2 do
          local id, value = silos[i], silos[i + 1]
          local heartbeat = tonumber(redis.call('HGET', @heartbeats, id) or '0')
          if string.sub(value, 1, 5) ~= 'Dead|' then
            if grace > 0 then
              heartbeat = math.min(heartbeat + grace, now)
              redis.call('HSET', @heartbeats, id, heartbeat)
            end
            if now - heartbeat > tonumber(@timeout) then
              redis.call('HSET', @silos, id, 'Dead|' .. string.match(value, '[^|]*$'))
              declared = declared + 1
            end
          elseif now - heartbeat > tonumber(@forget) then
            redis.call('HDEL', @silos, id)
            redis.call('HDEL', @heartbeats, id)
            redis.call('HDEL', @statistics, id)
          end
        end
        if declared > 0 then
          redis.call('INCR', @version)
          redis.call('PUBLISH', @channel, 'changed')
        end
        return declared
        """);

    private readonly RedisConnection _connection;
    private readonly RedisKey _silos;
    private readonly RedisKey _heartbeats;
    private readonly RedisKey _version;
    private readonly RedisKey _lastSweep;
    private readonly RedisKey _statistics;
    private readonly string _channel;

    public RedisMembershipTable(RedisConnection connection, string keyPrefix, string clusterId)
    {
        _connection = connection;
        var root = $"{keyPrefix}cluster:{clusterId}";
        _silos = root + ":silos";
        _heartbeats = root + ":heartbeats";
        _version = root + ":version";
        _lastSweep = root + ":lastsweep";
        _statistics = root + ":stats";
        _channel = root + ":changes";
    }

    /// <summary>How long a dead silo's row is kept before it is forgotten.</summary>
    public static TimeSpan ForgetDeadAfter { get; } = TimeSpan.FromMinutes(10);

    public async Task<MembershipView> ReadViewAsync(CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await _connection.ExecuteAsync(db => ReadScript.EvaluateAsync(db, new { version = _version, silos = _silos }), "reading membership", cancellationToken))!;
        var version = long.Parse((string)result[0]!, CultureInfo.InvariantCulture);
        var fields = (RedisResult[])result[1]!;
        var entries = new List<MembershipEntry>(fields.Length / 2);
        for (var i = 0; i < fields.Length; i += 2)
        {
            entries.Add(ParseEntry((string)fields[i]!, (string)fields[i + 1]!));
        }

        return new MembershipView(version, entries);
    }

    public async Task<bool> UpsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            silos = _silos,
            heartbeats = _heartbeats,
            version = _version,
            channel = _channel,
            silo = entry.Silo.ToString(),
            value = string.Create(CultureInfo.InvariantCulture, $"{entry.Status}|{entry.AppliedViewVersion}"),
            applied = entry.AppliedViewVersion,
        };
        var result = await _connection.ExecuteAsync(db => UpsertScript.EvaluateAsync(db, parameters), "writing membership", cancellationToken);
        return (int)result == 1;
    }

    public async Task<HeartbeatResult> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        var parameters = new { silos = _silos, heartbeats = _heartbeats, silo = silo.ToString() };
        var result = await _connection.ExecuteAsync(db => HeartbeatScript.EvaluateAsync(db, parameters), "stamping a heartbeat", cancellationToken);
        return (int)result switch
        {
            1 => HeartbeatResult.Alive,
            0 => HeartbeatResult.Dead,
            _ => HeartbeatResult.Missing,
        };
    }

    public async Task<int> DeclareStaleSilosDeadAsync(TimeSpan deathTimeout, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            silos = _silos,
            heartbeats = _heartbeats,
            version = _version,
            channel = _channel,
            lastSweep = _lastSweep,
            statistics = _statistics,
            timeout = (long)deathTimeout.TotalMilliseconds,
            forget = (long)ForgetDeadAfter.TotalMilliseconds,
        };
        var result = await _connection.ExecuteAsync(db => SweepScript.EvaluateAsync(db, parameters), "declaring stale silos dead", cancellationToken);
        return (int)result;
    }

    public Task PublishStatisticsAsync(SiloAddress silo, SiloStatistics statistics, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync(
            db => db.HashSetAsync(_statistics, silo.ToString(), JsonSerializer.Serialize(statistics)),
            "publishing silo statistics",
            cancellationToken);

    public async Task<IReadOnlyDictionary<SiloAddress, SiloStatistics>> ReadStatisticsAsync(CancellationToken cancellationToken)
    {
        var fields = await _connection.ExecuteAsync(db => db.HashGetAllAsync(_statistics), "reading silo statistics", cancellationToken);
        return fields.ToDictionary(f => SiloAddress.Parse((string)f.Name!), f => JsonSerializer.Deserialize<SiloStatistics>((string)f.Value!)!);
    }

    public async Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken)
    {
        var subscriber = await _connection.GetSubscriberAsync(cancellationToken);
        await subscriber.SubscribeAsync(_channel, (_, _) => onChanged());
    }

    private static MembershipEntry ParseEntry(string silo, string value)
    {
        var separator = value.IndexOf('|', StringComparison.Ordinal);
        return new MembershipEntry(
            SiloAddress.Parse(silo),
            Enum.Parse<SiloStatus>(value.AsSpan(0, separator)),
            long.Parse(value.AsSpan(separator + 1), CultureInfo.InvariantCulture));
    }
}
