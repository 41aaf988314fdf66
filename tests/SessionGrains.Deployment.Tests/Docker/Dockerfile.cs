using System.Text.Json;
using System.Text.RegularExpressions;

namespace SessionGrains.Deployment.Tests.Docker;

/// <summary>
/// A Dockerfile read line by line: the subset used by docker/*.Dockerfile (FROM, WORKDIR, COPY, RUN, ENV, EXPOSE,
/// USER, ENTRYPOINT), with <c>\</c> continuations joined and comments dropped.
/// </summary>
public sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The exec form of the last ENTRYPOINT, such as <c>["dotnet", "App.dll"]</c>.</summary>
    /// <exception cref="FormatException">There is none, or it is in shell form.</exception>
    public IReadOnlyList<string> Entrypoint
    {
        get
        {
            var entrypoint = Instructions.LastOrDefault(i => i.Keyword == "ENTRYPOINT")
                ?? throw new FormatException($"{Path} has no ENTRYPOINT.");
            try
            {
                return JsonSerializer.Deserialize<string[]>(entrypoint.Arguments) ?? throw new FormatException("null");
            }
            catch (JsonException exception)
            {
                throw new FormatException($"{Path}:{entrypoint.Line}: ENTRYPOINT is not in exec form (a JSON array): {entrypoint.Arguments}", exception);
            }
        }
    }

    /// <summary>Every COPY from the build context (not <c>--from</c> another stage): its sources and its destination.</summary>
    public IEnumerable<(IReadOnlyList<string> Sources, string Destination, int Line)> ContextCopies =>
        from instruction in Instructions
        where instruction.Keyword == "COPY"
        let words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        where !words.Any(w => w.StartsWith("--from", StringComparison.Ordinal))
        let operands = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList()
        select ((IReadOnlyList<string>)operands[..^1], operands[^1], instruction.Line);

    /// <summary>The variables set by ENV, in both forms (<c>ENV K=V K2=V2</c> and <c>ENV K V</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var instruction in Instructions.Where(i => i.Keyword == "ENV"))
            {
                if (!instruction.Arguments.Contains('=', StringComparison.Ordinal))
                {
                    var (key, value) = instruction.Arguments.Split(' ', 2, StringSplitOptions.TrimEntries) switch
                    {
                        [var k, var v] => (k, v),
                        _ => throw new FormatException($"{Path}:{instruction.Line}: unexpected ENV {instruction.Arguments}"),
                    };
                    environment[key] = value;
                    continue;
                }

                foreach (Match pair in EnvPair().Matches(instruction.Arguments))
                {
                    environment[pair.Groups["key"].Value] = pair.Groups["value"].Value.Trim('"');
                }
            }

            return environment;
        }
    }

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var pending = "";
        var start = 0;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (pending.Length == 0)
            {
                start = i + 1;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = pending + line;
            pending = "";
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? new DockerInstruction(text.ToUpperInvariant(), "", start)
                : new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim(), start));
        }

        return new Dockerfile(path, instructions);
    }

    [GeneratedRegex("""(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>"[^"]*"|\S*)""")]
    private static partial Regex EnvPair();
}
