using System.Globalization;
using CareHub.Catalog;

namespace CareHub.Referrals;

/// <summary>Whether a criterion appears met from the data CareHub has: met, not met, or unknown (needs the
/// referrer's attestation or data CareHub does not hold).</summary>
public enum CriteriaResult
{
    Unknown = 0,
    Met = 1,
    NotMet = 2,
}

/// <summary>A claim or encounter the screen reads: its class (emergency, inpatient, snf, ...), date and diagnosis.</summary>
public sealed record ScreenEncounter(string EncounterClass, DateOnly ServiceDate, string? Diagnosis);

/// <summary>What the screen knows about the member.</summary>
public sealed record ScreenFacts(
    DateOnly BirthDate, string Sex, string County, bool IsDual, string? AidCode, string? RaceEthnicity,
    IReadOnlyList<ScreenEncounter> Encounters);

/// <summary>One line of the screen: the criterion in words and how it came out.</summary>
public sealed record CriteriaLine(int Depth, string Text, CriteriaResult Result, string? Why);

public sealed record CriteriaScreenResult(CriteriaResult Result, IReadOnlyList<CriteriaLine> Lines);

/// <summary>
/// A quick screen of a Community Support's eligibility criteria against the member's data on a date, for the instant
/// check on the referral form. It never proves eligibility: attestations count only when the referrer attests them,
/// and facts CareHub cannot see (programs, releases) stay unknown. The plan still decides.
/// </summary>
public static class CriteriaScreen
{
    public static CriteriaScreenResult Evaluate(Criterion criterion, ScreenFacts facts, DateOnly asOf, IReadOnlyCollection<string> attested)
    {
        var lines = new List<CriteriaLine>();
        var result = Eval(criterion, facts, asOf, attested, 0, lines);
        return new CriteriaScreenResult(result, lines);
    }

    /// <summary>The attestation statements in a criterion tree, in order (the form shows one checkbox each).</summary>
    public static IReadOnlyList<string> Attestations(Criterion criterion) => criterion switch
    {
        AttestationCriterion a => [a.Statement],
        AllOf all => [.. all.Criteria.SelectMany(Attestations)],
        AnyOf any => [.. any.Criteria.SelectMany(Attestations)],
        NoneOf none => [.. none.Criteria.SelectMany(Attestations)],
        _ => [],
    };

    private static CriteriaResult Eval(Criterion c, ScreenFacts f, DateOnly asOf, IReadOnlyCollection<string> attested, int depth, List<CriteriaLine> lines)
    {
        var index = lines.Count;
        lines.Add(new CriteriaLine(depth, CriterionText.Describe(c), CriteriaResult.Unknown, null));
        var (result, why) = c switch
        {
            AllOf all => (Combine(all.Criteria.Select(x => Eval(x, f, asOf, attested, depth + 1, lines)).ToList(), all: true), null),
            AnyOf any => (Combine(any.Criteria.Select(x => Eval(x, f, asOf, attested, depth + 1, lines)).ToList(), all: false), null),
            NoneOf none => (Negate(Combine(none.Criteria.Select(x => Eval(x, f, asOf, attested, depth + 1, lines)).ToList(), all: false)), null),
            AgeCriterion a => Age(a, f, asOf),
            EventCountCriterion e => Events(e, f, asOf),
            DiagnosisCriterion d => Diagnoses(d, f, asOf),
            HomelessnessCriterion h => Homeless(h, f, asOf),
            MemberAttributeCriterion m => Attribute(m, f),
            AttestationCriterion a => attested.Contains(a.Statement, StringComparer.OrdinalIgnoreCase)
                ? (CriteriaResult.Met, "attested by the referrer")
                : (CriteriaResult.Unknown, "needs the referrer's attestation"),
            _ => (CriteriaResult.Unknown, "CareHub does not hold this data; the plan will check it"),
        };
        lines[index] = lines[index] with { Result = result, Why = why };
        return result;
    }

    private static CriteriaResult Combine(IReadOnlyList<CriteriaResult> parts, bool all)
    {
        if (all)
        {
            return parts.Contains(CriteriaResult.NotMet) ? CriteriaResult.NotMet
                : parts.All(p => p == CriteriaResult.Met) ? CriteriaResult.Met : CriteriaResult.Unknown;
        }

        return parts.Contains(CriteriaResult.Met) ? CriteriaResult.Met
            : parts.Count > 0 && parts.All(p => p == CriteriaResult.NotMet) ? CriteriaResult.NotMet : CriteriaResult.Unknown;
    }

