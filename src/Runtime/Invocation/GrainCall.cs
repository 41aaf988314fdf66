using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Serialization;

namespace SessionGrains.Runtime.Invocation;

/// <summary>
/// A call and its completion in one object: it is the caller's task source, the activation's work item, and (for remote
/// calls) what a response completes. Continuations run asynchronously so a caller never runs on an activation's turn.
/// </summary>
internal sealed class GrainCall<TResult> : TaskCompletionSource<TResult>, IGrainCall
{
    private ITimer? _timeout;
    private CancellationTokenRegistration _cancellation;

    public GrainCall(GrainMethod<TResult> method, GrainId target, object?[] arguments, CancellationToken cancellationToken)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        TypedMethod = method;
        Target = target;
        Arguments = arguments;
        CancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((GrainCall<TResult>)state!).Cancel(token), this);
        }
    }

    public GrainMethod<TResult> TypedMethod { get; }

    public GrainMethod Method => TypedMethod;

    public GrainId Target { get; }

    public object?[] Arguments { get; }

    public CancellationToken CancellationToken { get; }

    public bool IsCompleted => Task.IsCompleted;

    public TimeSpan Timeout { get; private set; } = System.Threading.Timeout.InfiniteTimeSpan;

    public Task Completion => ((Task)Task).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public bool IsInbound { get; init; }

    public bool IsWritten { get; set; }

    public void CompleteFromJson(ReadOnlySpan<byte> json) => Complete(JsonSerializer.Deserialize<TResult>(json, GrainSerializer.Options)!);

    public void WriteResult(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, Task.Result, GrainSerializer.Options);
    }

    public Exception? GetException() => Task.IsCanceled
        ? new TaskCanceledException(Task)
        : Task.Exception?.InnerException;

    public bool KeepsAlive => true;

    public bool IsCall => true;

    public void StartTimeout(TimeProvider timeProvider, TimeSpan timeout)
    {
        Timeout = timeout;
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan || Task.IsCompleted)
        {
            return;
        }

        _timeout = timeProvider.CreateTimer(static state => ((GrainCall<TResult>)state!).OnTimeout(), this, timeout, System.Threading.Timeout.InfiniteTimeSpan);
        if (Task.IsCompleted)
        {
            _timeout.Dispose();
        }
    }

    public async Task ExecuteAsync(GrainActivation activation)
    {
        if (Task.IsCompleted)
        {
            return;
        }

        try
        {
            var result = await TypedMethod.Invoker(activation.GrainInstance, Arguments);
            Complete(DeepCopier.Copy(result));
        }
        catch (Exception exception)
        {
            // The grain's state in memory is now ahead of, or beside, what is stored: drop the activation so the next
            // call reads the stored state, and a change whose write failed is not saved later by another turn.
            if (exception is InconsistentStateException)
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Its state was changed by another writer."));
            }
            else if (exception is GrainStorageException)
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "A write of its state failed."));
            }

            Fail(exception);
        }
    }

    public void Reject(Exception exception) => Fail(exception);

    public void Complete(object? result) => Complete((TResult)result!);

    public void Fail(Exception exception)
    {
        if (TrySetException(exception))
        {
            Release();
        }
    }

    private void Complete(TResult result)
    {
        if (TrySetResult(result))
        {
            Release();
        }
    }

    private void Cancel(CancellationToken token)
    {
        if (TrySetCanceled(token))
        {
            Release();
        }
    }

    private void OnTimeout() => Fail(ExceptionDispatchInfo.SetCurrentStackTrace(new GrainCallTimeoutException(
        $"Call to {Method.Method.DeclaringType?.Name}.{Method.Method.Name} on {Target} got no response within {Timeout}.")));

    private void Release()
    {
        _timeout?.Dispose();
        _cancellation.Dispose();
    }
}
