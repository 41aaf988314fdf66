namespace SessionGrains.Farm;

/// <summary>The <c>dotnet</c> executable that runs this process, used to run the silos and front ends too.</summary>
public static class DotnetHost
{
    /// <summary>The path of the <c>dotnet</c> executable.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        // The CLI tells child processes which dotnet runs them (dotnet test, dotnet run).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } current && System.IO.Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
