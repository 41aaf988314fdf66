namespace SessionGrains.WebFrontend.Users;

/// <summary>
/// Demo accounts, bound from <c>SessionGrains:Demo</c>: <c>SessionGrains:Demo:Users:&lt;name&gt;=&lt;password&gt;</c>.
/// appsettings.json carries development defaults (alice, bob, carol); replace them outside a demo.
/// </summary>
internal sealed class DemoUserOptions
{
    public const string SectionName = "SessionGrains:Demo";

    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);
}
