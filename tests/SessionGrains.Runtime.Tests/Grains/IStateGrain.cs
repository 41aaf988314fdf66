namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-state")]
public interface IStateGrain : IGrainWithStringKey
{
    /// <summary>Sets the value and the record's expiry, and writes the state.</summary>
    Task SetAsync(string value, DateTimeOffset? expiresAt);

    /// <summary>Sets the value in memory only; <c>OnDeactivateAsync</c> writes it.</summary>
    Task SetOnDeactivationAsync(string value);

    Task<string?> GetAsync();

    Task<DateTimeOffset?> GetExpiresAtAsync();

    Task ClearAsync();
}
