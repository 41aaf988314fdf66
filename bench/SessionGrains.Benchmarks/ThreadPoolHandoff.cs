namespace SessionGrains.Benchmarks;

/// <summary>
/// The least a call with the runtime's threading rules can cost: one work item queued to the thread pool completes a
/// task source whose continuations run asynchronously. No proxy, mailbox, timer or grain.
/// </summary>
internal sealed class ThreadPoolHandoff : IThreadPoolWorkItem
{
    private TaskCompletionSource<int>? _completion;

    public Task<int> RunAsync()
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _completion = completion;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        return completion.Task;
    }

    void IThreadPoolWorkItem.Execute() => _completion!.SetResult(1);
}
