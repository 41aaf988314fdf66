using System.Reflection;

namespace SessionGrains.Runtime.Invocation;

/// <summary>
/// The grain reference callers hold: a <see cref="DispatchProxy"/> that implements the grain interface and turns each
/// method call into a <see cref="GrainCall{TResult}"/>. Two references to one grain are equal.
/// </summary>
internal class GrainProxy : DispatchProxy
{
    private IGrainCallRouter _router = null!;

    /// <summary>The referenced grain.</summary>
    public GrainId GrainId { get; private set; }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainProxy other && other.GrainId == GrainId;

    /// <inheritdoc/>
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => GrainId.ToString();

    internal static TGrainInterface Create<TGrainInterface>(GrainId grainId, IGrainCallRouter router)
    {
        var proxy = Create<TGrainInterface, GrainProxy>();
        var grainProxy = (GrainProxy)(object)proxy!;
        grainProxy.GrainId = grainId;
        grainProxy._router = router;
        return proxy;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        GrainInterfaceMetadata.GetMethod(targetMethod!).Invoke(_router, GrainId, args ?? []);
}
