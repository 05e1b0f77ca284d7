using CareHub.Catalog;

namespace CareHub.Identification;

/// <summary>The program catalog's Population of Focus rule versions (with each population's go-live dates by county)
/// and ECM exclusions as the rules an identification run evaluates.</summary>
public sealed class CatalogPopulationRuleSource(ProgramCatalog catalog) : IPopulationRuleSource
{
    private readonly IReadOnlyList<PopulationRule> _all =
    [
        .. catalog.Populations.SelectMany(p => p.RuleVersions.Select(v =>
            new PopulationRule(p.Code, v.RuleVersion, v.EffectiveFrom, v.EffectiveTo, v.Criteria) { Name = p.Name, GoLive = p.GoLive })),
    ];

    /// <summary>The rule version names in the catalog (besides <c>current</c>, which picks by date).</summary>
    public IReadOnlyList<string> RuleVersions => [.. _all.Select(r => r.RuleVersion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The first day any rule is in effect.</summary>
    public DateOnly EarliestEffectiveFrom => _all.Min(r => r.EffectiveFrom);

    public IReadOnlyList<PopulationRule> GetRules(string ruleVersion, DateOnly asOf, bool backTest) =>
        PopulationRuleSelection.Select(_all, ruleVersion, asOf, backTest);

    /// <summary>The catalog's ECM exclusions (not the non-duplication rules) in effect on the as-of date that name a
    /// program; a member enrolled in one of them on that date is excluded (or, where the catalog marks the exclusion
    /// unconfirmed, is to confirm), with the reason recorded.</summary>
    public IReadOnlyList<EcmExclusionRule> GetExclusions(DateOnly asOf) =>
    [
        .. catalog.EcmExclusionsAsOf(asOf)
            .Where(e => e.Type == ExclusionType.Exclusion && e.Criteria is ProgramCriterion)
            .Select(e => new EcmExclusionRule(e.Code, ((ProgramCriterion)e.Criteria).Program, e.Name, e.Confidence == Confidence.Confirmed)),
    ];

    /// <summary>The programs of <see cref="GetExclusions"/>, confirmed or not.</summary>
    public IReadOnlyList<string> GetExclusionPrograms(DateOnly asOf) =>
        [.. GetExclusions(asOf).Select(e => e.Program).Distinct(StringComparer.Ordinal)];
}
