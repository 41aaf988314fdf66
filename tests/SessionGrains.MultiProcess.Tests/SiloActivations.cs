using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// How many session grains each silo hosts, read from the front end's <c>/admin</c> page (Orleans' management grain
/// asks every active silo): which silo a crash test should kill to hit sessions.
/// </summary>
public static partial class SiloActivations
{
    /// <summary>Session grain activations by silo port.</summary>
    public static async Task<Dictionary<int, int>> SessionsBySiloPortAsync(FrontEndProcess frontEnd)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var html = await frontEnd.Http.GetStringAsync("/admin", timeout.Token);
        return Row().Matches(html).ToDictionary(
            m => int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture),
            m => int.Parse(m.Groups["sessions"].Value, CultureInfo.InvariantCulture));
    }

    // <tr class="silo"><td>S127.0.0.1:46029:155242844</td><td>Active</td><td class="sessions">8</td>
    [GeneratedRegex(@"<tr class=""silo""><td>S?[^<:]+:(?<port>\d+):\d+</td><td>[^<]*</td><td class=""sessions"">(?<sessions>\d+)</td>")]
    private static partial Regex Row();
}
