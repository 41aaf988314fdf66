namespace SessionGrains.Runtime.Activations;

/// <summary>
/// Carries the activation to the <see cref="Grain"/> constructor, so grain classes need no runtime parameter, as in
/// Orleans. Constructors run synchronously on one thread, hence a thread-static.
/// </summary>
internal readonly struct GrainConstructionScope : IDisposable
{
    [ThreadStatic]
    private static IGrainContext? t_current;

    private readonly IGrainContext? _previous;

    public GrainConstructionScope(IGrainContext context)
    {
        _previous = t_current;
        t_current = context;
    }

    public static IGrainContext? Current => t_current;

    public void Dispose() => t_current = _previous;
}
