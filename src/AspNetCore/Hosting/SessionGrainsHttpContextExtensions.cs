using SessionGrains.AspNetCore;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reaches the request's session grain.</summary>
public static class SessionGrainsHttpContextExtensions
{
    /// <summary>The request's <see cref="ISessionGrainsFeature"/>.</summary>
    /// <exception cref="InvalidOperationException"><c>UseSessionGrains()</c> is not in the pipeline before this code.</exception>
    public static ISessionGrainsFeature GetSessionGrains(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ISessionGrainsFeature>()
            ?? throw new InvalidOperationException("No session: add app.UseSessionGrains() to the pipeline before this endpoint.");
    }
}
