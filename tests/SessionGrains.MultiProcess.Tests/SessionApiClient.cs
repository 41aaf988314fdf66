using System.Net.Http.Json;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Calls a front end's JSON API (src/WebFrontend Api/SessionApi.cs) with an explicit cookie header, so a cookie one
/// front end issued can be sent to another, as a load balancer without affinity would.
/// </summary>
public static class SessionApiClient
{
    /// <summary>The session cookie's name over plain HTTP (<c>SessionGrains:CookieName</c>'s default).</summary>
    public const string CookieName = "sg";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Signs in; returns the answer and the <c>Cookie</c> header value (<c>sg=…</c>) that resumes the session.</summary>
    public static async Task<(ApiResponse Response, string Cookie)> LoginAsync(this FrontEndProcess frontEnd, string username, string password)
    {
        var response = await frontEnd.SendAsync(HttpMethod.Post, "/api/login", cookie: null, JsonContent.Create(new { username, password }));
        return (response, SessionCookieOf(response));
    }

    public static Task<ApiResponse> GetProfileAsync(this FrontEndProcess frontEnd, string cookie) =>
        frontEnd.SendAsync(HttpMethod.Get, "/api/profile", cookie);

    public static Task<ApiResponse> CountAsync(this FrontEndProcess frontEnd, string cookie) =>
        frontEnd.SendAsync(HttpMethod.Post, "/api/count", cookie);

    public static Task<ApiResponse> GetSessionsAsync(this FrontEndProcess frontEnd, string cookie) =>
        frontEnd.SendAsync(HttpMethod.Get, "/api/sessions", cookie);

    public static Task<ApiResponse> LogoutEverywhereAsync(this FrontEndProcess frontEnd, string cookie) =>
        frontEnd.SendAsync(HttpMethod.Post, "/api/logout-everywhere", cookie);

    /// <summary>The <c>sg=…</c> pair of the response's session Set-Cookie; fails the test when there is none.</summary>
    public static string SessionCookieOf(ApiResponse response)
    {
        var setCookie = response.SetCookies.FirstOrDefault(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        Assert.True(setCookie is not null, $"No {CookieName} cookie was set; Set-Cookie: [{string.Join(" | ", response.SetCookies)}], body: {response.Text}");
        return setCookie.Split(';', 2)[0];
    }

    private static async Task<ApiResponse> SendAsync(this FrontEndProcess frontEnd, HttpMethod method, string path, string? cookie, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content ?? (method == HttpMethod.Post ? new StringContent("") : null) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var timeout = new CancellationTokenSource(RequestTimeout);
        using var response = await frontEnd.Http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return new ApiResponse(response.StatusCode, text, setCookies);
    }
}
