namespace SessionGrains.Deployment.Tests.Configuration;

/// <summary>
/// A configuration section an app binds to an options type. <paramref name="Path"/> may hold <c>*</c> for a segment
/// that is a name (a named storage); <paramref name="SectionValueBinds"/> is true when the section's own value is an
/// option too (<c>SessionGrains:Redis</c> is the connection string).
/// </summary>
public sealed record OptionSection(string Path, Type OptionsType, bool SectionValueBinds = false)
{
    public IReadOnlyList<string> Segments { get; } = Path.Split(':');
}
