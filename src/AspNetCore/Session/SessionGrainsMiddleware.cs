using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SessionGrains.AspNetCore.Session;

/// <summary>
/// Gives each request a lazy session: <see cref="ISessionFeature"/> for <c>HttpContext.Session</c> and
/// <see cref="ISessionGrainsFeature"/> for the rest. A request that never touches its session costs no grain call
/// and sets no cookie.
/// </summary>
internal sealed class SessionGrainsMiddleware(RequestDelegate next, SessionGrainsRequestServices services)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = new SessionGrainsFeature(context, services);
        context.Features.Set<ISessionGrainsFeature>(feature);
        context.Features.Set<ISessionFeature>(feature);
        context.Response.OnStarting(static state => ((SessionGrainsFeature)state).CommitOnStartAsync(), feature);
        try
        {
            await next(context);

            // Before the response started, this commits what OnStarting would have; after, what the endpoint changed
            // since (as ASP.NET's own session does), which OnStarting could not see.
            await feature.CommitOnStartAsync();
        }
        finally
        {
            context.Features.Set<ISessionFeature>(null);
            context.Features.Set<ISessionGrainsFeature>(null);
        }
    }
}
