using Microsoft.Extensions.Options;

namespace SessionGrains.Runtime.Hosting;

/// <summary>Rejects call settings that cannot work.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options) =>
        options.ResponseTimeout <= TimeSpan.Zero && options.ResponseTimeout != Timeout.InfiniteTimeSpan
            ? ValidateOptionsResult.Fail($"{nameof(GrainRuntimeOptions)}.{nameof(options.ResponseTimeout)} must be positive or Timeout.InfiniteTimeSpan.")
            : ValidateOptionsResult.Success;
}
