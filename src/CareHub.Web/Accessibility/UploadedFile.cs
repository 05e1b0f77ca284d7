using System.Globalization;
using CareHub.Common;
using CareHub.Exchange;
using CareHub.Web.Features.Exchange;

namespace CareHub.Web.Accessibility;

/// <summary>
/// Reads a file sent with a page form and says, on the file's field, why it cannot be used: none chosen, empty, over
/// the size limit, or not a text file (a spreadsheet, a PDF, an image...). A rejected file's problems, as a use case
/// names them in its <see cref="Outcome{T}"/>, become rows of the summary's table (<see cref="ProblemsOf{T}"/>).
/// </summary>
public static class UploadedFile
{
    /// <summary>A file field: its id and label, what it takes as said to the user ("invoice CSV", "X12 834") and whether
    /// that is a CSV file, for the messages.</summary>
    public sealed record Field(string Id, string Label, string Kind, long MaxBytes, bool Csv = true);

    /// <summary>Kinds of file people pick by mistake, with what they are.</summary>
    private static readonly Dictionary<string, string> _notText = new(StringComparer.OrdinalIgnoreCase)
    {
        [".xlsx"] = "a spreadsheet",
        [".xls"] = "a spreadsheet",
        [".ods"] = "a spreadsheet",
        [".numbers"] = "a spreadsheet",
        [".pdf"] = "a PDF document",
        [".doc"] = "a document",
        [".docx"] = "a document",
        [".odt"] = "a document",
        [".rtf"] = "a document",
        [".zip"] = "a compressed archive",
        [".gz"] = "a compressed archive",
        [".7z"] = "a compressed archive",
        [".png"] = "an image",
        [".jpg"] = "an image",
        [".jpeg"] = "an image",
        [".gif"] = "an image",
        [".heic"] = "an image",
    };

    /// <summary>The file's text, or null after adding the reason to <paramref name="errors"/> under the field.</summary>
    public static async Task<string?> ReadAsync(IFormFile? file, Field field, FormErrors errors, CancellationToken ct)
    {
        if (file is null || (file.Length == 0 && string.IsNullOrWhiteSpace(file.FileName)))
        {
            errors.Add(field.Id, field.Label, $"Choose the {field.Kind} file to upload.");
            return null;
        }

        var name = Path.GetFileName(file.FileName);
        if (file.Length == 0)
        {
            errors.Add(field.Id, field.Label, $"{name} is empty. Check that you chose the right file.");
            return null;
        }

        if (file.Length > field.MaxBytes)
        {
            errors.Add(field.Id, field.Label, $"{name} is larger than {Megabytes(field.MaxBytes)} MB; split it and upload the parts one at a time.");
            return null;
        }

        if (_notText.TryGetValue(Path.GetExtension(name), out var what))
        {
            errors.Add(field.Id, field.Label, $"{name} is {what}. {SaveAs(field)}");
            return null;
        }

        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, ct);
        }

        // A NUL byte is never in a text file; it is in every spreadsheet, PDF, image and archive.
        if (Array.IndexOf(buffer.GetBuffer(), (byte)0, 0, (int)buffer.Length) >= 0)
        {
            errors.Add(field.Id, field.Label, $"{name} is not a text file. {SaveAs(field)}");
            return null;
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    private static string SaveAs(Field field) => field.Csv
        ? "Save it as CSV (comma separated values) and upload that."
        : $"Choose the {field.Kind} file as your system wrote it.";

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>
    /// The problems a rejected file's outcome names: an X12 file's segment (<see cref="FileProblems.X12Problem{T}"/>),
    /// a CSV file's rows (the <c>rejected</c> extension) or its one line and column, else each field's messages.
    /// <c>Segments</c> is true for an X12 file.
    /// </summary>
    public static (IReadOnlyList<FormErrors.FileProblem> Problems, bool Segments) ProblemsOf<T>(Outcome<T> outcome)
    {
        if (FileProblems.X12Problem(outcome) is { } x12)
        {
            return ([new FormErrors.FileProblem(x12.SegmentNumber > 0 ? x12.SegmentNumber : null, x12.Segment, x12.Message)], true);
        }

        var extensions = outcome.Extensions ?? new Dictionary<string, object?>();
        switch (extensions.GetValueOrDefault(ImportMemberFile.RejectedKey))
        {
            case IEnumerable<RowRejection> rows:
                return ([.. rows.Select(r => new FormErrors.FileProblem(r.Line > 0 ? r.Line : null, r.Column, r.Reason))], false);
            case IEnumerable<CsvProblem> rows:
                return ([.. rows.Select(r => new FormErrors.FileProblem(r.Line > 0 ? r.Line : null, r.Column, r.Reason))], false);
        }

        if (extensions.GetValueOrDefault(FileProblems.Line) is int line && extensions.GetValueOrDefault(FileProblems.Reason) is string reason)
        {
            return ([new FormErrors.FileProblem(line, extensions.GetValueOrDefault(FileProblems.Column) as string, reason)], false);
        }

        if (outcome.Errors is { Count: > 0 } errors)
        {
            return ([.. errors.SelectMany(e => e.Value.Select(m => new FormErrors.FileProblem(null, e.Key, m)))], false);
        }

        return ([new FormErrors.FileProblem(null, null, outcome.Message ?? "The file was not saved.")], false);
    }

    /// <summary>Adds a rejected file to <paramref name="errors"/> under its field, with every problem its outcome names.</summary>
    public static FormErrors AddRejected<T>(this FormErrors errors, Field field, string? fileName, Outcome<T> outcome)
    {
        var (problems, segments) = ProblemsOf(outcome);
        return errors.AddFile(field.Id, field.Label, fileName ?? "", problems, segments);
    }

    /// <summary>The HTTP status a page answers with for a failed outcome (400 for bad input).</summary>
    public static int StatusOf(OutcomeKind kind) => kind switch
    {
        OutcomeKind.NotFound => StatusCodes.Status404NotFound,
        OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
        OutcomeKind.Conflict => StatusCodes.Status409Conflict,
        OutcomeKind.Refused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };
}
