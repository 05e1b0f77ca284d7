using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CareHub.Catalog;

/// <summary>
/// A Population of Focus as of a date, flattened with its rule version in effect: the shape of
/// <c>carehub catalog populations --json</c> and <c>GET /api/catalog/populations</c>.
/// </summary>
public sealed record PopulationView(
    string Code,
    string Name,
    string? DhcsCode,
    AgeGroup AgeGroup,
    string RuleVersion,
    DateOnly EffectiveFrom,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateOnly? EffectiveTo,
    IReadOnlyList<GoLive> GoLive,
    Criterion Criteria,
    IReadOnlyList<string> Sources,
    Confidence Confidence,
    string? Notes)
{
    public static PopulationView From(PopulationAsOf entry) => new(
        entry.Code,
        entry.Name,
        entry.Population.DhcsCode,
        entry.Population.AgeGroup,
        entry.Rule.RuleVersion,
        entry.Rule.EffectiveFrom,
        entry.Rule.EffectiveTo,
        entry.Population.GoLive,
        entry.Rule.Criteria,
        entry.Rule.Sources,
        entry.Rule.Confidence,
        entry.Rule.Notes);
}

/// <summary>
/// A Community Support as of a date, flattened with its version in effect: the shape of
/// <c>carehub catalog community-supports --json</c> and <c>GET /api/catalog/community-supports</c>.
/// </summary>
public sealed record CommunitySupportView(
    string Code,
    string Name,
    string RuleVersion,
    DateOnly EffectiveFrom,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateOnly? EffectiveTo,
    string Definition,
    Criterion Criteria,
    IReadOnlyList<Limit> Limits,
    IReadOnlyList<SharedLimitView> SharedLimits,
    IReadOnlyList<BillingCode> Billing,
    IReadOnlyList<string> ProviderTypes,
    IReadOnlyList<string> Sources,
    Confidence Confidence,
    string? Notes)
{
    public static CommunitySupportView From(CommunitySupportAsOf entry) => new(
        entry.Code,
        entry.Name,
        entry.Version.RuleVersion,
        entry.Version.EffectiveFrom,
        entry.Version.EffectiveTo,
        entry.Version.Definition,
        entry.Version.Criteria,
        entry.Version.Limits,
        [.. entry.SharedLimits.Select(SharedLimitView.From)],
        entry.Version.Billing,
        entry.Version.ProviderTypes,
        entry.Version.Sources,
        entry.Version.Confidence,
        entry.Version.Notes);
}

/// <summary>A shared cap as shown with each service it counts.</summary>
public sealed record SharedLimitView(string Code, string Name, string Kind, decimal Quantity, string Unit, string Period, IReadOnlyList<string> Services)
{
    public static SharedLimitView From(SharedLimit limit) =>
        new(limit.Code, limit.Name, limit.Kind, limit.Quantity, limit.Unit, limit.Period, limit.Services);
}

/// <summary>
/// JSON settings for catalog output: camelCase names, enums in kebab-case (<c>unconfirmed</c>, <c>non-duplication</c>),
/// dates as YYYY-MM-DD, criteria with their <c>kind</c>, null fields left out (except <c>effectiveTo</c>, which is
/// null while open). The files use the same criterion shape, so output can be pasted back into a file.
/// </summary>
public static class CatalogJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
