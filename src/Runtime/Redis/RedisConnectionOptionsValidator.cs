using Microsoft.Extensions.Options;

namespace SessionGrains.Runtime.Redis;

/// <summary>Rejects a Redis connection that cannot work.</summary>
internal sealed class RedisConnectionOptionsValidator : IValidateOptions<RedisConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisConnectionOptions options)
    {
        List<string>? failures = null;
        if (string.IsNullOrWhiteSpace(options.Configuration))
        {
            (failures ??= []).Add($"{nameof(RedisConnectionOptions)}.{nameof(options.Configuration)} is required: set {RedisConnectionOptions.SectionName}, for example to localhost:6379.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(RedisConnectionOptions)}.{nameof(options.ConnectTimeout)} must be positive.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(RedisConnectionOptions)}.{nameof(options.OperationTimeout)} must be positive.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
