using System.Reflection;
using System.Runtime.Loader;

namespace SessionGrains.Silo;

/// <summary>
/// Loads the assemblies named by <see cref="SiloHostOptions.GrainAssemblies"/> into the default load context, so
/// their grains share the silo's copy of the runtime. Their own dependencies are looked for beside them.
/// </summary>
internal static class GrainAssemblyLoader
{
    public static Assembly Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new SiloConfigurationException($"{SiloHostOptions.SectionName}:{nameof(SiloHostOptions.GrainAssemblies)} holds an empty path.");
        }

        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new SiloConfigurationException(
                $"The grain assembly '{fullPath}' named in {SiloHostOptions.SectionName}:{nameof(SiloHostOptions.GrainAssemblies)} does not exist.");
        }

        try
        {
            var name = AssemblyName.GetAssemblyName(fullPath);
            var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name));
            if (loaded is not null)
            {
                // Already part of the silo (SessionGrains.Grains, say): a second copy would be a second set of types.
                return loaded;
            }

            var directory = Path.GetDirectoryName(fullPath)!;
            AssemblyLoadContext.Default.Resolving += (context, dependency) =>
                Path.Combine(directory, dependency.Name + ".dll") is var candidate && File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException)
        {
            throw new SiloConfigurationException($"The grain assembly '{fullPath}' could not be loaded: {exception.Message}", exception);
        }
    }
}
