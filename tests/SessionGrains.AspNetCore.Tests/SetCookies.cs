using Microsoft.Net.Http.Headers;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>Reads the Set-Cookie headers of a response.</summary>
public static class SetCookies
{
    public static IReadOnlyList<SetCookieHeaderValue> All(HttpResponseMessage response) =>
        response.Headers.TryGetValues(HeaderNames.SetCookie, out var values) && SetCookieHeaderValue.TryParseList(values.ToList(), out var cookies)
            ? [.. cookies]
            : [];

    /// <summary>The Set-Cookie for <paramref name="name"/>, or null.</summary>
    public static SetCookieHeaderValue? Find(HttpResponseMessage response, string name = "sg") =>
        All(response).SingleOrDefault(c => c.Name.Equals(name, StringComparison.Ordinal));

    /// <summary>The value the response gives cookie <paramref name="name"/>; fails when it sets none.</summary>
    public static string ValueOf(HttpResponseMessage response, string name = "sg") =>
        Find(response, name)?.Value.ToString() ?? throw new Xunit.Sdk.XunitException($"The response set no '{name}' cookie.");

    /// <summary>Whether the response tells the browser to drop <paramref name="name"/>: empty value, expiry in the past.</summary>
    public static bool Clears(HttpResponseMessage response, string name = "sg") =>
        Find(response, name) is { } cookie && cookie.Value.Length == 0 && cookie.Expires < DateTimeOffset.UtcNow;
}