    private static CriteriaResult Negate(CriteriaResult r) => r switch
    {
        CriteriaResult.Met => CriteriaResult.NotMet,
        CriteriaResult.NotMet => CriteriaResult.Met,
        _ => CriteriaResult.Unknown,
    };

    private static (CriteriaResult, string?) Age(AgeCriterion a, ScreenFacts f, DateOnly asOf)
    {
        var age = Members.Ages.WholeYears(f.BirthDate, asOf);
        var ok = (a.Min is null || age >= a.Min) && (a.Max is null || age <= a.Max);
        return (ok ? CriteriaResult.Met : CriteriaResult.NotMet, $"age {age.ToString(CultureInfo.InvariantCulture)}");
    }

    private static bool InWindow(DateOnly date, DateOnly asOf, int months) => date > asOf.AddMonths(-months) && date <= asOf;

    private static (CriteriaResult, string?) Events(EventCountCriterion e, ScreenFacts f, DateOnly asOf)
    {
        var classes = e.Events.Select(k => k switch
        {
            "ed-visit" => "emergency",
            "inpatient-admission" => "inpatient",
            "snf-stay" => "snf",
            _ => null,
        }).ToList();
        var count = f.Encounters.Count(x => InWindow(x.ServiceDate, asOf, e.WindowMonths) && classes.Contains(x.EncounterClass));
        if (count >= e.Min)
        {
            return (CriteriaResult.Met, $"{count.ToString(CultureInfo.InvariantCulture)} found in claims");
        }

        // Kinds CareHub cannot tell from the encounter class (for example crisis visits) may still be met.
        return classes.Contains(null)
            ? (CriteriaResult.Unknown, $"{count.ToString(CultureInfo.InvariantCulture)} found; other kinds are not in CareHub's claims")
            : (CriteriaResult.NotMet, $"{count.ToString(CultureInfo.InvariantCulture)} found in claims");
    }

