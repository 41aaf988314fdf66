using SessionGrains.Runtime.Membership;

namespace SessionGrains.Cluster.Tests.Membership;

public sealed class SiloAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", 11111, 1795349999123)]
    [InlineData("silo-3.cluster.local", 1, 0)]
    [InlineData("::1", 65535, long.MaxValue)]
    [InlineData("fe80::1%eth0", 30000, 42)]
    public void Parse_ToStringOutput_RoundTrips(string host, int port, long generation)
    {
        var address = new SiloAddress(host, port, generation);

        var parsed = SiloAddress.Parse(address.ToString());

        Assert.Equal(address, parsed);
        Assert.Equal(address.ToString(), parsed.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:11111")]
    [InlineData("127.0.0.1@5")]
    [InlineData(":11111@5")]
    [InlineData("127.0.0.1:@5")]
    [InlineData("127.0.0.1:11111@")]
    [InlineData("127.0.0.1:-1@5")]
    [InlineData("127.0.0.1:99999999999@5")]
    [InlineData("127.0.0.1:11111@x")]
    [InlineData("127.0.0.1:11111@-5")]
    public void Parse_Malformed_ThrowsFormatException(string value) =>
        Assert.Throws<FormatException>(() => SiloAddress.Parse(value));

    [Fact]
    public void Equality_SamePortNewGeneration_IsAnotherSilo() =>
        Assert.NotEqual(new SiloAddress("127.0.0.1", 11111, 1), new SiloAddress("127.0.0.1", 11111, 2));
}
