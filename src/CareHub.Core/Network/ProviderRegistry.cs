using CareHub.Common;

namespace CareHub.Network;

/// <summary>What a provider says about itself in the network registry (the organization's own record and its
/// <see cref="ProviderProfile"/>), as typed on the profile page or sent to <c>PUT /api/network/profile</c>.</summary>
public sealed record ProviderProfileInput(
    string? ProviderType,
    string? Npi,
    string? Tin,
    IReadOnlyList<string>? Sites,
    IReadOnlyList<string>? Counties,
    IReadOnlyList<string>? Populations,
    IReadOnlyList<string>? CommunitySupports,
    IReadOnlyList<string>? Languages,
    int? Capacity,
    bool? FormerHealthHomes);

/// <summary>
/// The registry's checks of a profile, each naming its field: the provider type fits the organization (ECM or
/// Community Supports types), the NPI is ten digits with the right Luhn check digit over the 80840 prefix, the tax
/// id is nine digits (a dash after the second is accepted), counties are California counties, Populations of
/// Focus and Community Supports are the catalog's codes, and every list and text stays within its size limit.
/// </summary>
public static class ProviderRegistry
{
    public const int MaxSites = 50;
    public const int MaxText = 300;
    public const int MaxLanguages = 30;
    public const int MaxCapacity = 100_000;

    /// <summary>The problems of <paramref name="input"/> by field (camelCase, as in the JSON body); empty when it is fine.</summary>
    public static Dictionary<string, string[]> Validate(ProviderProfileInput input, OrganizationType type, IReadOnlyCollection<string> counties,
        IReadOnlyCollection<string> populations, IReadOnlyCollection<string> communitySupports)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var types = type == OrganizationType.EcmProvider ? ProviderTypes.Ecm : ProviderTypes.CommunitySupports;
        if (string.IsNullOrWhiteSpace(input.ProviderType) || !types.ContainsKey(input.ProviderType.Trim()))
        {
            errors["providerType"] = [$"Choose one of: {string.Join(", ", types.Keys)}."];
        }

        if (Network.Npi.Problem(input.Npi?.Trim()) is { } npi)
        {
            errors["npi"] = [npi];
        }

        if (!string.IsNullOrWhiteSpace(input.Tin) && NormalizeTin(input.Tin) is null)
        {
            errors["tin"] = [$"A tax id (TIN) has 9 digits, like 12-3456789; '{Show(input.Tin)}' does not."];
        }

        List(errors, "sites", input.Sites, MaxSites, null, "site");
        List(errors, "counties", input.Counties, 58, counties, "county");
        List(errors, "languages", input.Languages, MaxLanguages, null, "language");
        if (type == OrganizationType.EcmProvider)
        {
            List(errors, "populations", input.Populations, 50, populations, "Population of Focus");
        }

        List(errors, "communitySupports", input.CommunitySupports, 50, communitySupports, "Community Support");
        if (input.Capacity is < 0 or > MaxCapacity)
        {
            errors["capacity"] = [$"Capacity is the number of members you can serve at once, 0 to {MaxCapacity:N0}."];
        }

        return errors;
    }

    /// <summary>Nine digits, or null when the text is not a TIN.</summary>
    public static string? NormalizeTin(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 10 && t[2] == '-')
        {
            t = t.Remove(2, 1);
        }

        return t.Length == 9 && t.All(char.IsAsciiDigit) ? t : null;
    }

    /// <summary>Trimmed, without blanks and repeats, in the order given.</summary>
    public static List<string> Clean(IReadOnlyList<string>? values) =>
        [.. (values ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];

    private static void List(Dictionary<string, string[]> errors, string field, IReadOnlyList<string>? values, int max, IReadOnlyCollection<string>? known, string what)
    {
        var clean = Clean(values);
        if (clean.Count > max)
        {
            errors[field] = [$"At most {max} entries; {clean.Count} given."];
            return;
        }

        var tooLong = clean.FirstOrDefault(v => v.Length > MaxText || v.Any(char.IsControl));
        if (tooLong is not null)
        {
            errors[field] = [$"Each {what} is one line of at most {MaxText} characters; '{Show(tooLong)}' is not."];
            return;
        }

        var unknown = known is null ? [] : clean.Where(v => !known.Contains(v)).ToList();
        if (unknown.Count > 0)
        {
            errors[field] = [$"Unknown {what}{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Take(5).Select(Show))}."];
        }
    }

    private static string Show(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
