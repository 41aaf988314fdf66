namespace SessionGrains.Runtime.Tests.Grains;

public sealed class CopyGrain : Grain, ICopyGrain
{
    private List<string> _items = [];
    private MutableBag? _bag;

    public Task<int> KeepAndAppendAsync(List<string> items)
    {
        items.Add("added-by-grain");
        _items = items;
        return Task.FromResult(items.Count);
    }

    public Task<List<string>> GetItemsAsync() => Task.FromResult(_items);

    public Task<int> CountItemsAsync() => Task.FromResult(_items.Count);

    public Task<MutableBag> KeepAndChangeBagAsync(MutableBag bag)
    {
        bag.Name = "changed-by-grain";
        bag.Values.Add(42);
        _bag = bag;
        return Task.FromResult(bag);
    }

    public Task<MutableBag?> GetBagAsync() => Task.FromResult(_bag);

    public Task<string> EchoStringAsync(string value) => Task.FromResult(value);

    public Task<ImmutablePayload> EchoPayloadAsync(ImmutablePayload payload) => Task.FromResult(payload);
}
