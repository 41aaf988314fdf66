using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Diagnostics;

/// <summary>
/// The scopes the runtime gives every log entry: the grain whose turn is running (after its awaits too), then the span's
/// ids the host asked for, then the scopes the code opened. Entries outside turns carry no grain.
/// </summary>
public sealed class RuntimeLogScopeTests
{
    private readonly LogCapture _logs = new();

    [Fact]
    public async Task EntryWrittenInATurn_CarriesTheGrainAheadOfTheScopesTheGrainOpened()
    {
        // Arrange
        await using var host = await StartHostAsync(ActivityTrackingOptions.None);
        var grain = host.GrainFactory.GetGrain<IProbeGrain>("logger");

        // Act
        await grain.LogAsync("in the turn", "opened by the grain").DefaultTimeout();
        host.Services.GetRequiredService<ILogger<RuntimeLogScopeTests>>().LogInformation("outside every turn");

        // Assert
        Assert.Equal(["Grain test-probe/logger", "opened by the grain"], Single("in the turn").Scopes);
        Assert.Empty(Single("outside every turn").Scopes);
    }

    [Fact]
    public async Task SpanIds_AreAddedAsTheHostAsks()
    {
        // Arrange: a listener, so the activity below is created
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == nameof(RuntimeLogScopeTests),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource(nameof(RuntimeLogScopeTests));
        await using var host = await StartHostAsync(ActivityTrackingOptions.SpanId | ActivityTrackingOptions.TraceId);
        var logger = host.Services.GetRequiredService<ILogger<RuntimeLogScopeTests>>();

        // Act
        using (var activity = source.StartActivity("request"))
        {
            Assert.NotNull(activity);
            logger.LogInformation("in a span");

            // Assert
            Assert.Equal([$"SpanId:{activity.SpanId.ToHexString()}, TraceId:{activity.TraceId.ToHexString()}"], Single("in a span").Scopes);
        }
    }

    private LogEntry Single(string message) => Assert.Single(_logs.Entries, e => e.Message == message);

    private Task<RuntimeHost> StartHostAsync(ActivityTrackingOptions tracking) => RuntimeHost.StartAsync(
        r => r.AddGrain<ProbeGrain>(),
        configureServices: s => s.AddLogging(logging => logging.AddProvider(_logs).Configure(o => o.ActivityTrackingOptions = tracking)));
}
