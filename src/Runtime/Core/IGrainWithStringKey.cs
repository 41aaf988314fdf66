namespace SessionGrains.Runtime;

/// <summary>
/// A grain addressed by a string key. Every method must return <see cref="Task"/>, <see cref="Task{TResult}"/>,
/// <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.
/// </summary>
public interface IGrainWithStringKey : IGrain
{
}
