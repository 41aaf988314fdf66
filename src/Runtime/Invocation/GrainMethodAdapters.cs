namespace SessionGrains.Runtime.Invocation;

/// <summary>Adapts each supported return type to <c>Task&lt;TResult&gt;</c>, named after <see cref="GrainMethodReturnKind"/>.</summary>
internal static class GrainMethodAdapters
{
    private static readonly Task<object?> s_completed = System.Threading.Tasks.Task.FromResult<object?>(null);

    public static Task<object?> Task(Task task) =>
        task.IsCompletedSuccessfully ? s_completed : AwaitAsync(task);

    public static Task<T> TaskOfT<T>(Task<T> task) => task;

    public static Task<object?> ValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? s_completed : AwaitAsync(task.AsTask());

    public static Task<T> ValueTaskOfT<T>(ValueTask<T> task) => task.AsTask();

    private static async Task<object?> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }
}
