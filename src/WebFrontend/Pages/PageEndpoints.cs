using SessionGrains.Grains.Users;
using SessionGrains.WebFrontend.Api;
using SessionGrains.WebFrontend.Users;

namespace SessionGrains.WebFrontend.Pages;

/// <summary>The HTML pages: sign in, profile with a views counter, your devices, log out, log out everywhere, admin.</summary>
internal static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (Delegate)(async (HttpContext context) =>
            await context.GetSessionGrains().GetCurrentAsync(context.RequestAborted) is { UserId: not null }
                ? Results.Redirect("/profile")
                : SignInPage()));
        app.MapPost("/login", (Delegate)LoginAsync);
        app.MapGet("/profile", (Delegate)ProfileAsync);
        app.MapPost("/count", (Delegate)(async (HttpContext context) =>
        {
            await context.GetSessionGrains().IncrementAsync(SessionApi.ViewsKey, 1, context.RequestAborted);
            return Results.Redirect("/profile");
        }));
        app.MapGet("/devices", (Delegate)DevicesAsync);
        app.MapPost("/devices/{sessionId}/revoke", async (HttpContext context, string sessionId) =>
        {
            await context.GetSessionGrains().RevokeAsync(sessionId, context.RequestAborted);
            return Results.Redirect("/devices");
        });
        app.MapPost("/logout", (Delegate)(async (HttpContext context) =>
        {
            await context.GetSessionGrains().SignOutAsync(context.RequestAborted);
            return Results.Redirect("/");
        }));
        app.MapPost("/logout-everywhere", (Delegate)(async (HttpContext context) =>
        {
            await context.GetSessionGrains().RevokeAllAsync(includeCurrent: true, context.RequestAborted);
            return Results.Redirect("/");
        }));
        app.MapGet("/admin", AdminPage);
        return app;
    }

    private static IResult SignInPage(string? error = null) => Html.Page("Sign in", $"""
        {(error is null ? "" : $"<p role=\"alert\">{Html.Encode(error)}</p>")}
        <form method="post" action="/login">
        <p><label>User <input name="username" autocomplete="username" required></label></p>
        <p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        """, error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);

    private static async Task<IResult> LoginAsync(HttpContext context, DemoUserStore users)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var username = form["username"].ToString();
        if (username.Length == 0 || !users.Verify(username, form["password"].ToString()))
        {
            return SignInPage("Unknown user or wrong password.");
        }

        var result = await context.GetSessionGrains().SignInAsync(username, context.RequestAborted);
        return result.Status == SignInStatus.SignedIn ? Results.Redirect("/profile") : SignInPage("Too many sessions: sign out on another device first.");
    }

    private static async Task<IResult> ProfileAsync(HttpContext context)
    {
        if (await context.GetSessionGrains().GetCurrentAsync(context.RequestAborted) is not { UserId: { } user } session)
        {
            return Results.Redirect("/");
        }

        session.Data.TryGetValue(SessionApi.ViewsKey, out var views);
        return Html.Page("Profile", $"""
            <p>Signed in as <strong id="user">{Html.Encode(user)}</strong>, session <code id="session-id">{Html.Encode(session.PublicId)}</code>.</p>
            <p>Views: <strong id="views">{Html.Encode(views ?? "0")}</strong></p>
            <form method="post" action="/count"><button id="count" type="submit">Count a view</button></form>
            <p>Idle until {Html.Encode(session.IdleExpiresAt.ToString("u"))}, at the latest until {Html.Encode(session.AbsoluteExpiresAt.ToString("u"))}.</p>
            <form class="inline" method="post" action="/logout"><button id="logout" type="submit">Log out</button></form>
            <form class="inline" method="post" action="/logout-everywhere"><button id="logout-everywhere" type="submit">Log out everywhere</button></form>
            """);
    }

    private static async Task<IResult> DevicesAsync(HttpContext context)
    {
        var sessions = context.GetSessionGrains();
        if (await sessions.GetCurrentAsync(context.RequestAborted) is not { UserId: not null } current)
        {
            return Results.Redirect("/");
        }

        var rows = string.Concat((await sessions.ListDevicesAsync(context.RequestAborted)).Select(d => $"""
            <tr class="device" data-session-id="{Html.Encode(d.PublicId)}"><td><code>{Html.Encode(d.PublicId)}</code>{(d.PublicId == current.PublicId ? " (this device)" : "")}</td>
            <td>{Html.Encode(d.Device?.UserAgent)}</td><td>{Html.Encode(d.Device?.IpAddress)}</td><td>{Html.Encode(d.LastSeenAt.ToString("u"))}</td>
            <td>{(d.PublicId == current.PublicId ? "" : $"<form class=\"inline\" method=\"post\" action=\"/devices/{Html.Encode(d.PublicId)}/revoke\"><button class=\"revoke\" type=\"submit\">Revoke</button></form>")}</td></tr>
            """));
        return Html.Page("Your devices", $"""
            <table><thead><tr><th>Session</th><th>Browser</th><th>IP</th><th>Last seen</th><th></th></tr></thead><tbody>{rows}</tbody></table>
            """);
    }

    private static async Task<IResult> AdminPage(IGrainFactory grains)
    {
        // Orleans' management grain asks every active silo for its activations.
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var statistics = await management.GetSimpleGrainStatistics();
        var rows = hosts.Select(host =>
        {
            var byType = statistics.Where(s => s.SiloAddress == host.Key)
                .GroupBy(s => ShortTypeName(s.GrainType))
                .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
            return SiloRow(host.Key.ToString(), host.Value.ToString(), byType.Values.Sum(), byType);
        });
        return AdminTable(rows.ToList());
    }

    // Statistics name grain classes; the grains' stable type names (their [GrainType]) are what the table shows.
    private static string ShortTypeName(string grainClass) =>
        grainClass.Contains(".SessionGrain", StringComparison.Ordinal) ? "session"
        : grainClass.Contains(".UserGrain", StringComparison.Ordinal) ? "user"
        : grainClass;

    private static string SiloRow(string silo, string status, int activations, IReadOnlyDictionary<string, int> byType) => $"""
        <tr class="silo"><td>{Html.Encode(silo)}</td><td>{Html.Encode(status)}</td><td class="sessions">{byType.GetValueOrDefault("session")}</td>
        <td class="users">{byType.GetValueOrDefault("user")}</td><td class="activations">{activations}</td></tr>
        """;

    private static IResult AdminTable(List<string> rows) => Html.Page("Admin", $"""
        <p>Live session and activation counts per silo, as each active silo reports them now.</p>
        <table><thead><tr><th>Silo</th><th>Status</th><th>Session grains</th><th>User grains</th><th>Activations</th></tr></thead>
        <tbody>{string.Concat(rows)}</tbody></table>
        """);
}
