using SessionGrains.FaultHarness.Reporting;
using SessionGrains.FaultHarness.Scenarios;

namespace SessionGrains.Farm.Tests;

/// <summary>
/// Issue 6's short fault run on the Orleans farm: HTTP load through nginx on real processes (Redis with AOF, three
/// Orleans silos, two front ends in client mode) while a silo is killed, a silo is stopped, a front end is stopped and
/// Redis is restarted. The run happens once (<see cref="ShortFaultRun"/>); each test checks one claim.
/// </summary>
public sealed class FaultRunTests(ShortFaultRun run, ITestOutputHelper output) : IClassFixture<ShortFaultRun>, IDisposable
{
    [Fact]
    public void SiloKilledUnderLoad_LosesNoAcknowledgedIncrement()
    {
        var kill = run.Fault(FaultKind.SiloKill);

        Assert.Equal(0, kill.LostIncrements);
        Assert.Equal(0, kill.SessionsLost);
        Assert.True(kill.Requests > 0, "No request ended in the window after the kill.");
    }

    [Fact]
    public void SiloKilledUnderLoad_RequestsRecoverWithinFiveSeconds()
    {
        var kill = run.Fault(FaultKind.SiloKill);

        Assert.NotNull(kill.Recovery);
        Assert.InRange(kill.Recovery.Value, TimeSpan.Zero, HarnessReport.SiloKillRecoveryBound);
    }

    [Fact]
    public void SiloStoppedUnderLoad_FailsNoRequest()
    {
        var stop = run.Fault(FaultKind.SiloStop);

        Assert.True(stop.Requests > 0, "No request ended in the window after SIGTERM.");
        Assert.True(stop.Errors == 0, $"{stop.Errors} requests failed: {stop.ErrorKinds}.");
        Assert.Empty(stop.Phase.Problems);
    }

    /// <summary>The front end is drained from nginx first (marked down, nginx reloaded), then gets SIGTERM.</summary>
    [Fact]
    public void FrontEndStoppedUnderLoad_FailsNoRequest()
    {
        var stop = run.Fault(FaultKind.FrontendStop);

        Assert.True(stop.Requests > 0, "No request ended in the window after the front end's stop.");
        Assert.True(stop.Errors == 0, $"{stop.Errors} requests failed: {stop.ErrorKinds}.");
        Assert.Empty(stop.Phase.Problems);
    }

    [Fact]
    public void RedisRestartedWithAof_EverySessionSurvivesAndItsCountGoesOn()
    {
        var outage = run.Fault(FaultKind.RedisRestart).Outage!;

        Assert.Equal(run.Options.Users, outage.SessionsKept);
        Assert.Equal(0, run.Fault(FaultKind.RedisRestart).LostIncrements);
    }

    [Fact]
    public void RedisOutage_EveryRequestAnswersWithinOneSecond()
    {
        var outage = run.Fault(FaultKind.RedisRestart).Outage!;

        Assert.True(outage.Requests > 0, "No request started while Redis was down.");
        Assert.Equal(0, outage.TimedOut);
        Assert.NotNull(outage.Slowest);
        Assert.InRange(outage.Slowest.Value, TimeSpan.Zero, HarnessReport.OutageAnswerBound);
    }

    [Fact]
    public void WholeRun_EveryUsersFinalCountHoldsEveryAcknowledgedIncrement()
    {
        var report = run.Completed;

        Assert.All(report.FinalCounts, user => Assert.True(user.Kept, $"User {user.User}: highest acknowledged {user.MaxAcknowledged}, final count {user.FinalCount?.ToString() ?? "unread"}{(user.SessionLost ? ", session lost" : "")}."));
        Assert.Equal(0, report.Phases.Sum(p => p.LostIncrements));
    }

    /// <summary>A Redis outage must not read as the death of silos whose IAmAlive writes could not reach it.</summary>
    [Fact]
    public void RedisRestartedWithAof_EverySiloSurvives()
    {
        Assert.Empty(run.Fault(FaultKind.RedisRestart).Phase.Problems);
    }

    /// <summary>The harness's transcript and report go to every test's output, shown when it fails.</summary>
    public void Dispose() => output.WriteLine($"Fault run ({run.Elapsed.TotalSeconds:F0} s):\n{run.Transcript}");
}
