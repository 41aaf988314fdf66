namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>
/// Marks set by a caller around a grain call: one on its thread, cleared as soon as the call returns, and one in its
/// execution context. A turn that sees the thread mark ran on the caller's thread while the caller was still calling.
/// </summary>
public static class CallerMark
{
    private static readonly AsyncLocal<bool> s_context = new();

    [ThreadStatic]
    private static bool t_thread;

    public static ProbeReport Read() => new(t_thread, s_context.Value);

    /// <summary>Starts <paramref name="call"/> with both marks set, clearing the thread mark once it returns.</summary>
    public static Task<T> Call<T>(Func<Task<T>> call)
    {
        t_thread = true;
        s_context.Value = true;
        try
        {
            return call();
        }
        finally
        {
            t_thread = false;
            s_context.Value = false;
        }
    }
}
