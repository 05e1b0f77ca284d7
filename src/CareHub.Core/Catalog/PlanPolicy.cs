using System.Globalization;
using System.Text.Json;

namespace CareHub.Catalog;

/// <summary>
/// A plan's own policy for one Community Support, in effect from <see cref="EffectiveFrom"/> to
/// <see cref="EffectiveTo"/> (inclusive; null = open). A plan may only narrow the state's rule: its
/// <see cref="Criteria"/> apply in addition to the state's criteria, and its <see cref="Limits"/> in addition to the
/// state's limits, each no looser than a state limit of the same kind and unit. <see cref="Source"/> is where the
/// plan publishes it (shown with the rule in the check and the catalog).
/// </summary>
public sealed record PlanPolicy(
    Guid PlanId,
    string CommunitySupportCode,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    Criterion? Criteria,
    IReadOnlyList<Limit> Limits,
    string Source,
    string? Notes)
{
    public bool Covers(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);

    public bool Overlaps(DateOnly from, DateOnly? to) => EffectiveFrom <= (to ?? DateOnly.MaxValue) && from <= (EffectiveTo ?? DateOnly.MaxValue);
}

/// <summary>A field and what is wrong with it.</summary>
public sealed record PolicyError(string Field, string Message);

public static class PlanPolicies
{
    /// <summary>The plan's policy for the service in effect on <paramref name="date"/>, if any.</summary>
    public static PlanPolicy? On(IEnumerable<PlanPolicy> policies, string serviceCode, DateOnly date) =>
        policies.FirstOrDefault(p => string.Equals(p.CommunitySupportCode, serviceCode, StringComparison.OrdinalIgnoreCase) && p.Covers(date));

    /// <summary>The criteria that apply: the state's, and the plan's on top when it has its own.</summary>
    public static Criterion Criteria(Criterion state, PlanPolicy? policy) =>
        policy?.Criteria is { } plan ? new AllOf([state, plan]) : state;

    /// <summary>
    /// Checks a policy before it is saved: the service exists in the catalog for the whole period, the period is
    /// valid and does not overlap another policy of the same plan for the service, there is something to apply
    /// (criteria or limits), a source is named, and every limit is within the state's limit of the same kind and unit
    /// in every state version the period covers.
    /// </summary>
    public static IReadOnlyList<PolicyError> Validate(ProgramCatalog catalog, PlanPolicy policy, IEnumerable<PlanPolicy> otherPolicies)
    {
        var errors = new List<PolicyError>();
        var service = catalog.FindCommunitySupport(policy.CommunitySupportCode);
        if (service is null)
        {
            errors.Add(new("communitySupportCode", $"'{policy.CommunitySupportCode}' is not a Community Support in the catalog."));
            return errors;
        }

        if (policy.EffectiveTo is { } to && to < policy.EffectiveFrom)
        {
            errors.Add(new("effectiveTo", $"The end {Iso(to)} is before the start {Iso(policy.EffectiveFrom)}."));
        }

        if (policy.EffectiveFrom < service.FirstEffectiveDate)
        {
            errors.Add(new("effectiveFrom", $"{service.Name} is in the catalog only from {Iso(service.FirstEffectiveDate)}."));
        }

        if (string.IsNullOrWhiteSpace(policy.Source))
        {
            errors.Add(new("source", "Name where the plan publishes this policy (a link or document and section)."));
        }

        if (policy.Criteria is null && policy.Limits.Count == 0)
        {
            errors.Add(new("criteria", "A policy narrows the criteria or sets limits; give at least one."));
        }

        var clash = otherPolicies.FirstOrDefault(p => p.PlanId == policy.PlanId
            && string.Equals(p.CommunitySupportCode, policy.CommunitySupportCode, StringComparison.OrdinalIgnoreCase)
            && p.Overlaps(policy.EffectiveFrom, policy.EffectiveTo));
        if (clash is not null)
        {
            errors.Add(new("effectiveFrom", $"Another policy of the plan for {service.Name} is in effect from {Iso(clash.EffectiveFrom)}"
                + (clash.EffectiveTo is { } e ? $" to {Iso(e)}" : "") + "; end it first or choose dates that do not overlap."));
        }

        var versions = service.Versions.Where(v => v.EffectiveFrom <= (policy.EffectiveTo ?? DateOnly.MaxValue)
            && policy.EffectiveFrom <= (v.EffectiveTo ?? DateOnly.MaxValue)).ToList();
        for (var i = 0; i < policy.Limits.Count; i++)
        {
            var limit = policy.Limits[i];
            foreach (var version in versions)
            {
                var state = version.Limits.FirstOrDefault(l => l.Kind == limit.Kind && l.Unit == limit.Unit && l.Period == limit.Period);
                if (state is not null && limit.Quantity > state.Quantity)
                {
                    errors.Add(new($"limits[{i.ToString(CultureInfo.InvariantCulture)}].quantity",
                        $"{Number(limit.Quantity)} {limit.Unit} is above the state's limit of {Number(state.Quantity)} {state.Unit} "
                        + $"(rule version {version.RuleVersion}); a plan may set its own limits only within the state's."));
                }
            }
        }

        return errors;
    }

    /// <summary>Reads a policy's criteria and limits from JSON in the catalog's shape (the same fields and
    /// vocabulary as <c>community-supports.json</c>); errors name the field.</summary>
    public static (Criterion? Criteria, IReadOnlyList<Limit>? Limits, IReadOnlyList<PolicyError> Errors) Read(JsonElement? criteria, JsonElement? limits)
    {
        var found = new List<CatalogError>();
        var r = new JsonFieldReader("policy", found);
        Criterion? criterion = null;
        if (criteria is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } c)
        {
            criterion = CriterionReader.Read(r, c, "criteria");
        }

        List<Limit>? list = [];
        if (limits is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } l)
        {
            using var doc = JsonDocument.Parse($"{{\"limits\":{l.GetRawText()}}}");
            list = r.Objects(doc.RootElement, "", "limits", (x, p) => CatalogFileParser.ReadLimit(r, x, p), allowEmpty: true);
        }

        var errors = found.Select(e => new PolicyError(e.Field ?? "policy", e.Message)).ToList();
        return errors.Count > 0 ? (null, null, errors) : (criterion, list ?? [], errors);
    }

    /// <summary>The criteria and limits as JSON in the catalog's shape, for storage and display.</summary>
    public static string CriteriaJson(Criterion criteria) => JsonSerializer.Serialize(criteria, CatalogJson.Options);

    public static string LimitsJson(IReadOnlyList<Limit> limits) => JsonSerializer.Serialize(limits, CatalogJson.Options);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(decimal d) => d.ToString("#,0.##", CultureInfo.InvariantCulture);
}