    private static (CriteriaResult, string?) Diagnoses(DiagnosisCriterion d, ScreenFacts f, DateOnly asOf)
    {
        var matches = f.Encounters.Where(x => x.Diagnosis is { } dx
                && (d.WindowMonths is not { } w || InWindow(x.ServiceDate, asOf, w))
                && d.Codes.Any(code => dx.Replace(".", "", StringComparison.Ordinal).StartsWith(code.Replace(".", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return matches.Count >= d.MinCount
            ? (CriteriaResult.Met, $"{string.Join(", ", matches.Select(m => m.Diagnosis).Distinct().Take(3))} on {matches.Max(m => m.ServiceDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")
            : (CriteriaResult.Unknown, "no matching diagnosis in CareHub's claims; the referrer's records may show it");
    }

    private static (CriteriaResult, string?) Homeless(HomelessnessCriterion h, ScreenFacts f, DateOnly asOf)
    {
        var z59 = f.Encounters.Where(x => x.Diagnosis is { } dx && dx.Replace(".", "", StringComparison.Ordinal).StartsWith("Z590", StringComparison.OrdinalIgnoreCase)
            && x.ServiceDate > asOf.AddDays(-h.WindowDays) && x.ServiceDate <= asOf).ToList();
        return z59.Count > 0
            ? (CriteriaResult.Met, $"Z59.0 diagnosis on {z59.Max(x => x.ServiceDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")
            : (CriteriaResult.Unknown, "no homelessness diagnosis in claims; HMIS or the referrer may show it");
    }

    private static (CriteriaResult, string?) Attribute(MemberAttributeCriterion m, ScreenFacts f)
    {
        var value = m.Attribute switch
        {
            "raceEthnicity" => f.RaceEthnicity,
            "sex" => f.Sex,
            "isDual" => f.IsDual ? "true" : "false",
            "aidCode" => f.AidCode,
            "county" => f.County,
            _ => null,
        };
        if (value is null)
        {
            return (CriteriaResult.Unknown, "not on file");
        }

        return (m.Values.Contains(value, StringComparer.OrdinalIgnoreCase) ? CriteriaResult.Met : CriteriaResult.NotMet, value);
    }
}

/// <summary>The instant check of a referral against the catalog, shown before it is sent.</summary>
public sealed record ReferralCheckResult(
    string ServiceCode,
    string? ServiceName,
    bool InCatalog,
    bool Offered,
    string OfferingMessage,
    CriteriaResult Criteria,
    IReadOnlyList<CriteriaLine> CriteriaLines,
    IReadOnlyList<string> Attestations,
    LimitCheck Limits,
    string? QuantityUnit,
    bool NeedsAmount,
    PlanPolicy? Policy = null)
{
    /// <summary>Reasons the referral cannot be authorized as asked: not offered, or over a confirmed limit that no
    /// documented exception covers.</summary>
    public IReadOnlyList<string> Blocking => Offered ? Limits.Refusals : [OfferingMessage, .. Limits.Refusals];

    /// <summary>Limits the request is over that the plan may still approve: a documented exception applies, or the
    /// limit is unconfirmed. The referral may be sent; the plan's reviewer decides.</summary>
    public IReadOnlyList<string> Warnings => Limits.Warnings;

    /// <summary>"Plan policy from 2026-01-01 (source: ...)" when the plan narrows the state's rule.</summary>
    public string? PolicyMessage => Policy is null ? null
        : $"{Policy.CommunitySupportCode}: the plan's own policy applies from {LimitEngine.Date(Policy.EffectiveFrom)}"
            + (Policy.EffectiveTo is { } to ? $" to {LimitEngine.Date(to)}" : "")
            + $" (source: {Policy.Source})"
            + (Policy.Criteria is null ? "" : "; its criteria apply in addition to the state's")
            + (Policy.Limits.Count == 0 ? "" : "; its limits apply within the state's") + ".";

    public bool CanProceed => InCatalog && Offered && Limits.Allowed;
}

public static class ReferralChecks
{
    /// <summary>
    /// Checks a referral for <paramref name="request"/> (service, dates, quantity, amount): is the service in the
    /// catalog and offered by the member's plan in the member's county on the start date, do the criteria appear met,
    /// and would any limit be exceeded given <paramref name="history"/> (all plans, all counties). The plan's policy
    /// for the service on the start date (<paramref name="policies"/>) narrows the criteria and adds its limits.
    /// </summary>
    public static ReferralCheckResult Check(
        ProgramCatalog catalog,
        IEnumerable<PlanOffering> planOfferings,
        string planName,
        string county,
        LimitRequest request,
        ScreenFacts facts,
        IReadOnlyCollection<string> attested,
        IEnumerable<UsageRecord> history,
        IEnumerable<PlanPolicy>? policies = null)
    {
        var service = catalog.CommunitySupportOn(request.ServiceCode, request.Start);
        if (service is null)
        {
            var known = catalog.FindCommunitySupport(request.ServiceCode);
            var message = known is null
                ? $"'{request.ServiceCode}' is not a Community Support in the catalog."
                : $"{known.Name} is not in the catalog on {LimitEngine.Date(request.Start)}.";
            return new ReferralCheckResult(request.ServiceCode, known?.Name, false, false, message, CriteriaResult.Unknown, [], [],
                new LimitCheck([], [message]), null, false);
        }

        var offered = planOfferings.Any(o => string.Equals(o.County.Trim(), county.Trim(), StringComparison.OrdinalIgnoreCase)
            && string.Equals(o.CommunitySupportCode, service.Code, StringComparison.OrdinalIgnoreCase)
            && o.Covers(request.Start));
        var offeringMessage = offered
            ? $"{planName} offers {service.Name} in {county} County on {LimitEngine.Date(request.Start)}."
            : $"{planName} does not offer {service.Name} in {county} County on {LimitEngine.Date(request.Start)}.";
        var policy = policies is null ? null : PlanPolicies.On(policies, service.Code, request.Start);
        var criteria = PlanPolicies.Criteria(service.Version.Criteria, policy);
        var screen = CriteriaScreen.Evaluate(criteria, facts, request.Start, attested);
        var planLimits = policy is null || policy.Limits.Count == 0 ? null : new PlanLimits(planName, policy.Limits, policy.Source);
        var limits = LimitEngine.Check(catalog, request, history, planLimits);
        return new ReferralCheckResult(service.Code, service.Name, true, offered, offeringMessage, screen.Result, screen.Lines,
            CriteriaScreen.Attestations(criteria), limits, LimitEngine.QuantityUnit(service.Version), LimitEngine.NeedsAmount(service.Version), policy);
    }
}
