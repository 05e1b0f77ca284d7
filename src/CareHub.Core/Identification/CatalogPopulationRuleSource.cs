using CareHub.Catalog;

namespace CareHub.Identification;

/// <summary>The program catalog's Population of Focus rule versions as the rules an identification run evaluates.</summary>
public sealed class CatalogPopulationRuleSource(ProgramCatalog catalog) : IPopulationRuleSource
{
    private readonly IReadOnlyList<PopulationRule> _all =
    [
        .. catalog.Populations.SelectMany(p => p.RuleVersions.Select(v =>
            new PopulationRule(p.Code, v.RuleVersion, v.EffectiveFrom, v.EffectiveTo, v.Criteria) { Name = p.Name })),
    ];

    public IReadOnlyList<PopulationRule> GetRules(string ruleVersion, DateOnly asOf) =>
        PopulationRuleSelection.Select(_all, ruleVersion, asOf);
}
