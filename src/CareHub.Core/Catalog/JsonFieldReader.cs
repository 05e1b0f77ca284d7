using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CareHub.Catalog;

/// <summary>
/// Reads typed fields from a parsed catalog file and records a <see cref="CatalogError"/> naming the file, the
/// current entry and the field path for everything wrong. Readers return null for a missing or bad value; callers
/// keep going so one load reports every problem.
/// </summary>
internal sealed partial class JsonFieldReader(string file, List<CatalogError> errors)
{
    public string File { get; } = file;

    /// <summary>The code of the entry being read (null at file level).</summary>
    public string? Entry { get; set; }

    public int ErrorCount => errors.Count;

    public void Error(string? field, string message) => errors.Add(new CatalogError(File, Entry, string.IsNullOrEmpty(field) ? null : field, message));

    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Item(string path, int index) => $"{path}[{index}]";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    public bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, "must be an object");
        return false;
    }

    /// <summary>Reports fields that are not in <paramref name="known"/> and fields given twice.</summary>
    public void RejectUnknownFields(JsonElement obj, string path, IReadOnlyCollection<string> known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                Error(Child(path, property.Name), "is given more than once");
            }
            else if (!known.Contains(property.Name))
            {
                Error(Child(path, property.Name), $"unknown field (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    private bool TryGet(JsonElement obj, string path, string name, bool required, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Error(Child(path, name), "is required");
        }

        return false;
    }

    public string? String(JsonElement obj, string path, string name, bool required = true)
    {
        if (!TryGet(obj, path, name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(Child(path, name), "must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(Child(path, name), "must not be empty");
            return null;
        }

        return text;
    }

    /// <summary>A lower-case kebab-case code such as <c>housing-deposits</c>.</summary>
    public string? Code(JsonElement obj, string path, string name, bool required = true)
    {
        var text = String(obj, path, name, required);
        if (text is not null && !KebabCase().IsMatch(text))
        {
            Error(Child(path, name), $"'{text}' must be lower-case kebab-case, like 'housing-deposits'");
            return null;
        }

        return text;
    }

    /// <summary>One of <paramref name="allowed"/> (case-sensitive).</summary>
    public string? OneOf(JsonElement obj, string path, string name, IReadOnlyCollection<string> allowed, bool required = true)
    {
        var text = String(obj, path, name, required);
        if (text is not null && !allowed.Contains(text))
        {
            Error(Child(path, name), $"'{text}' is not one of: {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    public T? Enum<T>(JsonElement obj, string path, string name, IReadOnlyDictionary<string, T> values, bool required = true)
        where T : struct
    {
        var text = OneOf(obj, path, name, values.Keys.ToList(), required);
        return text is null ? null : values[text];
    }

    public DateOnly? Date(JsonElement obj, string path, string name, bool required = true)
    {
        var text = String(obj, path, name, required);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Error(Child(path, name), $"'{text}' is not a valid date (use YYYY-MM-DD)");
            return null;
        }

        return date;
    }

    public int? Int(JsonElement obj, string path, string name, int min, int max = int.MaxValue, bool required = true)
    {
        if (!TryGet(obj, path, name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Error(Child(path, name), "must be a whole number");
            return null;
        }

        if (number < min || number > max)
        {
            Error(Child(path, name), max == int.MaxValue ? $"must be at least {min}" : $"must be between {min} and {max}");
            return null;
        }

        return number;
    }

    public decimal? PositiveNumber(JsonElement obj, string path, string name)
    {
        if (!TryGet(obj, path, name, true, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number <= 0)
        {
            Error(Child(path, name), "must be a positive number");
            return null;
        }

        return number;
    }

    public bool? Bool(JsonElement obj, string path, string name, bool required = true)
    {
        if (!TryGet(obj, path, name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(Child(path, name), "must be true or false");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>
    /// An array of strings. <paramref name="check"/> returns an error message for a bad item, or null.
    /// A missing optional list reads as empty.
    /// </summary>
    public List<string>? Strings(JsonElement obj, string path, string name, bool required = true, bool allowEmpty = false, Func<string, string?>? check = null)
    {
        var field = Child(path, name);
        if (!TryGet(obj, path, name, required, out var value))
        {
            return required ? null : [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(field, "must be an array of strings");
            return null;
        }

        if (!allowEmpty && value.GetArrayLength() == 0)
        {
            Error(field, "must not be empty");
            return null;
        }

        var items = new List<string>();
        var ok = true;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemField = Item(field, index++);
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                Error(itemField, "must be a non-empty string");
                ok = false;
                continue;
            }

            var text = item.GetString()!;
            if (check?.Invoke(text) is { } problem)
            {
                Error(itemField, problem);
                ok = false;
                continue;
            }

            if (items.Contains(text, StringComparer.Ordinal))
            {
                Error(itemField, $"'{text}' is listed twice");
                ok = false;
                continue;
            }

            items.Add(text);
        }

        return ok ? items : null;
    }

    /// <summary>
    /// An array of objects read by <paramref name="read"/> (which gets the element and its path). Returns null when
    /// the array or any item is bad. A missing optional array reads as empty.
    /// </summary>
    public List<T>? Objects<T>(JsonElement obj, string path, string name, Func<JsonElement, string, T?> read, bool required = true, bool allowEmpty = false)
        where T : class
    {
        var field = Child(path, name);
        if (!TryGet(obj, path, name, required, out var value))
        {
            return required ? null : [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(field, "must be an array");
            return null;
        }

        if (!allowEmpty && value.GetArrayLength() == 0)
        {
            Error(field, "must not be empty");
            return null;
        }

        var items = new List<T>();
        var ok = true;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = Item(field, index++);
            var before = ErrorCount;
            var result = IsObject(item, itemPath) ? read(item, itemPath) : null;
            if (result is null || ErrorCount > before)
            {
                ok = false;
                continue;
            }

            items.Add(result);
        }

        return ok ? items : null;
    }
}
