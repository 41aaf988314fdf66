using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace SessionGrains.AspNetCore.Proxies;

/// <summary>
/// Runs ASP.NET Core's forwarded-headers middleware first in the pipeline, as ASP.NET Core itself does for
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>: the session middleware, and everything before it (exception handling,
/// HTTPS redirection, logging), must see the client's address and scheme, not the proxy's.
/// </summary>
internal sealed class ForwardedHeadersStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseForwardedHeaders();
        next(app);
    };
}
