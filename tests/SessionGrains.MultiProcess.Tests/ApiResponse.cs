using System.Net;
using System.Text.Json;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>One answer of a front end's JSON API: its status, its body as text and parsed, and its Set-Cookie headers.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Text, IReadOnlyList<string> SetCookies)
{
    /// <summary>The body parsed as JSON; fails the test, quoting the body, when it is not JSON.</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Text);
                return document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new Xunit.Sdk.XunitException($"The {(int)Status} answer is not JSON ({exception.Message}): {Text}");
            }
        }
    }

    /// <summary>A string property of the JSON body.</summary>
    public string? String(string name) => Json.GetProperty(name).GetString();

    /// <summary>Fails the test, quoting the body, unless the status is <paramref name="expected"/>.</summary>
    public ApiResponse Expect(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Text}");
        return this;
    }
}
