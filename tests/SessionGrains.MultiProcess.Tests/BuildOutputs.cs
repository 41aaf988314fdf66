using System.Reflection;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Where the executables under test and the test grains were built: src/Silo's and src/WebFrontend's output for this
/// test assembly's configuration and target framework, found from this assembly's location.
/// <c>SESSIONGRAINS_SILO_DLL</c> and <c>SESSIONGRAINS_WEBFRONTEND_DLL</c> override their paths.
/// </summary>
public static class BuildOutputs
{
    private static readonly Lazy<string> Silo = new(() => FindAppDll("Silo", "SessionGrains.Silo.dll", "SESSIONGRAINS_SILO_DLL"));
    private static readonly Lazy<string> WebFrontend = new(() => FindAppDll("WebFrontend", "SessionGrains.WebFrontend.dll", "SESSIONGRAINS_WEBFRONTEND_DLL"));

    public static string SiloDll => Silo.Value;

    public static string WebFrontendDll => WebFrontend.Value;

    /// <summary>The test grains, as copied beside this test assembly by its project reference.</summary>
    public static string TestGrainsDll { get; } = typeof(CounterGrain).Assembly.Location;

    private static string FindAppDll(string projectFolder, string dllName, string overrideVariable)
    {
        if (Environment.GetEnvironmentVariable(overrideVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"{overrideVariable} names '{configured}', which does not exist.");
        }

        var assembly = typeof(BuildOutputs).Assembly;
        var outputDirectory = new DirectoryInfo(Path.GetDirectoryName(assembly.Location)!);
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var targetFramework = outputDirectory.Name;
        for (var directory = outputDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SessionGrains.sln")))
            {
                var candidate = Path.Combine(directory.FullName, "src", projectFolder, "bin", configuration, targetFramework, dllName);
                return File.Exists(candidate)
                    ? candidate
                    : throw new FileNotFoundException($"src/{projectFolder} was not built at '{candidate}': build the solution (dotnet build -c {configuration}) or set {overrideVariable}.");
            }
        }

        throw new DirectoryNotFoundException($"No SessionGrains.sln above '{outputDirectory.FullName}': set {overrideVariable} to {dllName}.");
    }
}
