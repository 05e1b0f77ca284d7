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
    /// The rules for a rule-version name and an as-of date. <c>current</c> selects, for every population, the
    /// version in effect on <paramref name="asOf"/>; any other name (e.g. <c>2022</c>) selects the versions with
    /// that name, whatever their dates, so older rules can be replayed on newer data.
    /// </summary>
    IReadOnlyList<PopulationRule> GetRules(string ruleVersion, DateOnly asOf);

    /// <summary>The programs whose enrollment on <paramref name="asOf"/> excludes a member from ECM.</summary>
    IReadOnlyList<string> GetExclusionPrograms(DateOnly asOf) => ProgramCodes.EcmExclusions;
}

/// <summary>The selection logic shared by every <see cref="IPopulationRuleSource"/>.</summary>
public static class PopulationRuleSelection
{
    public const string Current = "current";

    /// <summary>Picks rules as described on <see cref="IPopulationRuleSource.GetRules"/>; keeps the order of
    /// <paramref name="all"/> (first occurrence of each population code).</summary>
    public static IReadOnlyList<PopulationRule> Select(IEnumerable<PopulationRule> all, string ruleVersion, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(all);
        var isCurrent = string.Equals(ruleVersion, Current, StringComparison.OrdinalIgnoreCase);
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
