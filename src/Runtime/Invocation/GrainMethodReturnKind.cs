namespace SessionGrains.Runtime.Invocation;

/// <summary>The awaitable a grain method returns.</summary>
internal enum GrainMethodReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
