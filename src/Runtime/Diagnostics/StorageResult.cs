namespace SessionGrains.Runtime.Diagnostics;

/// <summary>How a grain storage operation ended, as a metric tag.</summary>
internal enum StorageResult
{
    Success,
    Conflict,
    Failure,
}
