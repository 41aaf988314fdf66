using Microsoft.Extensions.Options;

namespace SessionGrains.Runtime.Activations;

/// <summary>Rejects collection settings that cannot work.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        List<string>? failures = null;
        if (options.CollectionAge <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(GrainCollectionOptions)}.{nameof(options.CollectionAge)} must be positive.");
        }

        if (options.CollectionQuantum <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(GrainCollectionOptions)}.{nameof(options.CollectionQuantum)} must be positive.");
        }

        if (options.DeactivationTimeout <= TimeSpan.Zero)
        {
            (failures ??= []).Add($"{nameof(GrainCollectionOptions)}.{nameof(options.DeactivationTimeout)} must be positive.");
        }

        foreach (var (type, age) in options.ClassSpecificCollectionAge)
        {
            if (age <= TimeSpan.Zero)
            {
                (failures ??= []).Add($"{nameof(GrainCollectionOptions)}.{nameof(options.ClassSpecificCollectionAge)}[{type}] must be positive.");
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
