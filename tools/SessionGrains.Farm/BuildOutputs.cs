using System.Reflection;

namespace SessionGrains.Farm;

/// <summary>
/// Where the silo and the front end were built: <c>src/Silo</c> and <c>src/WebFrontend</c> output for this assembly's
/// configuration and target framework, found by walking up from this assembly to <c>SessionGrains.sln</c>.
/// <c>SESSIONGRAINS_SILO_DLL</c> and <c>SESSIONGRAINS_WEBFRONTEND_DLL</c> override them.
/// </summary>
public static class BuildOutputs
{
    /// <summary>The silo executable's dll.</summary>
    /// <exception cref="FileNotFoundException">It was not built.</exception>
    public static string SiloDll => Find("SESSIONGRAINS_SILO_DLL", "Silo", "SessionGrains.Silo.dll");

    /// <summary>The front end's dll.</summary>
    /// <exception cref="FileNotFoundException">It was not built.</exception>
    public static string WebFrontendDll => Find("SESSIONGRAINS_WEBFRONTEND_DLL", "WebFrontend", "SessionGrains.WebFrontend.dll");

    private static string Find(string variable, string project, string fileName)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"{variable} names '{configured}', which does not exist.");
        }

        var assembly = typeof(BuildOutputs).Assembly;
        var outputDirectory = new DirectoryInfo(Path.GetDirectoryName(assembly.Location)!);
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var targetFramework = outputDirectory.Name;
        for (var directory = outputDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SessionGrains.sln")))
            {
                var candidate = Path.Combine(directory.FullName, "src", project, "bin", configuration, targetFramework, fileName);
                return File.Exists(candidate)
                    ? candidate
                    : throw new FileNotFoundException($"src/{project} was not built at '{candidate}': build the solution (dotnet build -c {configuration}) or set {variable}.");
            }
        }

        throw new FileNotFoundException($"No SessionGrains.sln above '{outputDirectory.FullName}': set {variable} to the built {fileName}.");
    }
}
