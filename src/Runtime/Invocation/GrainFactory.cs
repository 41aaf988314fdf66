namespace SessionGrains.Runtime.Invocation;

/// <summary>Creates grain references that send their calls through the process's router.</summary>
internal sealed class GrainFactory(IGrainCallRouter router) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var metadata = GrainInterfaceMetadata.Get(typeof(TGrainInterface));
        return GrainProxy.Create<TGrainInterface>(new GrainId(metadata.GrainType, key), router);
    }
}
