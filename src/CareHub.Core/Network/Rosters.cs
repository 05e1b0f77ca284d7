using System.Globalization;
using System.Text;

namespace CareHub.Network;

/// <summary>One provider × county line of a state roster.</summary>
public sealed record RosterRow(
    string ProviderName, string? Npi, string? Tin, string County, string ProviderType, IReadOnlyList<string> Populations,
    IReadOnlyList<string> CommunitySupports, int Capacity, DateOnly ContractStart, DateOnly? ContractEnd);

/// <summary>A roster submission deadline the state set.</summary>
public sealed record RosterDeadline(DateOnly Due, string Kind, string Description);

/// <summary>The state's ECM and Community Supports provider rosters by county: columns (part of the API
/// contract), the CSV form and the deadlines.</summary>
public static class RosterFormat
{
    public const string EcmKind = "ecm";
    public const string CsKind = "cs";

    public static readonly IReadOnlyList<string> Columns =
        ["provider_name", "npi", "tin", "county", "provider_type", "populations", "community_supports", "capacity", "contract_start", "contract_end"];

    public static readonly IReadOnlyList<RosterDeadline> Deadlines =
    [
        new(new DateOnly(2021, 10, 1), EcmKind, "ECM rosters by county for the first Populations of Focus in Whole Person Care and Health Homes counties"),
        new(new DateOnly(2021, 10, 1), CsKind, "Community Supports (ILOS) rosters by county, all counties"),
        new(new DateOnly(2022, 3, 1), EcmKind, "ECM rosters by county for the other counties, and updates"),
        new(new DateOnly(2022, 3, 1), CsKind, "Community Supports (ILOS) roster updates, all counties"),
    ];

    public static string[] Values(RosterRow r) =>
    [
        r.ProviderName, r.Npi ?? "", r.Tin ?? "", r.County, r.ProviderType, string.Join(';', r.Populations), string.Join(';', r.CommunitySupports),
        r.Capacity.ToString(CultureInfo.InvariantCulture), r.ContractStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        r.ContractEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
    ];

    public static string ToCsv(IEnumerable<RosterRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var r in rows)
        {
            sb.Append(string.Join(',', Values(r).Select(Escape))).Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>Quotes a field when needed and defuses spreadsheet formulas.</summary>
    public static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
