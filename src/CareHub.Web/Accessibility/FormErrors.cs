namespace CareHub.Web.Accessibility;

/// <summary>
/// The errors of one form, in the order of its fields, each tied to the id of the field it is about. Pages fill it in
/// one pass, in plain words and in the format the field shows; <see cref="ErrorSummaryTagHelper"/>,
/// <see cref="FieldErrorTagHelper"/> and <see cref="InvalidFieldTagHelper"/> show it the same way everywhere.
/// </summary>
public sealed class FormErrors
{
    private readonly List<Entry> _entries = [];

    /// <summary>One message; <see cref="FieldId"/> is null for a message about the whole form.</summary>
    public sealed record Entry(string? FieldId, string? Label, string Message);

    public IReadOnlyList<Entry> Entries => _entries;

    public bool Any => _entries.Count > 0;

    public static string MessageId(string fieldId) => fieldId + "-error";

    public FormErrors Add(string? fieldId, string? label, string message)
    {
        var existing = _entries.FindIndex(e => fieldId is not null && e.FieldId == fieldId);
        if (existing >= 0)
        {
            _entries[existing] = _entries[existing] with { Message = _entries[existing].Message + " " + message };
        }
        else
        {
            _entries.Add(new Entry(fieldId, label, message));
        }

        return this;
    }

    /// <summary>
    /// Adds a use case's problems: each problem field name (as the API names it) mapped to the page's input id and
    /// label; a problem with no field, or a failure without field problems, becomes a whole-form message.
    /// </summary>
    public FormErrors AddProblems(IReadOnlyDictionary<string, string[]>? errors, string? message,
        IReadOnlyDictionary<string, (string Id, string Label)> fields, string fallback)
    {
        foreach (var (key, messages) in errors ?? new Dictionary<string, string[]>())
        {
            if (fields.TryGetValue(key, out var field))
            {
                Add(field.Id, field.Label, DatesAsShown(string.Join(" ", messages)));
            }
            else
            {
                Add(null, null, string.Join(" ", messages));
            }
        }

        if (errors is not { Count: > 0 })
        {
            Add(null, null, message ?? fallback);
        }

        return this;
    }

    /// <summary>Dates in a field's message written as date inputs show them (mm/dd/yyyy), not as the API writes them.</summary>
    public static string DatesAsShown(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\b(\d{4})-(\d{2})-(\d{2})\b", "$2/$3/$1", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>The message for a field, or null when the field is fine.</summary>
    public string? For(string fieldId) => _entries.FirstOrDefault(e => e.FieldId == fieldId)?.Message;

    /// <summary>The entries sorted in the order of <paramref name="fieldOrder"/>, whole-form messages first.</summary>
    public FormErrors OrderBy(IReadOnlyList<string> fieldOrder)
    {
        var sorted = _entries.OrderBy(e => e.FieldId is null ? -1 : IndexOr(fieldOrder, e.FieldId)).ToList();
        _entries.Clear();
        _entries.AddRange(sorted);
        return this;
    }

    /// <summary>One problem of a rejected file: its line (an X12 file's segment number), the column (or the segment)
    /// and why; <see cref="Line"/> is null for a problem of the whole file.</summary>
    public sealed record FileProblem(int? Line, string? Column, string Reason);

    /// <summary>A file that was not saved, with every problem found in it; the summary shows them as a table.</summary>
    public sealed record RejectedFile(string FieldId, string FileName, bool Segments, IReadOnlyList<FileProblem> Problems);

    private readonly List<RejectedFile> _files = [];

    public IReadOnlyList<RejectedFile> Files => _files;

    /// <summary>
    /// A rejected file: one message on its field (the problem itself when there is one, else how many) and the
    /// file's problems for the summary's table. <paramref name="segments"/> says the file is X12, located by segment.
    /// </summary>
    public FormErrors AddFile(string fieldId, string label, string fileName, IReadOnlyList<FileProblem> problems, bool segments = false)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? "the file" : fileName;
        var message = problems.Count switch
        {
            0 => $"Nothing in {name} was saved. Fix it and send it again.",
            1 => $"Nothing in {name} was saved: {Where(problems[0], segments)}{Sentence(problems[0].Reason)} Fix it and send the whole file again.",
            _ => $"Nothing in {name} was saved: it has {problems.Count:N0} problems, listed in the table at the top of the page. Fix them and send the whole file again.",
        };
        Add(fieldId, label, message);
        _files.Add(new RejectedFile(fieldId, name, segments, problems));
        return this;
    }

    /// <summary>Where a file problem is, as a person says it ("line 3, column from: ").</summary>
    public static string Where(FileProblem problem, bool segments)
    {
        var line = problem.Line is { } n ? (segments ? $"segment {n}" : $"line {n}") : null;
        var column = string.IsNullOrWhiteSpace(problem.Column) ? null : (segments ? $"({problem.Column})" : $"column {problem.Column}");
        return (line, column) switch
        {
            (null, null) => "",
            (null, _) => $"{column}: ",
            (_, null) => $"{line}: ",
            _ => segments ? $"{line} {column}: " : $"{line}, {column}: ",
        };
    }

    /// <summary>A reason as a sentence, ending with one full stop.</summary>
    public static string Sentence(string reason) => reason.TrimEnd().TrimEnd('.') + ".";

    private static int IndexOr(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return list.Count;
    }
}
