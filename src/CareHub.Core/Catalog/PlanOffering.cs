namespace CareHub.Catalog;

/// <summary>
/// A plan's election to offer one Community Support in one county from <see cref="Start"/> to <see cref="End"/>
/// (inclusive; null while open-ended).
/// </summary>
public sealed record PlanOffering(Guid PlanId, string County, string CommunitySupportCode, DateOnly Start, DateOnly? End)
{
    public bool Covers(DateOnly date) => Start <= date && (End is null || date <= End);

    /// <summary>Same plan, same county (ignoring case and surrounding spaces) and same service.</summary>
    public bool IsSameOfferingSlot(PlanOffering other) =>
        PlanId == other.PlanId
        && string.Equals(County.Trim(), other.County.Trim(), StringComparison.OrdinalIgnoreCase)
        && string.Equals(CommunitySupportCode.Trim(), other.CommunitySupportCode.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>"housing-deposits in Alameda from 2022-01-01 to 2023-12-31" (or "to open").</summary>
    public string Describe() =>
        $"{CommunitySupportCode} in {County} from {JsonFieldReader.Date(Start)} to {(End is { } end ? JsonFieldReader.Date(end) : "open")}";
}

/// <summary>
/// The decision on a new or changed offering and its evidence: the catalog version of the service on the start date
/// and the existing offering it clashes with, if any. <see cref="Problems"/> is empty when accepted; each problem
/// names the field of the offering it is about (<see cref="Errors"/>).
/// </summary>
public sealed record PlanOfferingDecision(
    PlanOffering Offering,
    IReadOnlyList<OfferingProblem> FieldProblems,
    CommunitySupportVersion? ServiceVersion,
    PlanOffering? Conflict)
{
    public bool Accepted => FieldProblems.Count == 0;

    /// <summary>Every problem in words, in the order found.</summary>
    public IReadOnlyList<string> Problems => [.. FieldProblems.Select(p => p.Message)];

    /// <summary>The problems by field, as the API names the fields.</summary>
    public IReadOnlyDictionary<string, string[]> Errors =>
        FieldProblems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
}

/// <summary>One reason an offering is refused, with the field it is about: <c>offering</c> (the whole), <c>county</c>,
/// <c>communitySupportCode</c>, <c>start</c> or <c>end</c>.</summary>
public sealed record OfferingProblem(string Field, string Message);

/// <summary>The rules for plan offerings, as pure functions.</summary>
public static class PlanOfferingRules
{
    /// <summary>
    /// Checks <paramref name="offering"/> against the catalog and the plan's other offerings:
    /// it must start on January 1 or July 1; it must not end before it starts; the Community Support must be in the
    /// catalog on the start date; and it must not overlap another offering of the same plan, county and service.
    /// When changing an existing offering, leave that one out of <paramref name="existing"/>.
    /// </summary>
    public static PlanOfferingDecision Validate(PlanOffering offering, IEnumerable<PlanOffering> existing, ProgramCatalog catalog)
    {
        var problems = new List<OfferingProblem>();
        if (offering.PlanId == Guid.Empty)
        {
            problems.Add(new("offering", "An offering needs a plan."));
        }

        if (string.IsNullOrWhiteSpace(offering.County))
        {
            problems.Add(new("county", "An offering needs a county."));
        }

        if (!IsOfferingStartDate(offering.Start))
        {
            problems.Add(new("start", $"An offering must start on January 1 or July 1; {JsonFieldReader.Date(offering.Start)} is neither."));
        }

        if (offering.End is { } end && end < offering.Start)
        {
            problems.Add(new("end", $"An offering cannot end ({JsonFieldReader.Date(end)}) before it starts ({JsonFieldReader.Date(offering.Start)})."));
        }

        CommunitySupportVersion? version = null;
        var service = catalog.FindCommunitySupport(offering.CommunitySupportCode.Trim());
        if (service is null)
        {
            problems.Add(new("communitySupportCode", $"'{offering.CommunitySupportCode}' is not a Community Support in the catalog."));
        }
        else
        {
            version = service.VersionOn(offering.Start);
            if (version is null)
            {
                problems.Add(new("start", service.FirstEffectiveDate > offering.Start
                    ? $"{service.Name} ({service.Code}) is in the catalog only from {JsonFieldReader.Date(service.FirstEffectiveDate)}; an offering cannot start on {JsonFieldReader.Date(offering.Start)}."
                    : $"{service.Name} ({service.Code}) is not in the catalog on {JsonFieldReader.Date(offering.Start)}."));
            }
        }

        var conflict = existing.FirstOrDefault(o => o.IsSameOfferingSlot(offering) && Overlaps(o, offering));
        if (conflict is not null)
        {
            // The new offering's start falls inside the other one, or its end (or open end) reaches into it.
            problems.Add(new(conflict.Start <= offering.Start ? "start" : "end", $"This offering overlaps the plan's existing offering of {conflict.Describe()}."));
        }

        return new PlanOfferingDecision(offering, problems, version, conflict);
    }

    /// <summary>New offerings start at six-month intervals: January 1 or July 1.</summary>
    public static bool IsOfferingStartDate(DateOnly date) => date.Day == 1 && date.Month is 1 or 7;

    /// <summary>Two offerings overlap when they share at least one day (ends are inclusive).</summary>
    public static bool Overlaps(PlanOffering a, PlanOffering b) =>
        (b.End is null || a.Start <= b.End) && (a.End is null || b.Start <= a.End);
}
