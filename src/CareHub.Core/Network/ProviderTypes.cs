namespace CareHub.Network;

/// <summary>Provider types a plan contracts with for ECM and Community Supports (the state's roster categories).</summary>
public static class ProviderTypes
{
    public static readonly IReadOnlyDictionary<string, string> Ecm = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["county-behavioral-health"] = "County behavioral health provider",
        ["fqhc"] = "Federally qualified health center",
        ["rural-health-clinic"] = "Rural health clinic",
        ["primary-care"] = "Primary care or specialist physician group",
        ["hospital"] = "Hospital or hospital-based clinic",
        ["cbo"] = "Community-based organization",
        ["tribal"] = "Indian health care provider",
        ["local-health-department"] = "Local health department",
        ["behavioral-health"] = "Behavioral health provider",
        ["other"] = "Other qualified provider",
    };

    public static readonly IReadOnlyDictionary<string, string> CommunitySupports = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["housing-provider"] = "Housing services provider",
        ["meals-provider"] = "Medically tailored meals provider",
        ["recuperative-care"] = "Recuperative care facility",
        ["home-care"] = "Home care or respite agency",
        ["remediation"] = "Environmental or asthma remediation contractor",
        ["sobering-center"] = "Sobering center",
        ["cbo"] = "Community-based organization",
        ["other"] = "Other qualified provider",
    };

    public static string Label(string? code) =>
        code is null ? "" : Ecm.GetValueOrDefault(code) ?? CommunitySupports.GetValueOrDefault(code) ?? code;
}
