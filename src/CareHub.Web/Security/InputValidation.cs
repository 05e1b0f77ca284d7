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

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> _properties = new();

    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters()
            .Select((p, i) => (Parameter: p, Index: i))
            .Where(x => Checked(x.Parameter.ParameterType))
            .ToList();
        if (parameters.Count == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (parameter, index) in parameters)
            {
                if (index < invocation.Arguments.Count)
                {
                    var isBody = !IsScalar(parameter.ParameterType);
                    Check(invocation.Arguments[index], isBody ? "" : parameter.Name ?? "value", parameter.GetCustomAttribute<MaxLengthAttribute>()?.Length, errors, 0);
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

        if (!IsOurs(value.GetType()))
        {
            return;
        }

        foreach (var property in _properties.GetOrAdd(value.GetType(), Readable))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Check(property.GetValue(value), field.Length == 0 ? name : $"{field}.{name}", property.GetCustomAttribute<MaxLengthAttribute>()?.Length, errors, depth + 1);
        }
    }

    private static PropertyInfo[] Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray();

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
