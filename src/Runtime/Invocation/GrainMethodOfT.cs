using System.Reflection;

namespace SessionGrains.Runtime.Invocation;

/// <summary>A grain method whose awaitable yields <typeparamref name="TResult"/>.</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    public GrainMethod(MethodInfo method, GrainMethodReturnKind returnKind) : base(method, returnKind)
    {
        Invoker = CompileInvoker<TResult>(method, returnKind);
    }

    public Func<object, object?[], Task<TResult>> Invoker { get; }

    public override IGrainCall CreateInboundCall(GrainId target, object?[] arguments, CancellationToken cancellationToken) =>
        new GrainCall<TResult>(this, target, arguments, cancellationToken) { IsInbound = true };

    public override object Invoke(IGrainCallRouter router, GrainId target, object?[] arguments)
    {
        var cancellationToken = CancellationTokenIndex >= 0 ? (CancellationToken)arguments[CancellationTokenIndex]! : default;
        var call = new GrainCall<TResult>(this, target, CopyArguments(arguments), cancellationToken);
        router.Send(call);
        return ReturnKind switch
        {
            GrainMethodReturnKind.ValueTask => new ValueTask(call.Task),
            GrainMethodReturnKind.ValueTaskOfT => new ValueTask<TResult>(call.Task),
            _ => call.Task,
        };
    }
}
