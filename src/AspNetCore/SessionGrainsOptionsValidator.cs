using Microsoft.Extensions.Options;

namespace SessionGrains.AspNetCore;

/// <summary>Rejects front-end settings that cannot work.</summary>
internal sealed class SessionGrainsOptionsValidator : IValidateOptions<SessionGrainsOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionGrainsOptions options)
    {
        List<string>? failures = null;
        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(SessionGrainsOptions)}.{nameof(options.IdleTimeout)} must be positive.");
        }

        if (options.AbsoluteTimeout < options.IdleTimeout)
        {
            (failures ??= []).Add($"{nameof(SessionGrainsOptions)}.{nameof(options.AbsoluteTimeout)} must be at least {nameof(options.IdleTimeout)}.");
        }

        if (options.MaxSessionsPerUser < 0)
        {
            (failures ??= []).Add($"{nameof(SessionGrainsOptions)}.{nameof(options.MaxSessionsPerUser)} must be 0 (no limit) or more.");
        }

        if (string.IsNullOrWhiteSpace(options.CookieName) || options.CookieName.StartsWith("__", StringComparison.Ordinal))
        {
            (failures ??= []).Add($"{nameof(SessionGrainsOptions)}.{nameof(options.CookieName)} is required and must not carry a prefix; __Host- is added over HTTPS.");
        }

        if (options.CookieCacheLifetime < TimeSpan.Zero || options.CookieCacheSize < 1)
        {
            (failures ??= []).Add($"{nameof(SessionGrainsOptions)}.{nameof(options.CookieCacheLifetime)} must be zero (no cache) or more, and {nameof(options.CookieCacheSize)} at least 1.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
