using System.Globalization;

namespace SessionGrains.Farm;

/// <summary>The children of a process, read from <c>/proc</c>: how the farm sees nginx's workers come and go on a reload.</summary>
internal static class ProcessTree
{
    public static HashSet<int> ChildrenOf(int parent)
    {
        var children = new HashSet<int>();
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while it was read.
            }
        }

        return children;
    }
}
