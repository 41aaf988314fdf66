using System.Diagnostics;

namespace SessionGrains.Runtime.Diagnostics;

/// <summary>
/// Spans of the runtime: one per grain call turn, named after the grain method, on the silo that runs it. Listening is
/// opt-in (OpenTelemetry or an ActivityListener); without a listener a turn allocates nothing for it.
/// </summary>
internal static class RuntimeActivitySource
{
    public const string Name = "SessionGrains.Runtime";
    public const string GrainIdTag = "sessiongrains.grain.id";

    public static readonly ActivitySource Instance = new(Name);
}
