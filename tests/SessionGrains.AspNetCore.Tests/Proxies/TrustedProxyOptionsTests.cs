using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionGrains.AspNetCore.Tests.Proxies;

/// <summary><c>SessionGrains:ForwardedHeaders</c>: an address or network that does not parse fails at start, naming its key.</summary>
public sealed class TrustedProxyOptionsTests
{
    [Theory]
    [InlineData("KnownProxies:0", "proxy.internal")]
    [InlineData("KnownProxies:0", "10.0.0")]
    [InlineData("KnownProxies:0", "10")]
    [InlineData("KnownProxies:0", "10.0.0.0/8")]
    [InlineData("KnownNetworks:0", "10.0.0.0")]
    [InlineData("KnownNetworks:0", "10.0.0.1/8")]
    [InlineData("KnownNetworks:0", "10.0.0.0/33")]
    public async Task AddSessionGrains_WithBadProxySetting_FailsAtStartNamingTheKey(string key, string value)
    {
        // Arrange
        var fullKey = "SessionGrains:ForwardedHeaders:" + key;

        // Act
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            builder =>
            {
                builder.Configuration[fullKey] = value;
                builder.Services.AddSessionGrains(builder.Configuration);
            },
            app => app.UseSessionGrains()));

        // Assert
        Assert.Contains($"{fullKey} '{value}'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KnownProxies:0", "172.30.0.10")]
    [InlineData("KnownProxies:0", "fd00::10")]
    [InlineData("KnownNetworks:0", "172.30.0.0/24")]
    [InlineData("KnownNetworks:0", "fd00::/64")]
    public async Task AddSessionGrains_WithGoodProxySetting_Starts(string key, string value)
    {
        // Act
        await using var app = await TestApp.StartAsync(
            builder =>
            {
                builder.Configuration["SessionGrains:ForwardedHeaders:" + key] = value;
                builder.Services.AddSessionGrains(builder.Configuration);
            },
            app => app.UseSessionGrains());

        // Assert
        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.Equal(1, options.KnownProxies.Count + options.KnownIPNetworks.Count);
    }
}
