using System.Buffers;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using SessionGrains.Runtime.Serialization;

namespace SessionGrains.Runtime.Invocation;

/// <summary>
/// A grain interface method: how a proxy turns an invocation into a <see cref="GrainCall{TResult}"/>, and how an
/// activation invokes it on the grain. Methods without a result use <see cref="object"/> and complete with null.
/// </summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo method, GrainMethodReturnKind returnKind)
    {
        Method = method;
        ReturnKind = returnKind;
        var parameters = method.GetParameters();
        ParameterTypes = parameters.Select(p => p.ParameterType).ToArray();
        CancellationTokenIndex = Array.IndexOf(ParameterTypes, typeof(CancellationToken));
        ArgumentsAreImmutable = ParameterTypes.All(DeepCopier.IsImmutable);
        IsIdempotent = method.IsDefined(typeof(IdempotentAttribute), inherit: false);
        Signature = $"{method.DeclaringType?.FullName}.{method.Name}({string.Join(",", ParameterTypes.Select(t => t.FullName))})";
        Id = ComputeId(Signature);
    }

    /// <summary>A stable id for the wire: FNV-1a of <see cref="Signature"/>.</summary>
    public int Id { get; }

    /// <summary><c>Namespace.IFoo.Method(ParamType,...)</c>.</summary>
    public string Signature { get; }

    public bool IsIdempotent { get; }

    public MethodInfo Method { get; }

    public GrainMethodReturnKind ReturnKind { get; }

    public Type[] ParameterTypes { get; }

    public int CancellationTokenIndex { get; }

    public bool ArgumentsAreImmutable { get; }

    /// <summary>Makes the call a proxy's invocation stands for and returns the awaitable the interface promises.</summary>
    public abstract object Invoke(IGrainCallRouter router, GrainId target, object?[] arguments);

    /// <summary>Makes a call that arrived from another process; its arguments are already its own.</summary>
    public abstract IGrainCall CreateInboundCall(GrainId target, object?[] arguments, CancellationToken cancellationToken);

    /// <summary>Writes the arguments as a JSON array, each by its declared type; cancellation tokens travel as null.</summary>
    public void WriteArguments(IBufferWriter<byte> output, object?[] arguments)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartArray();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i == CancellationTokenIndex)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, arguments[i], ParameterTypes[i], GrainSerializer.Options);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads what <see cref="WriteArguments"/> wrote; <paramref name="cancellationToken"/> takes the token's place.</summary>
    /// <exception cref="JsonException">The payload is not an array of this method's arguments.</exception>
    public object?[] ReadArguments(ReadOnlySpan<byte> json, CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(json);
        var arguments = new object?[ParameterTypes.Length];
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"The arguments of {Signature} must be a JSON array.");
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException($"{Signature} takes {arguments.Length} arguments; fewer arrived.");
            }

            arguments[i] = i == CancellationTokenIndex ? cancellationToken : JsonSerializer.Deserialize(ref reader, ParameterTypes[i], GrainSerializer.Options);
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"{Signature} takes {arguments.Length} arguments; more arrived.");
        }

        return arguments;
    }

    private static int ComputeId(string signature)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(signature))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)hash;
    }

    public object?[] CopyArguments(object?[] arguments)
    {
        if (ArgumentsAreImmutable)
        {
            return arguments;
        }

        var copy = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            copy[i] = DeepCopier.Copy(arguments[i], ParameterTypes[i]);
        }

        return copy;
    }

    public static GrainMethod Create(MethodInfo method)
    {
        var name = $"{method.DeclaringType?.FullName}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            throw new InvalidOperationException($"Grain method {name} is generic; grain methods cannot be.");
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            throw new InvalidOperationException($"Grain method {name} has a ref or out parameter; grain methods cannot.");
        }

        var returnType = method.ReturnType;
        var (kind, resultType) = returnType switch
        {
            _ when returnType == typeof(Task) => (GrainMethodReturnKind.Task, typeof(object)),
            _ when returnType == typeof(ValueTask) => (GrainMethodReturnKind.ValueTask, typeof(object)),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(Task<>) => (GrainMethodReturnKind.TaskOfT, returnType.GetGenericArguments()[0]),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) => (GrainMethodReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]),
            _ => throw new InvalidOperationException(
                $"Grain method {name} returns {returnType.Name}; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>."),
        };

        return (GrainMethod)Activator.CreateInstance(typeof(GrainMethod<>).MakeGenericType(resultType), method, kind)!;
    }

    /// <summary>Compiles <c>(grain, args) =&gt; ((IFoo)grain).Method((T0)args[0], ...)</c>, adapted to <c>Task&lt;TResult&gt;</c>.</summary>
    protected static Func<object, object?[], Task<TResult>> CompileInvoker<TResult>(MethodInfo method, GrainMethodReturnKind kind)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            method.GetParameters().Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        var adapter = typeof(GrainMethodAdapters).GetMethod(kind.ToString())!;
        if (adapter.IsGenericMethodDefinition)
        {
            adapter = adapter.MakeGenericMethod(typeof(TResult));
        }

        var body = Expression.Call(adapter, call);
        return Expression.Lambda<Func<object, object?[], Task<TResult>>>(body, grain, args).Compile();
    }
}
