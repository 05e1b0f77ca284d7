using CareHub.Common;

namespace CareHub.Exchange;

/// <summary>
/// A rejected file as an <see cref="Outcome{T}"/>: <see cref="OutcomeKind.Invalid"/>, naming where the problem is so a
/// client can find it without reading the message. An X12 file's problem is kept under the field <c>segment</c> with
/// the extensions <c>segmentNumber</c>, <c>segment</c> and <c>reason</c>; a CSV file's under its column with
/// <c>line</c>, <c>column</c> and <c>reason</c>.
/// </summary>
public static class FileProblems
{
    public const string SegmentNumber = "segmentNumber";
    public const string Segment = "segment";
    public const string Line = "line";
    public const string Column = "column";
    public const string Reason = "reason";

    /// <summary>An X12 file that was not applied; <paramref name="notApplied"/> starts the message (e.g. "The 835 was not applied.").</summary>
    public static Outcome<T> X12<T>(X12Error error, string notApplied) =>
        Outcome<T>.Invalid(Segment, $"{notApplied} {error}",
            new Dictionary<string, object?> { [SegmentNumber] = error.SegmentNumber, [Segment] = error.Segment, [Reason] = error.Message });

    /// <summary>A CSV file that was not saved: the problem under its column, and its line, column and reason.</summary>
    public static Outcome<T> Csv<T>(CsvProblem problem)
    {
        var where = $"Line {problem.Line}, column {problem.Column}: {problem.Reason}";
        return Outcome<T>.Invalid(new Dictionary<string, string[]> { [problem.Column] = [where] }, $"{where} Nothing was saved.",
            new Dictionary<string, object?> { [Line] = problem.Line, [Column] = problem.Column, [Reason] = problem.Reason });
    }

    /// <summary>The X12 problem an outcome names, or null when it names none.</summary>
    public static X12Error? X12Problem<T>(Outcome<T> outcome) =>
        outcome.Extensions is { } x && x.TryGetValue(SegmentNumber, out var number) && number is int n
            ? new X12Error(n, x.GetValueOrDefault(Segment) as string ?? "", x.GetValueOrDefault(Reason) as string ?? outcome.Message ?? "")
            : null;
}
