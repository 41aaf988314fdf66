namespace SessionGrains.AspNetCore.Tests;

/// <summary>Reads JSON responses and checks their exact shape.</summary>
public static class JsonAssert
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the object has exactly these properties, in any order.</summary>
    public static void AssertProperties(this JsonElement element, params string[] names)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal(names.Order(StringComparer.Ordinal), element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>Asserts the response is <paramref name="status"/> with exactly <c>{"error": "…"}</c>, a non-empty message.</summary>
    public static async Task AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var json = await response.ReadJsonAsync();
        json.AssertProperties("error");
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error").GetString()));
    }

    public static DateTimeOffset GetTime(this JsonElement element, string name) => element.GetProperty(name).GetDateTimeOffset();
}
