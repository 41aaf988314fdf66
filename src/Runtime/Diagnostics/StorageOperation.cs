namespace SessionGrains.Runtime.Diagnostics;

/// <summary>A grain storage operation, as a metric tag.</summary>
internal enum StorageOperation
{
    Read,
    Write,
    Clear,
}
