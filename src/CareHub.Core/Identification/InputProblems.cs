namespace CareHub.Identification;

/// <summary>One rejected input row: the file, the line (for Parquet: the row number), the column and why.</summary>
public sealed record RowError(string File, long Line, string Column, string Reason)
{
    /// <summary>True when <see cref="Line"/> counts Parquet rows rather than text lines.</summary>
    public bool IsRowNumber { get; init; }

    public override string ToString() =>
        Column.Length == 0
            ? $"{File} {(IsRowNumber ? "row" : "line")} {Line}: {Reason}"
            : $"{File} {(IsRowNumber ? "row" : "line")} {Line}, column {Column}: {Reason}";
}

/// <summary>A problem that stops a run before any row is evaluated: a missing directory or file, an empty file,
/// a missing column, a rule that cannot be evaluated.</summary>
public sealed record InputProblem(string? File, string Message)
{
    public override string ToString() => File is null ? Message : $"{File}: {Message}";
}
