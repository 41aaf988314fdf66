using System.Diagnostics;
using System.Globalization;
using SessionGrains.Farm;
using SessionGrains.FaultHarness.Reporting;

namespace SessionGrains.FaultHarness.Scenarios;

/// <summary>
/// How long Orleans takes to declare a crashed silo dead: Redis and <see cref="HarnessOptions.Silos"/> silos, no front
/// ends and no load; each run kills one silo with SIGKILL and polls the membership hash until its row says Dead, then
/// starts a new silo so the next run again kills one of the same number.
/// </summary>
internal sealed class MembershipMeasurement(HarnessOptions options, Action<string> log)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    public async Task<MembershipReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var machine = await MachineInfo.ReadAsync();
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"sessiongrains-membership-{startedAt:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        log($"Starting Redis and {options.Silos} silos in {directory} ({(options.OrleansDefaults ? "Orleans' defaults" : "tuned")}).");
        await using var farm = await Farm.Farm.StartAsync(
            new FarmOptions { Directory = directory, Silos = options.Silos, Frontends = 0, Settings = options.Settings },
            cancellationToken);
        var runs = new List<MembershipRun>();
        try
        {
            for (var run = 1; run <= options.MembershipRuns; run++)
            {
                runs.Add(await KillOneAsync(farm, run, cancellationToken));
                await farm.StartSiloAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException($"The measurement failed: {exception.Message}\n{farm.Describe()}", exception);
        }

        return new MembershipReport(options, machine, startedAt, runs);
    }

    private async Task<MembershipRun> KillOneAsync(Farm.Farm farm, int run, CancellationToken cancellationToken)
    {
        var victim = farm.Silos.First(s => !s.HasExited);
        farm.KillSilo(victim);
        var killed = Stopwatch.GetTimestamp();
        TimeSpan? suspected = null;
        while (Stopwatch.GetElapsedTime(killed) < Bound)
        {
            var view = await farm.ReadViewAsync();
            var row = view.Silos.Where(s => s.Port == victim.Port).MaxBy(s => s.Generation);
            suspected ??= row is { Suspicions: > 0 } ? Stopwatch.GetElapsedTime(killed) : null;
            if (row?.Status == SiloState.Dead)
            {
                var dead = Stopwatch.GetElapsedTime(killed);
                log(string.Create(CultureInfo.InvariantCulture, $"Run {run}: {victim.Name} killed; first suspicion after {suspected?.TotalSeconds:F2} s, Dead after {dead.TotalSeconds:F2} s."));
                return new MembershipRun(run, victim.Name, suspected, dead);
            }

            await Task.Delay(Poll, cancellationToken);
        }

        throw new TimeoutException($"{victim.Name} was not declared dead within {Bound} of its kill.");
    }
}
