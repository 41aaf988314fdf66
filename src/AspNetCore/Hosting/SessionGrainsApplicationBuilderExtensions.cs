using SessionGrains.AspNetCore.Session;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the session middleware.</summary>
public static class SessionGrainsApplicationBuilderExtensions
{
    /// <summary>Gives every later middleware and endpoint <c>HttpContext.Session</c> and <c>GetSessionGrains()</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>AddSessionGrains</c> was not called.</exception>
    public static IApplicationBuilder UseSessionGrains(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService(typeof(SessionGrainsRequestServices)) is null)
        {
            throw new InvalidOperationException("Call builder.Services.AddSessionGrains(builder.Configuration) before app.UseSessionGrains().");
        }

        return app.UseMiddleware<SessionGrainsMiddleware>();
    }
}
