using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using SessionGrains.Grains;
using SessionGrains.Grains.Hosting;

namespace SessionGrains.WebFrontend.Errors;

/// <summary>
/// Answers 503 when the grains or Redis are unavailable, fast, with the kind of reason but no internal detail (no
/// addresses, no exception text), and logs one warning line a request
/// instead of an error with a stack trace: an outage of a few seconds would otherwise write megabytes of identical
/// traces. Anything else is left to the default handler (500, logged as an error).
/// </summary>
internal sealed partial class SessionServiceUnavailableHandler(ILogger<SessionServiceUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Orleans wraps a storage provider's failure ("Error from storage provider …"): the cause is what counts.
        if (exception is OrleansException { InnerException: SessionGrainsException or InconsistentStateException } wrapped)
        {
            exception = wrapped.InnerException!;
        }

        // A silo or gateway went away, Redis failed, or a stale activation was dropped: retrying shortly works.
        if (exception is not (SessionGrainsException or TimeoutException or OrleansMessageRejectionException or ConnectionFailedException or InconsistentStateException))
        {
            return false;
        }

        Log.Unavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        var error = exception is ClusterUnavailableException
            ? "No silo of the session cluster is reachable; try again shortly."
            : "The session service is unavailable; try again shortly.";
        await httpContext.Response.WriteAsJsonAsync(new { error }, cancellationToken);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(8301, LogLevel.Warning, "{Method} {Path} answered 503: {ExceptionType}: {Reason}", EventName = "SessionServiceUnavailable")]
        public static partial void Unavailable(ILogger logger, string method, PathString path, string exceptionType, string reason);
    }
}
