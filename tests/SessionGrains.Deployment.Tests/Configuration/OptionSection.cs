namespace SessionGrains.Deployment.Tests.Configuration;

/// <summary>
/// A configuration section an app binds to an options type. <paramref name="Path"/> may hold <c>*</c> for a segment
/// that is a name; <paramref name="SectionValueBinds"/> is true when the section's own value is an option too
/// (<c>SessionGrains:Redis</c> is the connection string). <paramref name="Properties"/>, when set, are the only
/// properties read from this section (<c>SessionGrainsClusterOptions</c> reads its ids from <c>SessionGrains:Cluster</c>
/// and its endpoints from <c>SessionGrains:Silo</c>). <paramref name="Orleans"/> marks Orleans' own options, whose
/// keys the docs name by section (<c>SessionGrains:Orleans:Membership:*</c>) rather than one by one. <paramref name="Legacy"/>
/// marks a section of the old runtime that is still read so upgrades keep working (<c>SessionGrains:Runtime</c>), which the
/// docs mention but give no row.
/// </summary>
public sealed record OptionSection(string Path, Type OptionsType, bool SectionValueBinds = false, IReadOnlyList<string>? Properties = null, bool Orleans = false, bool Legacy = false)
{
    public IReadOnlyList<string> Segments { get; } = Path.Split(':');
}
