namespace SessionGrains.Grains.Calls;

/// <summary>
/// Marks a grain interface method that may run more than once with the effect of running once. Orleans has no such
/// marker; <see cref="IdempotentRetryFilter"/> retries calls to these methods when a silo fails mid-call.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class IdempotentAttribute : Attribute
{
}
