using SessionGrains.FaultHarness;
using SessionGrains.FaultHarness.Reporting;
using SessionGrains.FaultHarness.Scenarios;

// Exit codes: 0 every check passed, 1 a check failed, 2 bad usage, 3 the farm or the run failed.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(HarnessOptions.Usage);
    return 0;
}

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync(HarnessOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    if (options.MembershipRuns > 0)
    {
        var measured = (await new MembershipMeasurement(options, line => Console.Error.WriteLine(line)).RunAsync(cancel.Token)).Render();
        Console.WriteLine(measured);
        if (options.Output is { } measuredOutput)
        {
            await File.WriteAllTextAsync(measuredOutput, measured);
        }

        return 0;
    }

    var report = await new HarnessRun(options, line => Console.Error.WriteLine(line)).RunAsync(cancel.Token);
    var markdown = MarkdownReport.Render(report);
    Console.WriteLine(markdown);
    if (options.Output is { } output)
    {
        await File.WriteAllTextAsync(output, markdown);
        await Console.Error.WriteLineAsync($"Report written to {output}.");
    }

    return report.Passed ? 0 : 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Cancelled; the farm was stopped.");
    return 3;
}
catch (Exception exception)
{
    await Console.Error.WriteLineAsync(exception.ToString());
    return 3;
}
