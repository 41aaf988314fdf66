namespace SessionGrains.Runtime;

/// <summary>
/// Marks a grain interface method as safe to run more than once. If the silo running it is lost mid-call, the runtime
/// retries it on the grain's new owner instead of failing with <see cref="SiloUnavailableException"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
}
