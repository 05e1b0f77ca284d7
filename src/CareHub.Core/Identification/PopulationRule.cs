using CareHub.Catalog;

namespace CareHub.Identification;

/// <summary>
/// One dated version of a Population of Focus rule, as data the identification engine evaluates.
/// <paramref name="EffectiveTo"/> is inclusive; null while the version is still in effect.
/// </summary>
/// <param name="Code">The population code, e.g. <c>adult-high-utilizer</c>.</param>
/// <param name="RuleVersion">The version name, e.g. <c>2022</c> or <c>2023-07</c>.</param>
/// <param name="Criteria">What a member must meet; see <see cref="Criterion"/>.</param>
public sealed record PopulationRule(string Code, string RuleVersion, DateOnly EffectiveFrom, DateOnly? EffectiveTo, Criterion Criteria)
{
    /// <summary>Human-readable name shown in summaries (defaults to the code).</summary>
    public string? Name { get; init; }

    /// <summary>When the population went live, county by county (the catalog's <c>goLive</c>); empty means live
    /// wherever and whenever the rule is in effect.</summary>
    public IReadOnlyList<GoLive> GoLive { get; init; } = [];

    public bool IsInEffectOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);

    /// <summary>True when every way to meet the rule needs an attestation (a fact data cannot show), so data alone
    /// never makes a member eligible outright: members whose data meets the rest are identified pending
    /// confirmation.</summary>
    public bool NeedsAttestation => Requires(Criteria);

    private static bool Requires(Criterion c) => c switch
    {
        AttestationCriterion => true,
        AllOf all => all.Criteria.Any(Requires),
        AnyOf any => any.Criteria.Count > 0 && any.Criteria.All(Requires),
        _ => false,
    };
}

/// <summary>Supplies the population rules an identification run evaluates.</summary>
public interface IPopulationRuleSource
{
    /// <summary>
    /// The rules for a rule-version name and an as-of date. <c>current</c> without <paramref name="backTest"/>
    /// selects, for every population, the version in effect on <paramref name="asOf"/>; any other name, or any name
    /// with <paramref name="backTest"/> (<c>current</c> then names the current versions), selects the versions with
    /// that name, whatever their dates, so rules can be replayed on other data and dates.
    /// </summary>
    IReadOnlyList<PopulationRule> GetRules(string ruleVersion, DateOnly asOf, bool backTest);

    /// <summary>The ECM exclusions in effect on <paramref name="asOf"/>: the programs whose enrollment excludes a
    /// member from ECM, each with whether the exclusion is confirmed.</summary>
    IReadOnlyList<EcmExclusionRule> GetExclusions(DateOnly asOf);
}

/// <summary>An enrollment that excludes a member from ECM. An exclusion that is not <see cref="Confirmed"/> (the
/// catalog marks it unconfirmed) makes the member one to confirm, with a statement, instead of excluding.</summary>
/// <param name="Code">The catalog's exclusion code, e.g. <c>hospice</c>, <c>1915c-hcba</c>.</param>
/// <param name="Program">The program whose enrollment excludes.</param>
/// <param name="Name">The program's name, as the catalog gives it.</param>
public sealed record EcmExclusionRule(string Code, string Program, string Name, bool Confirmed);

/// <summary>The selection logic shared by every <see cref="IPopulationRuleSource"/>.</summary>
public static class PopulationRuleSelection
{
    public const string Current = "current";

    /// <summary>Picks rules as described on <see cref="IPopulationRuleSource.GetRules"/>; keeps the order of
    /// <paramref name="all"/> (first occurrence of each population code).</summary>
    public static IReadOnlyList<PopulationRule> Select(IEnumerable<PopulationRule> all, string ruleVersion, DateOnly asOf, bool backTest)
    {
        ArgumentNullException.ThrowIfNull(all);
        var isCurrent = !backTest && string.Equals(ruleVersion, Current, StringComparison.OrdinalIgnoreCase);
        var chosen = new List<PopulationRule>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in all)
        {
            var matches = isCurrent
                ? rule.IsInEffectOn(asOf)
                : string.Equals(rule.RuleVersion, ruleVersion, StringComparison.OrdinalIgnoreCase);
            if (!matches)
            {
                continue;
            }

            if (positions.TryGetValue(rule.Code, out var at))
            {
                // Two versions match (overlapping dates or a repeated name): the later start wins.
                if (rule.EffectiveFrom > chosen[at].EffectiveFrom)
                {
                    chosen[at] = rule;
                }
            }
            else
            {
                positions[rule.Code] = chosen.Count;
                chosen.Add(rule);
            }
        }

        return chosen;
    }
}
