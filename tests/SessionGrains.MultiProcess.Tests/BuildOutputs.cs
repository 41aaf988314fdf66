using System.Reflection;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Where the silo executable and the test grains were built: src/Silo's output for this test assembly's configuration
/// and target framework, found from this assembly's location. <c>SESSIONGRAINS_SILO_DLL</c> overrides the silo's path.
/// </summary>
public static class BuildOutputs
{
    public static string SiloDll { get; } = FindSiloDll();

    /// <summary>The test grains, as copied beside this test assembly by its project reference.</summary>
    public static string TestGrainsDll { get; } = typeof(CounterGrain).Assembly.Location;

    private static string FindSiloDll()
    {
        if (Environment.GetEnvironmentVariable("SESSIONGRAINS_SILO_DLL") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"SESSIONGRAINS_SILO_DLL names '{configured}', which does not exist.");
        }

        var assembly = typeof(BuildOutputs).Assembly;
        var outputDirectory = new DirectoryInfo(Path.GetDirectoryName(assembly.Location)!);
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var targetFramework = outputDirectory.Name;
        for (var directory = outputDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SessionGrains.sln")))
            {
                var candidate = Path.Combine(directory.FullName, "src", "Silo", "bin", configuration, targetFramework, "SessionGrains.Silo.dll");
                return File.Exists(candidate)
                    ? candidate
                    : throw new FileNotFoundException($"The silo was not built at '{candidate}': build the solution (dotnet build -c {configuration}) or set SESSIONGRAINS_SILO_DLL.");
            }
        }

        throw new DirectoryNotFoundException($"No SessionGrains.sln above '{outputDirectory.FullName}': set SESSIONGRAINS_SILO_DLL to the silo's SessionGrains.Silo.dll.");
    }
}
