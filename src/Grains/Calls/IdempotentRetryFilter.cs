using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;

namespace SessionGrains.Grains.Calls;

/// <summary>
/// Retries grain calls that failed because a silo or gateway went away: every call to an <see cref="IdempotentAttribute"/>
/// method, and any call known never to have been delivered (the connection failed before it was sent). Orleans
/// retries nothing itself. A call that may have run is not retried: its exception reaches the caller, which a front
/// end turns into a 503 with Retry-After.
/// </summary>
internal sealed partial class IdempotentRetryFilter(
    IOptions<IdempotentRetryOptions> options,
    [FromKeyedServices(TimeProviderNames.Messaging)] TimeProvider timeProvider,
    IMeterFactory meterFactory,
    ILogger<IdempotentRetryFilter> logger) : IOutgoingGrainCallFilter
{
    /// <summary>The retries counter, on the <c>SessionGrains.Grains</c> meter.</summary>
    public const string RetriesName = "sessiongrains.grain_call.retries";

    /// <summary>How Orleans' rejections of requests that never reached a grain begin (its Dispatcher and MessageCenter).</summary>
    internal static readonly string[] NotDeliveredRejections = ["Silo stopping", "Forwarding failed"];

    /// <summary>What a stopping silo's refusal of a new request says, after the silo's address.</summary>
    private const string ShuttingDownRejection = "is shutting down";

    private static readonly ConcurrentDictionary<MethodInfo, bool> Idempotent = new();

    private readonly IdempotentRetryOptions _options = options.Value;
    private readonly Counter<long> _retries = meterFactory.Create(Events.SessionMetrics.MeterName)
        .CreateCounter<long>(RetriesName, "{retry}", "Grain calls retried after a silo or gateway failed.");

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var idempotent = context.InterfaceMethod is { } method && Idempotent.GetOrAdd(method, static m => m.IsDefined(typeof(IdempotentAttribute), inherit: true));
        var started = timeProvider.GetTimestamp();
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Exception exception) when (IsRetriable(exception, idempotent) && timeProvider.GetElapsedTime(started) + delay < _options.RetryDeadline)
            {
                Log.Retrying(logger, context.InterfaceName, context.MethodName, attempt, exception.GetType().Name);
                if (_retries.Enabled)
                {
                    _retries.Add(1, new KeyValuePair<string, object?>("rpc.method", context.MethodName));
                }

                await Task.Delay(delay, timeProvider);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
            }
        }
    }

    /// <summary>
    /// Whether a call that failed with <paramref name="exception"/> may run again: if it was never delivered, always;
    /// if the silo died or the response never came, only when it is idempotent. A silo that is stopping gracefully
    /// turns requests away before they reach a grain: it rejects new ones ("Silo stopping"), and gives up on those it
    /// could neither activate nor forward to a new owner ("Forwarding failed"); neither ran.
    /// </summary>
    internal static bool IsRetriable(Exception exception, bool idempotent) => exception switch
    {
        ConnectionFailedException => true,
        OrleansMessageRejectionException rejection when NeverRan(rejection) => true,
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => idempotent,
        _ => false,
    };

    /// <summary>
    /// Whether Orleans refused the request before any grain ran it: a silo stopping, a forward that failed, or a
    /// stopping silo's refusal of a new request. Orleans gives these no type of their own, only their messages; a silo
    /// declared dead with the call in flight says something else.
    /// </summary>
    private static bool NeverRan(OrleansMessageRejectionException rejection) =>
        NotDeliveredRejections.Any(r => rejection.Message.StartsWith(r, StringComparison.Ordinal))
        || (rejection is SiloUnavailableException && rejection.Message.Contains(ShuttingDownRejection, StringComparison.Ordinal));

    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Information, "Retrying {Interface}.{Method} (attempt {Attempt}) after {Exception}.", EventName = "GrainCallRetry")]
        public static partial void Retrying(ILogger logger, string @interface, string method, int attempt, string exception);
    }
}
