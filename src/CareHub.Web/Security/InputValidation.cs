using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using CareHub.Common;

namespace CareHub.Web.Security;

/// <summary>
/// Holds every JSON API argument (query values and JSON bodies, walked into nested records and lists) to
/// <see cref="InputRules"/>: dates in range, free text no longer than <see cref="InputRules.MaxTextLength"/> (or the
/// property's <see cref="MaxLengthAttribute"/>), numbers of a size CareHub stores. A request that breaks a rule is
/// answered 400 problem+json naming each field before the endpoint runs.
/// </summary>
public static class InputValidation
{
    /// <summary>The largest quantity or amount CareHub stores.</summary>
    public const decimal MaxNumber = 1_000_000_000m;

    private const int MaxDepth = 6;

    /// <summary>Each input record type's readable properties, with their JSON names and length limits; null for a
    /// type that is not one of CareHub's input records. Found once per type, not on every request.</summary>
    private static readonly ConcurrentDictionary<Type, Field[]?> _fields = new();

    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters()
            .Select((p, i) => (Parameter: p, Index: i))
            .Where(x => Checked(x.Parameter.ParameterType))
            .Select(x => (x.Index, Field: IsScalar(x.Parameter.ParameterType) ? x.Parameter.Name ?? "value" : "", MaxLength: x.Parameter.GetCustomAttribute<MaxLengthAttribute>()?.Length))
            .ToArray();
        if (parameters.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (index, field, maxLength) in parameters)
            {
                if (index < invocation.Arguments.Count)
                {
                    Check(invocation.Arguments[index], field, maxLength, errors, 0);
                }
            }

            return errors.Count == 0
                ? await next(invocation)
                : TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        };
    }

    /// <summary>Adds each problem of <paramref name="value"/> (and what it contains) under its JSON field name.</summary>
    public static void Check(object? value, string field, int? maxLength, Dictionary<string, List<string>> errors, int depth)
    {
        string? problem = value switch
        {
            null => null,
            string s => InputRules.TextProblem(s, maxLength ?? InputRules.MaxTextLength),
            DateOnly d => InputRules.DateProblem(d),
            DateTimeOffset at => InputRules.DateProblem(at),
            DateTime at => InputRules.DateProblem(at),
            decimal n when Math.Abs(n) > MaxNumber => $"At most {MaxNumber:N0}.",
            double n when double.IsNaN(n) || double.IsInfinity(n) || Math.Abs(n) > (double)MaxNumber => $"At most {MaxNumber:N0}.",
            _ => null,
        };
        if (problem is not null)
        {
            var key = field.Length == 0 ? "body" : field;
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(problem);
            return;
        }

        if (value is null || depth >= MaxDepth || IsScalar(value.GetType()))
        {
            return;
        }

        if (value is IDictionary map)
        {
            foreach (DictionaryEntry entry in map)
            {
                var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Check(key, $"{field}.{key}", 200, errors, depth + 1);
                Check(entry.Value, $"{field}.{key}", null, errors, depth + 1);
            }

            return;
        }

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Check(item, $"{field}[{i++}]", null, errors, depth + 1);
            }

            return;
        }

        if (_fields.GetOrAdd(value.GetType(), FieldsOf) is not { } fields)
        {
            return;
        }

        foreach (var f in fields)
        {
            Check(f.Property.GetValue(value), field.Length == 0 ? f.Name : $"{field}.{f.Name}", f.MaxLength, errors, depth + 1);
        }
    }

    private sealed record Field(PropertyInfo Property, string Name, int? MaxLength);

    private static Field[]? FieldsOf(Type type) => !IsOurs(type) ? null : type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
        .Select(p => new Field(p, JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.GetCustomAttribute<MaxLengthAttribute>()?.Length))
        .ToArray();

    private static bool Checked(Type type) => IsScalar(type) ? Underlying(type) is var u && (u == typeof(string) || u == typeof(DateOnly) || u == typeof(DateTimeOffset) || u == typeof(DateTime) || u == typeof(decimal) || u == typeof(double)) : IsOurs(ElementOf(type));

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static bool IsScalar(Type type)
    {
        var t = Underlying(type);
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTimeOffset)
            || t == typeof(DateTime) || t == typeof(Guid) || t == typeof(TimeOnly) || t == typeof(TimeSpan);
    }

    private static Type ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()! : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : type;

    /// <summary>CareHub's own input records (not services, contexts or framework types).</summary>
    private static bool IsOurs(Type type) =>
        type.Namespace?.StartsWith("CareHub", StringComparison.Ordinal) == true && type.GetMethod("<Clone>$") is not null;
}
