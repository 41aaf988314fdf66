using System.Collections.Concurrent;
using System.Diagnostics;
using SessionGrains.FaultHarness;
using SessionGrains.FaultHarness.Reporting;
using SessionGrains.FaultHarness.Scenarios;

namespace SessionGrains.Farm.Tests;

/// <summary>
/// The short version of the fault run, once for all the tests of <see cref="FaultRunTests"/>: a farm of real processes
/// (Redis with AOF, 3 Orleans silos, 2 front ends, nginx), 30 users, and each fault with a window of a few seconds.
/// </summary>
public sealed class ShortFaultRun : IAsyncLifetime
{
    /// <summary>The whole run's bound, far above its usual ~70 s, so that a hang fails the tests instead of the suite.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentQueue<string> _log = new();

    internal HarnessOptions Options { get; } = new()
    {
        Users = 30,
        Warmup = TimeSpan.FromSeconds(2),
        Duration = TimeSpan.FromSeconds(6),
        Settle = TimeSpan.FromSeconds(2),
        RedisOutage = TimeSpan.FromSeconds(1),

        // Headroom on two cores: the bounds under test are the farm's, not those of a CPU queue.
        Think = TimeSpan.FromMilliseconds(20),
        WorkDirectory = Path.Combine(Path.GetTempPath(), "sessiongrains-farm-tests-" + Guid.NewGuid().ToString("n")[..12]),
    };

    internal HarnessReport? Report { get; private set; }

    internal Exception? Failure { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>What the harness said while it ran, then its report (or why it failed): for a failing test's output.</summary>
    public string Transcript => string.Join('\n', _log) + "\n\n" + (Report is null ? Failure?.ToString() : MarkdownReport.Render(Report));

    public async Task InitializeAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            Report = await new HarnessRun(Options, _log.Enqueue).RunAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            // Each test reports it with the transcript, rather than xUnit's bare fixture failure.
            Failure = exception;
        }

        Elapsed = stopwatch.Elapsed;
    }

    public Task DisposeAsync()
    {
        // The processes' logs stay when the run itself failed; the transcript names their folder.
        if (Failure is null)
        {
            try
            {
                Directory.Delete(Options.WorkDirectory!, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return Task.CompletedTask;
    }

    internal PhaseResult Fault(FaultKind kind) => Completed.Fault(kind);

    internal HarnessReport Completed => Report ?? throw new InvalidOperationException($"The fault run did not complete: {Failure?.Message}", Failure);
}
