namespace SessionGrains.Runtime.Messaging;

/// <summary>A call that arrived from another process was not run here because the grain is not this silo's; the caller retries.</summary>
internal sealed class NotOwnerException() : Exception("The grain is not owned by this silo.");
