using SessionGrains.TestGrains;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Where the executables under test and the test grains were built. The executables are found the way the fault
/// harness finds them (<see cref="Farm.BuildOutputs"/>), so both honour <c>SESSIONGRAINS_SILO_DLL</c> and
/// <c>SESSIONGRAINS_WEBFRONTEND_DLL</c>.
/// </summary>
public static class BuildOutputs
{
    public static string SiloDll => Farm.BuildOutputs.SiloDll;

    public static string WebFrontendDll => Farm.BuildOutputs.WebFrontendDll;

    /// <summary>The test grains, as copied beside this test assembly by its project reference.</summary>
    public static string TestGrainsDll { get; } = typeof(CounterGrain).Assembly.Location;
}
