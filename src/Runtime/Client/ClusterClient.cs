
namespace SessionGrains.Runtime.Client;

/// <inheritdoc cref="IClusterClient"/>
internal sealed class ClusterClient(IGrainFactory grainFactory) : IClusterClient
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey => grainFactory.GetGrain<TGrainInterface>(key);
}
