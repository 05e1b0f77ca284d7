namespace CareHub.Common;

/// <summary>
/// Bounds every input is held to, wherever it comes in (JSON API, query strings, forms, CSV files, FHIR): dates in a
/// sane range, free text of bounded length, document content types that are plain media types. Each check returns
/// the problem in plain words, or null when the value is fine.
/// </summary>
public static class InputRules
{
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2200, 12, 31);

    /// <summary>The longest free-text value a field takes unless it says otherwise.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>The longest single document (file) attached to a referral.</summary>
    public const int MaxDocumentBytes = 5 * 1024 * 1024;

    /// <summary>The most document content one request may carry in total.</summary>
    public const int MaxDocumentsBytesPerRequest = 10 * 1024 * 1024;

    public static bool IsSaneDate(DateOnly date) => date >= EarliestDate && date <= LatestDate;

    public static bool IsSaneDate(DateTimeOffset at) => IsSaneDate(DateOnly.FromDateTime(at.UtcDateTime));

    public static bool IsSaneDate(DateTime at) => IsSaneDate(DateOnly.FromDateTime(at));

    /// <summary>Why <paramref name="date"/> is refused, or null. A missing date is not this rule's business.</summary>
    public static string? DateProblem(DateOnly? date) =>
        date is { } d && !IsSaneDate(d) ? $"{d:yyyy-MM-dd} is outside the dates CareHub accepts ({EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd})." : null;

    public static string? DateProblem(DateTimeOffset? at) => at is { } a ? DateProblem(DateOnly.FromDateTime(a.UtcDateTime)) : null;

    public static string? DateProblem(DateTime? at) => at is { } a ? DateProblem(DateOnly.FromDateTime(a)) : null;

    /// <summary>Why a text is refused (too long), or null.</summary>
    public static string? TextProblem(string? text, int maxLength = MaxTextLength) =>
        text is { } t && t.Length > maxLength ? $"At most {maxLength:N0} characters (this has {t.Length:N0})." : null;

    /// <summary>
    /// A media type safe to store and send back: <c>type/subtype</c> of token characters only (no parameters, no
    /// control characters). Anything else, and types a browser would run as a page or script, become
    /// <c>application/octet-stream</c>.
    /// </summary>
    public static string SafeContentType(string? contentType)
    {
        const string fallback = "application/octet-stream";
        var value = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return fallback;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1 || value.IndexOf('/', slash + 1) >= 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '+' or '-' or '_'))
        {
            return fallback;
        }

        return value is "text/html" or "application/xhtml+xml" or "image/svg+xml" or "text/xml" or "application/xml"
            or "text/javascript" or "application/javascript" or "application/ecmascript" or "text/ecmascript"
            ? fallback
            : value;
    }
}
