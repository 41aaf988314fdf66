namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-copy")]
public interface ICopyGrain : IGrainWithStringKey
{
    /// <summary>Appends an item to the list it got, keeps that list, and returns its count.</summary>
    Task<int> KeepAndAppendAsync(List<string> items);

    /// <summary>Returns the list the grain keeps.</summary>
    Task<List<string>> GetItemsAsync();

    Task<int> CountItemsAsync();

    /// <summary>Renames the bag it got and adds a value, keeps it, and returns it.</summary>
    Task<MutableBag> KeepAndChangeBagAsync(MutableBag bag);

    Task<MutableBag?> GetBagAsync();

    Task<string> EchoStringAsync(string value);

    Task<ImmutablePayload> EchoPayloadAsync(ImmutablePayload payload);
}
