namespace SessionGrains.Runtime;

/// <summary>Creates references to grains. A reference is cheap, needs no I/O, and the grain always exists logically.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with <paramref name="key"/>.</summary>
    /// <remarks>
    /// Creating a reference never fails for a missing grain class, since a client holds no grain classes; a call on a
    /// silo where none is registered fails with <see cref="InvalidOperationException"/> naming the grain type.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="TGrainInterface"/> is not a valid grain interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
