using System.Text.Json;
using SessionGrains.Grains.Users;
using SessionGrains.WebFrontend.Users;

namespace SessionGrains.WebFrontend.Api;

/// <summary>The JSON API: sign-in, profile, counter, devices, log out, log out everywhere.</summary>
internal static class SessionApi
{
    public const string ViewsKey = "views";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/login", (Delegate)LoginAsync);
        api.MapGet("/profile", (Delegate)ProfileAsync);
        api.MapPost("/count", (Delegate)CountAsync);
        api.MapGet("/sessions", (Delegate)SessionsAsync);
        api.MapDelete("/sessions/{sessionId}", (Delegate)RevokeAsync);
        api.MapPost("/logout", (Delegate)LogoutAsync);
        api.MapPost("/logout-everywhere", (Delegate)LogoutEverywhereAsync);
        api.MapGet("/plain", () => Results.Json(new { ok = true }));
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, DemoUserStore users)
    {
        LoginRequest? login;
        try
        {
            login = await context.Request.ReadFromJsonAsync<LoginRequest>(context.RequestAborted);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return Error(StatusCodes.Status400BadRequest, "The body must be JSON: {\"username\":\"…\",\"password\":\"…\"}.");
        }

        if (login is not { Username: { Length: > 0 } username, Password: { } password })
        {
            return Error(StatusCodes.Status400BadRequest, "Both username and password are required.");
        }

        if (!users.Verify(username, password))
        {
            return Error(StatusCodes.Status401Unauthorized, "Unknown user or wrong password.");
        }

        var result = await context.GetSessionGrains().SignInAsync(username, context.RequestAborted);
        return result.Status == SignInStatus.SignedIn
            ? Results.Ok(new { user = username, sessionId = result.Session!.PublicId })
            : Error(StatusCodes.Status409Conflict, "Too many sessions: sign out on another device first.");
    }

    private static async Task<IResult> ProfileAsync(HttpContext context)
    {
        var session = await context.GetSessionGrains().GetCurrentAsync(context.RequestAborted);
        return session is { UserId: { } user }
            ? Results.Ok(new
            {
                user,
                sessionId = session.PublicId,
                createdAt = session.CreatedAt,
                lastSeenAt = session.LastSeenAt,
                idleExpiresAt = session.IdleExpiresAt,
                absoluteExpiresAt = session.AbsoluteExpiresAt,
            })
            : NotSignedIn();
    }

    private static async Task<IResult> CountAsync(HttpContext context) =>
        Results.Ok(new { views = await context.GetSessionGrains().IncrementAsync(ViewsKey, 1, context.RequestAborted) });

    private static async Task<IResult> SessionsAsync(HttpContext context)
    {
        var sessions = context.GetSessionGrains();
        if (await sessions.GetCurrentAsync(context.RequestAborted) is not { UserId: not null } current)
        {
            return NotSignedIn();
        }

        var devices = await sessions.ListDevicesAsync(context.RequestAborted);
        return Results.Ok(devices.Select(d => new
        {
            sessionId = d.PublicId,
            current = d.PublicId == current.PublicId,
            userAgent = d.Device?.UserAgent,
            ip = d.Device?.IpAddress,
            createdAt = d.CreatedAt,
            lastSeenAt = d.LastSeenAt,
        }));
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, string sessionId)
    {
        var sessions = context.GetSessionGrains();
        if (await sessions.GetCurrentAsync(context.RequestAborted) is not { UserId: not null })
        {
            return NotSignedIn();
        }

        return await sessions.RevokeAsync(sessionId, context.RequestAborted)
            ? Results.NoContent()
            : Error(StatusCodes.Status404NotFound, "No such session of yours.");
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.GetSessionGrains().SignOutAsync(context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> LogoutEverywhereAsync(HttpContext context)
    {
        var sessions = context.GetSessionGrains();
        if (await sessions.GetCurrentAsync(context.RequestAborted) is not { UserId: not null })
        {
            return NotSignedIn();
        }

        return Results.Ok(new { revoked = await sessions.RevokeAllAsync(includeCurrent: true, context.RequestAborted) });
    }

    private static IResult NotSignedIn() => Error(StatusCodes.Status401Unauthorized, "Not signed in.");

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
