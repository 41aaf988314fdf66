namespace SessionGrains.Runtime.Messaging;

/// <summary>
/// Carries a grain's exception across the wire as its type name and message. The caller gets the same exception type
/// when it is an <see cref="Exception"/> with a message constructor that this process can load; otherwise a
/// <see cref="SessionGrainsException"/> naming the remote type.
/// </summary>
internal static class RemoteExceptions
{
    public static string GetTypeName(Exception exception) => exception.GetType().AssemblyQualifiedName ?? exception.GetType().FullName ?? "Exception";

    public static Exception Create(string typeName, string message)
    {
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && type.GetConstructor([typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([message]);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                // Fall through to the generic form.
            }
        }

        return new SessionGrainsException($"{typeName.Split(',')[0]}: {message}");
    }
}
