using CareHub.Catalog;

namespace CareHub.Identification;

/// <summary>
/// When a Population of Focus is live in a county, from the catalog's <c>goLive</c> entries: an entry that names
/// counties applies to them; the <c>other</c> group applies to every county no other entry of the population names;
/// an entry with neither counties nor a group is statewide. The population is live in a county from the earliest
/// date of the entries that apply to it. A member whose county is not recorded falls under <c>other</c> and
/// statewide entries only.
/// </summary>
public static class PopulationGoLive
{
    public const string OtherCounties = "other";

    /// <summary>The first day the population is live in <paramref name="county"/>: <see cref="DateOnly.MinValue"/>
    /// when the population has no go-live dates (live wherever its rule is in effect), null when no entry applies
    /// to the county.</summary>
    public static DateOnly? LiveFrom(IReadOnlyList<GoLive> goLive, string? county)
    {
        ArgumentNullException.ThrowIfNull(goLive);
        if (goLive.Count == 0)
        {
            return DateOnly.MinValue;
        }

        var name = CountyName(county);
        DateOnly? first = null;
        foreach (var entry in goLive)
        {
            if (Applies(entry, name, goLive) && (first is null || entry.Date < first))
            {
                first = entry.Date;
            }
        }

        return first;
    }

    /// <summary>Whether the population is live in <paramref name="county"/> on <paramref name="date"/>.</summary>
    public static bool IsLive(IReadOnlyList<GoLive> goLive, string? county, DateOnly date) =>
        LiveFrom(goLive, county) is { } from && from <= date;

    /// <summary>A county as the catalog names it: trimmed, without a trailing " County".</summary>
    public static string CountyName(string? county)
    {
        var name = (county ?? "").Trim();
        return name.EndsWith(" County", StringComparison.OrdinalIgnoreCase) ? name[..^" County".Length].TrimEnd() : name;
    }

    private static bool Applies(GoLive entry, string county, IReadOnlyList<GoLive> all)
    {
        if (entry.Counties.Count > 0)
        {
            return county.Length > 0 && entry.Counties.Any(c => string.Equals(CountyName(c), county, StringComparison.OrdinalIgnoreCase));
        }

        if (string.Equals(entry.CountyGroup, OtherCounties, StringComparison.OrdinalIgnoreCase))
        {
            return county.Length == 0 || !all.Any(e => e.Counties.Any(c => string.Equals(CountyName(c), county, StringComparison.OrdinalIgnoreCase)));
        }

        return entry.CountyGroup is null;
    }
}

/// <summary>
/// D-SNP members with an ECM authorization active at the end of 2023 keep ECM for up to 12 months from 2024-01-01,
/// or until a discontinuation reason applies (their ECM ends), although D-SNP members are otherwise not eligible.
/// </summary>
public static class DSnpContinuation
{
    /// <summary>The day the ECM authorization must have been active.</summary>
    public static readonly DateOnly ActiveOn = new(2023, 12, 31);

    /// <summary>The last day of the continuation (12 months from 2024-01-01).</summary>
    public static readonly DateOnly Until = new(2024, 12, 31);

    /// <summary>Whether an ECM authorization from <paramref name="ecmStart"/> to <paramref name="ecmEnd"/> (inclusive,
    /// null while open) keeps a D-SNP member in ECM on <paramref name="date"/>.</summary>
    public static bool Keeps(DateOnly ecmStart, DateOnly? ecmEnd, DateOnly date) =>
        ecmStart <= ActiveOn && (ecmEnd is null || ecmEnd >= ActiveOn) && date > ActiveOn && date <= Until
        && (ecmEnd is null || ecmEnd >= date);
}
