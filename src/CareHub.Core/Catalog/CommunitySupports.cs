using System.Text.Json.Serialization;

namespace CareHub.Catalog;

/// <summary>A Community Support (formerly "in lieu of service") with its versions, oldest first.</summary>
public sealed record CommunitySupport(
    string Code,
    string Name,
    IReadOnlyList<string> FormerNames,
    IReadOnlyList<CommunitySupportVersion> Versions)
{
    /// <summary>The version in effect on <paramref name="date"/>; null when the service is not in the catalog then.</summary>
    public CommunitySupportVersion? VersionOn(DateOnly date) => Versions.FirstOrDefault(v => v.IsInEffectOn(date));

    /// <summary>The first date the service exists in the catalog.</summary>
    public DateOnly FirstEffectiveDate => Versions.Min(v => v.EffectiveFrom);
}

/// <summary>
/// One version of a Community Support: definition, eligibility criteria, limits, billing codes and allowed
/// provider types, in effect from <see cref="EffectiveFrom"/> to <see cref="EffectiveTo"/> (inclusive; null = open).
/// </summary>
public sealed record CommunitySupportVersion(
    string RuleVersion,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string? Name,
    string Definition,
    Criterion Criteria,
    IReadOnlyList<Limit> Limits,
    IReadOnlyList<BillingCode> Billing,
    IReadOnlyList<string> ProviderTypes,
    IReadOnlyList<string> Sources,
    Confidence Confidence,
    string? Notes) : IRuleVersion;

/// <summary>
/// A limit on a service: at most <see cref="Quantity"/> <see cref="Unit"/> per <see cref="Period"/>.
/// <see cref="Kind"/> is one of <see cref="CatalogVocabulary.LimitKinds"/>, <see cref="Unit"/> one of
/// <see cref="CatalogVocabulary.LimitUnits"/>, <see cref="Period"/> one of <see cref="CatalogVocabulary.LimitPeriods"/>.
/// <see cref="Confidence"/> null means the version's confidence applies. <see cref="Exceptions"/> are the documented
/// cases in which the plan may approve above the limit.
/// </summary>
public sealed record Limit(
    string Kind,
    decimal Quantity,
    string Unit,
    string Period,
    Confidence? Confidence,
    string? Note,
    IReadOnlyList<LimitException>? Exceptions = null)
{
    [JsonIgnore]
    public IReadOnlyList<LimitException> ExceptionList => Exceptions ?? [];
}

/// <summary>
/// A documented exception to a limit: when it applies, the plan's reviewer may approve above the limit by choosing it
/// and writing why. <see cref="UpTo"/> is the most the exception allows in the limit's unit (a second housing deposit:
/// 2), null when the policy sets no ceiling. <see cref="Requires"/> says what the reviewer must have on file.
/// </summary>
public sealed record LimitException(
    string Code,
    string Description,
    string Source,
    Confidence Confidence,
    decimal? UpTo,
    string? Requires);

/// <summary>
/// A HCPCS code and its modifiers used to bill a service. The code and the modifiers together are the key:
/// H0044 U2 (housing deposits) and H0044 U3 (short-term post-hospitalization housing) are different services.
/// <see cref="Unit"/> is the billing unit, one of <see cref="CatalogVocabulary.BillingUnits"/>.
/// </summary>
public sealed record BillingCode(
    string Hcpcs,
    IReadOnlyList<string> Modifiers,
    string Unit,
    string Description,
    Confidence? Confidence,
    string? Note)
{
    /// <summary>"H0044 U2", "G9012 U8 GQ".</summary>
    [JsonIgnore]
    public string Key => Modifiers.Count == 0 ? Hcpcs : $"{Hcpcs} {string.Join(' ', Modifiers)}";

    /// <summary>Same HCPCS code and the same set of modifiers (order and case do not matter).</summary>
    public bool Matches(string hcpcs, IEnumerable<string> modifiers)
    {
        var wanted = modifiers.Select(m => m.Trim().ToUpperInvariant()).Where(m => m.Length > 0).Order(StringComparer.Ordinal).ToList();
        return string.Equals(Hcpcs, hcpcs.Trim(), StringComparison.OrdinalIgnoreCase)
            && Modifiers.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal).SequenceEqual(wanted, StringComparer.Ordinal);
    }
}

/// <summary>
/// One cap shared by several services: for example recuperative care, short-term post-hospitalization housing and
/// transitional rent together may not exceed 6 months in any rolling 12 months.
/// </summary>
public sealed record SharedLimit(
    string Code,
    string Name,
    IReadOnlyList<string> Services,
    string Kind,
    decimal Quantity,
    string Unit,
    string Period,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    IReadOnlyList<string> Sources,
    Confidence Confidence,
    string? Notes,
    IReadOnlyList<LimitException>? Exceptions = null)
{
    [JsonIgnore]
    public IReadOnlyList<LimitException> ExceptionList => Exceptions ?? [];

    public bool IsInEffectOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);
}

/// <summary>A Community Support together with the version in effect on the date asked about and the shared limits
/// that count it then.</summary>
public sealed record CommunitySupportAsOf(CommunitySupport Service, CommunitySupportVersion Version, IReadOnlyList<SharedLimit> SharedLimits)
{
    public string Code => Service.Code;
    public string Name => Version.Name ?? Service.Name;
}

/// <summary>The service and version a billing code belongs to on a date.</summary>
public sealed record BillingMatch(CommunitySupport Service, CommunitySupportVersion Version, BillingCode Billing);
