using System.Globalization;
using CareHub.Data.Access;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Fhir;

/// <summary>Search helpers shared by the resources: references, <c>_lastUpdated</c>, paging (<c>_count</c>,
/// <c>_offset</c>) and the searchset Bundle with its self, next and previous links.</summary>
public static class FhirSearch
{
    public const int DefaultCount = 100;
    public const int MaxCount = 500;

    /// <summary>The id in a reference such as <c>Patient/123</c>, <c>https://host/fhir/Patient/123</c> or a bare id.</summary>
    public static Guid? ReferenceId(string? reference, string type)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        var value = reference.Trim();
        var marker = type + "/";
        var at = value.LastIndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            value = value[(at + marker.Length)..];
        }
        else if (value.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            value = value[..slash];
        }

        return Guid.TryParse(value, out var id) ? id : null;
    }

    /// <summary>Parameters every search accepts besides its own: paging, how exact the total is, and output format.</summary>
    private static readonly string[] _everySearch = ["_count", "_offset", "_total", "_format", "_pretty"];

    private static readonly string[] _totals = ["none", "estimate", "accurate"];

    /// <summary>
    /// True when the client asked for <c>_total=accurate</c>: the Bundle's total is then counted for this request. By
    /// default (and with <c>estimate</c> or <c>none</c>, for which a total is given all the same) the total of a long
    /// list may be one counted a few seconds earlier for the same caller and search (<see cref="CareHub.Data.Access.ListTotals"/>).
    /// </summary>
    public static bool AccurateTotal(HttpRequest request) => request.Query["_total"] == "accurate";

    /// <summary>Names a search and its filters (not the page asked for), for totals kept per search.</summary>
    public static string ListKey(HttpRequest request, string type) =>
        $"fhir/{type}?" + string.Join('&', request.Query.Where(p => !_everySearch.Contains(p.Key, StringComparer.Ordinal))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>Null when every query parameter is one this search knows, or the client sent
    /// <c>Prefer: handling=lenient</c>; otherwise a 400 OperationOutcome naming the unknown ones (chained parameters such
    /// as <c>patient.identifier</c> and unsupported modifiers included), so a client never mistakes an ignored filter for
    /// an applied one.</summary>
    public static IResult? UnknownParameters(HttpRequest request, params string[] known)
    {
        var unknown = request.Query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal) && !_everySearch.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count == 0 || request.Headers["Prefer"].Any(p => p?.Contains("handling=lenient", StringComparison.OrdinalIgnoreCase) == true))
        {
            return null;
        }

        return FhirResponses.Problem(400, OperationOutcome.IssueType.NotSupported,
            $"Unknown search parameter(s): {string.Join(", ", unknown)}. This search supports {string.Join(", ", known)}, _count and _offset; send Prefer: handling=lenient to have unknown parameters ignored.",
            [.. unknown]);
    }

    /// <summary>True when <paramref name="reference"/> is an absolute URL of another server (references are to
    /// resources on this server: <c>Type/id</c> or this server's own URL).</summary>
    public static bool IsForeign(HttpRequest request, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || !Uri.TryCreate(reference.Trim(), UriKind.Absolute, out var uri) || uri.IsFile)
        {
            return false;
        }

        return uri.Scheme is not ("http" or "https")
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || !uri.AbsolutePath.StartsWith("/fhir/", StringComparison.Ordinal);
    }

    /// <summary>A 400 OperationOutcome for the first reference to another server, or null.</summary>
    public static IResult? ForeignReference(HttpRequest request, params (string? Reference, string Path)[] references)
    {
        foreach (var (reference, path) in references)
        {
            if (IsForeign(request, reference))
            {
                return FhirResponses.Problem(400, OperationOutcome.IssueType.NotSupported,
                    $"'{reference}' refers to another server; CareHub resolves only its own resources (Type/id).", path);
            }
        }

        return null;
    }

    /// <summary>A window of instants; a null end is open.</summary>
    public sealed record InstantRange(DateTimeOffset? From, bool FromInclusive, DateTimeOffset? To, bool ToInclusive);

    /// <summary>Parses a <c>_lastUpdated</c> value with an optional prefix (gt, ge, lt, le, eq); a date alone covers the day.</summary>
    public static bool TryLastUpdated(string value, out InstantRange range, out string? error)
    {
        error = null;
        range = new InstantRange(null, true, null, true);
        var prefix = value.Length > 2 && char.IsLetter(value[0]) && char.IsLetter(value[1]) ? value[..2] : "eq";
        var text = prefix == "eq" && !value.StartsWith("eq", StringComparison.Ordinal) ? value : value[2..];
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            error = $"'{value}' is not a valid _lastUpdated value (use e.g. gt2025-03-01T00:00:00Z).";
            return false;
        }

        var isDate = text.Length == 10;
        var end = isDate ? at.AddDays(1) : at;
        switch (prefix)
        {
            case "gt": range = isDate ? new(end, true, null, true) : new(at, false, null, true); return true;
            case "ge": range = new(at, true, null, true); return true;
            case "lt": range = new(null, true, at, false); return true;
            case "le": range = isDate ? new(null, true, end, false) : new(null, true, at, true); return true;
            case "eq": range = isDate ? new(at, true, end, false) : new(at, true, at, true); return true;
            default:
                error = $"'{prefix}' is not a supported prefix for _lastUpdated (gt, ge, lt, le, eq).";
                return false;
        }
    }

    /// <summary>The page asked for: <c>_count</c> (1 to 500, default 100) and <c>_offset</c> (from 0); also checks
    /// <c>_total</c>.</summary>
    public static bool TryPage(HttpRequest request, out int count, out int offset, out string? error)
    {
        error = null;
        count = DefaultCount;
        offset = 0;
        if (request.Query.TryGetValue("_total", out var t) && (t.Count != 1 || !_totals.Contains(t[0], StringComparer.Ordinal)))
        {
            error = $"_total is one of {string.Join(", ", _totals)}, not '{t}'.";
            return false;
        }

        if (request.Query.TryGetValue("_count", out var c) && c.Count > 0)
        {
            if (!int.TryParse(c[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount)
            {
                error = $"_count is a whole number from 1 to {MaxCount}, not '{c[0]}'.";
                return false;
            }
        }

        if (request.Query.TryGetValue("_offset", out var o) && o.Count > 0)
        {
            if (!int.TryParse(o[0], NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0)
            {
                error = $"_offset is a whole number from 0, not '{o[0]}'.";
                return false;
            }
        }

        return true;
    }

    /// <summary>One page of an ordered search with the number of all its matches, or the 400 for a bad <c>_count</c>
    /// or <c>_offset</c>; <paramref name="countAll"/>, when given, counts the matches instead of the query. A first
    /// page that holds every match is its own total, without a count.</summary>
    public static Task<(SearchPage<T>? Page, IResult? Error)> PageAsync<T>(HttpRequest request, IQueryable<T> ordered, Func<CancellationToken, Task<int>>? countAll = null) =>
        PageAsync(request, (skip, take) => ordered.Skip(skip).Take(take), countAll ?? (ct => ordered.CountAsync(ct)));

    /// <summary>One page of a search whose page query is its own (given where it starts and how long it is).</summary>
    public static Task<(SearchPage<T>? Page, IResult? Error)> PageAsync<T>(HttpRequest request, Func<int, int, IQueryable<T>> page, Func<CancellationToken, Task<int>> countAll) =>
        PageAsync(request, (skip, take) => page(skip, take).AsAsyncEnumerable(), countAll);

    /// <summary>One page of a search whose page query is compiled (given where it starts and how long it is).</summary>
    public static async Task<(SearchPage<T>? Page, IResult? Error)> PageAsync<T>(HttpRequest request, Func<int, int, IAsyncEnumerable<T>> page, Func<CancellationToken, Task<int>> countAll)
    {
        if (PageError(request, out var count, out var offset) is { } error)
        {
            return (null, error);
        }

        var ct = request.HttpContext.RequestAborted;
        var items = await page(offset, count).ToListAsync(ct);
        var total = ListTotals.ShownInFull(offset, items.Count, count) ?? await countAll(ct);
        return (new SearchPage<T>(items, total, offset, count), null);
    }

    /// <summary>One page of matches already in memory (a short list such as the organizations).</summary>
    public static (SearchPage<T>? Page, IResult? Error) Page<T>(HttpRequest request, IEnumerable<T> ordered)
    {
        if (PageError(request, out var count, out var offset) is { } error)
        {
            return (null, error);
        }

        var all = ordered.ToList();
        return (new SearchPage<T>([.. all.Skip(offset).Take(count)], all.Count, offset, count), null);
    }

    private static IResult? PageError(HttpRequest request, out int count, out int offset) =>
        TryPage(request, out count, out offset, out var error) ? null
            : FhirResponses.Problem(400, OperationOutcome.IssueType.Invalid, error!, ParameterOf(error!));

    /// <summary>The paging parameter an error of <see cref="TryPage"/> is about.</summary>
    public static string ParameterOf(string pageError) => pageError[..pageError.IndexOf(' ', StringComparison.Ordinal)];

    /// <summary>A searchset Bundle of one page: matches, then included resources, with <c>total</c> and the self,
    /// next and previous links (same parameters, another <c>_offset</c>).</summary>
    public static Bundle SearchSet(HttpRequest request, IEnumerable<Resource> matches, IEnumerable<Resource>? includes = null,
        int? total = null, int offset = 0, int count = MaxCount)
    {
        var baseUrl = $"{request.Scheme}://{request.Host}/fhir";
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Id = Guid.NewGuid().ToString(), Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        foreach (var r in matches)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{baseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } });
        }

        bundle.Total = total ?? bundle.Entry.Count;
        foreach (var r in includes ?? [])
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{baseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include } });
        }

        var path = $"{baseUrl}{request.Path.Value![5..]}";
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{path}{request.QueryString}" });
        if (total is { } all)
        {
            if (offset + count < all)
            {
                bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = PageUrl(request, path, offset + count, count) });
            }

            if (offset > 0)
            {
                bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = PageUrl(request, path, Math.Max(0, offset - count), count) });
            }
        }

        return bundle;
    }

    private static string PageUrl(HttpRequest request, string path, int offset, int count)
    {
        var parameters = request.Query.Where(q => q.Key is not ("_offset" or "_count"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("_count", count.ToString(CultureInfo.InvariantCulture)))
            .Append(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(path, parameters);
    }

    /// <summary>The date part of a FHIR date or dateTime, or null.</summary>
    public static DateOnly? DateOf(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

/// <summary>One page of a FHIR search: the matches on it, how many match in all, and where the page starts.</summary>
public sealed record SearchPage<T>(IReadOnlyList<T> Items, int Total, int Offset, int Count);
