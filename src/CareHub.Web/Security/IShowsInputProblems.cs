using System.Globalization;
using System.Text;
using CareHub.Web.Accessibility;
using Microsoft.AspNetCore.Mvc;

namespace CareHub.Web.Security;

/// <summary>
/// A page that shows <see cref="PageInputFilter"/>'s problems on its own form instead of the filter's general
/// "The form has problems" page: the page marks each field in its <c>FormErrors</c>, keeps what was typed and renders
/// as its GET shows it. The handler does not run, so nothing is saved; the filter answers with status 400.
/// </summary>
public interface IShowsInputProblems
{
    Task<IActionResult> ShowInputProblemsAsync(InputProblems problems);
}

/// <summary>
/// What <see cref="PageInputFilter"/> refused in a page post: <see cref="Errors"/> by the name of the handler argument
/// or bound property (the name the form gives its input; an item of a list keeps only the list's name);
/// <see cref="Handler"/> is the handler the post was for (<c>Decide</c> for <c>OnPostDecideAsync</c>, null for
/// <c>OnPostAsync</c>) and <see cref="Arguments"/> the bound handler arguments, which say which of several forms
/// (a letter, an area) was sent.
/// </summary>
public sealed record InputProblems(string? Handler, IReadOnlyDictionary<string, string[]> Errors, IReadOnlyDictionary<string, object?> Arguments)
{
    /// <summary>A bound argument as its type, or the default when it is missing or of another type.</summary>
    public T? Argument<T>(string name) => Arguments.TryGetValue(name, out var value) && value is T typed ? typed : default;

    /// <summary>
    /// Adds the problems to a form's errors: each on the input the page names for its field (the field's name to the
    /// input's id and label), any other as a whole-form message that names the field in words; dates as the date
    /// fields show them.
    /// </summary>
    public FormErrors AddTo(FormErrors form, IReadOnlyDictionary<string, (string Id, string Label)> fields)
    {
        foreach (var (field, messages) in Errors)
        {
            var message = FormErrors.DatesAsShown(string.Join(" ", messages));
            if (fields.TryGetValue(field, out var input))
            {
                form.Add(input.Id, input.Label, message);
            }
            else
            {
                form.Add(null, null, $"{Words(field)}: {message}");
            }
        }

        return form;
    }

    /// <summary>The field a problem key is about: <c>populations[2]</c> and <c>items[0].topic</c> are about their list.</summary>
    public static string FieldOf(string key)
    {
        var end = key.IndexOfAny(['[', '.']);
        return end > 0 ? key[..end] : key;
    }

    /// <summary>A field's name as words: <c>serviceDate</c> is "Service date", <c>items[2].title</c> is "Items 3, title".</summary>
    public static string Words(string field)
    {
        var parts = field.Split('.').Select(part =>
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket >= 0 ? part[..bracket] : part;
            var words = new StringBuilder();
            for (var i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
                {
                    words.Append(' ');
                }

                words.Append(char.ToLowerInvariant(name[i]));
            }

            if (bracket >= 0 && int.TryParse(part[(bracket + 1)..].TrimEnd(']'), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                words.Append(' ').Append(index + 1);
            }

            return words.ToString();
        });
        var text = string.Join(", ", parts);
        return text.Length == 0 ? field : char.ToUpperInvariant(text[0]) + text[1..];
    }
}
