using Microsoft.Extensions.Options;

namespace SessionGrains.Runtime.Membership;

/// <summary>Rejects cluster settings that cannot work, such as a death timeout shorter than two heartbeats.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        List<string>? failures = null;
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            (failures ??= []).Add($"{nameof(ClusterOptions)}.{nameof(options.ClusterId)} is required.");
        }

        if (options.HeartbeatPeriod <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(ClusterOptions)}.{nameof(options.HeartbeatPeriod)} must be positive.");
        }

        if (options.DeathTimeout < 2 * options.HeartbeatPeriod)
        {
            (failures ??= []).Add($"{nameof(ClusterOptions)}.{nameof(options.DeathTimeout)} must be at least two heartbeat periods ({2 * options.HeartbeatPeriod}).");
        }

        if (options.RefreshPeriod <= TimeSpan.Zero || options.HandoverTimeout <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(ClusterOptions)}.{nameof(options.RefreshPeriod)} and {nameof(options.HandoverTimeout)} must be positive.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
