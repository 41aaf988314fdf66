using SessionGrains.FaultHarness.Reporting;
using SessionGrains.FaultHarness.Scenarios;

namespace SessionGrains.Farm.Tests;

/// <summary>
/// Issue 6's short fault run: HTTP load through nginx on a farm of real processes while a silo is killed, a front end
/// is stopped and Redis is restarted. The run happens once (<see cref="ShortFaultRun"/>); each test checks one claim.
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

    /// <summary>
    /// A Redis outage must not read as the death of silos whose heartbeats could not reach it: the first sweep after
    /// a gap stamps every live silo's heartbeat instead of declaring anyone dead.
    /// </summary>
    [Fact]
    public void RedisRestartedWithAof_EverySiloSurvives()
    {
        Assert.Empty(run.Fault(FaultKind.RedisRestart).Phase.Problems);
    }

    /// <summary>The harness's transcript and report go to every test's output, shown when it fails.</summary>
    public void Dispose() => output.WriteLine($"Fault run ({run.Elapsed.TotalSeconds:F0} s):\n{run.Transcript}");
}
