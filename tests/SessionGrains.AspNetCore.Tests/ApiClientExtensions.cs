using System.Net.Http.Json;
using System.Text;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>The front end's JSON API as calls, each bounded by the default timeout.</summary>
public static class ApiClientExtensions
{
    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/api/login", new { username, password }).DefaultTimeout();

    /// <summary>Signs in as <paramref name="user"/> with the right password; returns the new session's id.</summary>
    public static async Task<string> SignInAsync(this HttpClient client, string user)
    {
        using var response = await client.LoginAsync(user, FrontendFixture.PasswordOf(user));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("sessionId").GetString()!;
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string mediaType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType)).DefaultTimeout();

    public static Task<HttpResponseMessage> GetProfileAsync(this HttpClient client) => client.GetAsync("/api/profile").DefaultTimeout();

    public static Task<HttpResponseMessage> PostCountAsync(this HttpClient client) => client.PostAsync("/api/count", null).DefaultTimeout();

    /// <summary>Counts a view; asserts 200 and returns the new count.</summary>
    public static async Task<long> CountAsync(this HttpClient client)
    {
        using var response = await client.PostCountAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.ReadJsonAsync();
        json.AssertProperties("views");
        return json.GetProperty("views").GetInt64();
    }

    public static Task<HttpResponseMessage> GetSessionsAsync(this HttpClient client) => client.GetAsync("/api/sessions").DefaultTimeout();

    public static Task<HttpResponseMessage> RevokeAsync(this HttpClient client, string sessionId) =>
        client.DeleteAsync("/api/sessions/" + Uri.EscapeDataString(sessionId)).DefaultTimeout();

    public static Task<HttpResponseMessage> LogoutAsync(this HttpClient client) => client.PostAsync("/api/logout", null).DefaultTimeout();

    public static Task<HttpResponseMessage> LogoutEverywhereAsync(this HttpClient client) => client.PostAsync("/api/logout-everywhere", null).DefaultTimeout();

    /// <summary>Sends exactly one Cookie header (or none), as a browser holding <paramref name="cookie"/> would.</summary>
    public static Task<HttpResponseMessage> SendWithCookieAsync(this HttpClient client, HttpMethod method, string path, string? cookie, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }

        return client.SendAsync(request).DefaultTimeout();
    }

    /// <summary>The body of a login request, for requests built by hand.</summary>
    public static HttpContent LoginBody(string user) => JsonContent.Create(new { username = user, password = FrontendFixture.PasswordOf(user) });
}
