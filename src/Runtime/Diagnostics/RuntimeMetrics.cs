using System.Diagnostics.Metrics;

namespace SessionGrains.Runtime.Diagnostics;

/// <summary>The runtime's instruments, on the <c>SessionGrains.Runtime</c> meter.</summary>
internal sealed class RuntimeMetrics
{
    public const string MeterName = "SessionGrains.Runtime";
    public const string ActivationsCreatedName = "sessiongrains.activations.created";
    public const string ActivationsActiveName = "sessiongrains.activations.active";
    public const string ActivationsDeactivatedName = "sessiongrains.activations.deactivated";
    public const string GrainCallsName = "sessiongrains.grain_calls";
    public const string GrainCallDurationName = "sessiongrains.grain_call.duration";
    public const string StorageOperationsName = "sessiongrains.storage.operations";
    public const string StorageDurationName = "sessiongrains.storage.duration";
    public const string GrainTypeTag = "sessiongrains.grain.type";
    public const string ReasonTag = "sessiongrains.deactivation.reason";
    public const string StorageTag = "sessiongrains.storage.name";
    public const string OperationTag = "sessiongrains.storage.operation";
    public const string ResultTag = "sessiongrains.storage.result";

    private static readonly string[] OperationNames = ["read", "write", "clear"];
    private static readonly string[] ResultNames = ["success", "conflict", "failure"];

    private readonly Counter<long> _activationsCreated;
    private readonly UpDownCounter<long> _activationsActive;
    private readonly Counter<long> _activationsDeactivated;
    private readonly Counter<long> _grainCalls;
    private readonly Histogram<double> _grainCallDuration;
    private readonly Counter<long> _storageOperations;
    private readonly Histogram<double> _storageDuration;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _activationsCreated = meter.CreateCounter<long>(ActivationsCreatedName, "{activation}", "Activations created.");
        _activationsActive = meter.CreateUpDownCounter<long>(ActivationsActiveName, "{activation}", "Activations alive now.");
        _activationsDeactivated = meter.CreateCounter<long>(ActivationsDeactivatedName, "{activation}", "Activations ended, by reason.");
        _grainCalls = meter.CreateCounter<long>(GrainCallsName, "{call}", "Grain calls run as turns.");
        _grainCallDuration = meter.CreateHistogram<double>(GrainCallDurationName, "s", "Duration of grain call turns.");
        _storageOperations = meter.CreateCounter<long>(StorageOperationsName, "{operation}", "Grain storage operations.");
        _storageDuration = meter.CreateHistogram<double>(StorageDurationName, "s", "Duration of grain storage operations.");
    }

    public void ActivationCreated(string grainType)
    {
        var tag = new KeyValuePair<string, object?>(GrainTypeTag, grainType);
        _activationsCreated.Add(1, tag);
        _activationsActive.Add(1, tag);
    }

    public void ActivationDeactivated(string grainType, DeactivationReasonCode reason)
    {
        var tag = new KeyValuePair<string, object?>(GrainTypeTag, grainType);
        _activationsActive.Add(-1, tag);
        if (_activationsDeactivated.Enabled)
        {
            _activationsDeactivated.Add(1, tag, new KeyValuePair<string, object?>(ReasonTag, reason.ToString()));
        }
    }

    public void CallCompleted(string grainType, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>(GrainTypeTag, grainType);
        if (_grainCalls.Enabled)
        {
            _grainCalls.Add(1, tag);
        }

        if (_grainCallDuration.Enabled)
        {
            _grainCallDuration.Record(duration.TotalSeconds, tag);
        }
    }

    public void StorageOperation(string storageName, StorageOperation operation, StorageResult result, TimeSpan duration)
    {
        var storage = new KeyValuePair<string, object?>(StorageTag, storageName);
        var op = new KeyValuePair<string, object?>(OperationTag, OperationNames[(int)operation]);
        if (_storageOperations.Enabled)
        {
            _storageOperations.Add(1, storage, op, new KeyValuePair<string, object?>(ResultTag, ResultNames[(int)result]));
        }

        if (_storageDuration.Enabled)
        {
            _storageDuration.Record(duration.TotalSeconds, storage, op);
        }
    }
}
