namespace SessionGrains.Runtime.Activations;

/// <summary>A grain class registered with <c>AddGrain&lt;TGrain&gt;()</c>; collected into the <see cref="GrainTypeRegistry"/>.</summary>
internal sealed record GrainClassRegistration(Type GrainClass);
