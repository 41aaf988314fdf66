using System.Text.Encodings.Web;

namespace SessionGrains.WebFrontend.Pages;

/// <summary>A tiny HTML layout; every value from a user or a session goes through <see cref="Encode"/>.</summary>
internal static class Html
{
    public static string Encode(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? "");

    public static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Encode(title)}} · SessionGrains</title>
        <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
        table{border-collapse:collapse}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}
        form.inline{display:inline}nav a{margin-right:1rem}</style></head>
        <body><nav><a href="/profile">Profile</a><a href="/devices">Your devices</a><a href="/admin">Admin</a></nav>
        <h1>{{Encode(title)}}</h1>
        {{body}}
        </body></html>
        """, "text/html; charset=utf-8", statusCode: statusCode);
}
