namespace SessionGrains.Runtime.Membership;

/// <summary>One silo's row in membership.</summary>
/// <param name="Silo">The silo.</param>
/// <param name="Status">Its status.</param>
/// <param name="AppliedViewVersion">
/// The newest view whose hand-over the silo has finished: every activation it no longer owns in that view is
/// deactivated. A new owner activates a grain only once every live silo has applied the current view, so a grain never
/// has two activations during a change.
/// </param>
public sealed record MembershipEntry(SiloAddress Silo, SiloStatus Status, long AppliedViewVersion);
