using System.Runtime.ExceptionServices;
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
    private TimeSpan _timeoutValue;
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

    public bool KeepsAlive => true;

    public bool IsCall => true;

    public void StartTimeout(TimeProvider timeProvider, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan || Task.IsCompleted)
        {
            return;
        }

        _timeoutValue = timeout;
        _timeout = timeProvider.CreateTimer(static state => ((GrainCall<TResult>)state!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
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
            if (exception is InconsistentStateException)
            {
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Its state was changed by another writer."));
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
        $"Call to {Method.Method.DeclaringType?.Name}.{Method.Method.Name} on {Target} got no response within {_timeoutValue}.")));

    private void Release()
    {
        _timeout?.Dispose();
        _cancellation.Dispose();
    }
}
