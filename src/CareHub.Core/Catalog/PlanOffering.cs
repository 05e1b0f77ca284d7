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
/// and the existing offering it clashes with, if any. <see cref="Problems"/> is empty when accepted.
/// </summary>
public sealed record PlanOfferingDecision(
    PlanOffering Offering,
    IReadOnlyList<string> Problems,
    CommunitySupportVersion? ServiceVersion,
    PlanOffering? Conflict)
{
    public bool Accepted => Problems.Count == 0;
}

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
        var problems = new List<string>();
        if (offering.PlanId == Guid.Empty)
        {
            problems.Add("An offering needs a plan.");
        }

        if (string.IsNullOrWhiteSpace(offering.County))
        {
            problems.Add("An offering needs a county.");
        }

        if (!IsOfferingStartDate(offering.Start))
        {
            problems.Add($"An offering must start on January 1 or July 1; {JsonFieldReader.Date(offering.Start)} is neither.");
        }

        if (offering.End is { } end && end < offering.Start)
        {
            problems.Add($"An offering cannot end ({JsonFieldReader.Date(end)}) before it starts ({JsonFieldReader.Date(offering.Start)}).");
        }

        CommunitySupportVersion? version = null;
        var service = catalog.FindCommunitySupport(offering.CommunitySupportCode.Trim());
        if (service is null)
        {
            problems.Add($"'{offering.CommunitySupportCode}' is not a Community Support in the catalog.");
        }
        else
        {
            version = service.VersionOn(offering.Start);
            if (version is null)
            {
                problems.Add(service.FirstEffectiveDate > offering.Start
                    ? $"{service.Name} ({service.Code}) is in the catalog only from {JsonFieldReader.Date(service.FirstEffectiveDate)}; an offering cannot start on {JsonFieldReader.Date(offering.Start)}."
                    : $"{service.Name} ({service.Code}) is not in the catalog on {JsonFieldReader.Date(offering.Start)}.");
            }
        }

        var conflict = existing.FirstOrDefault(o => o.IsSameOfferingSlot(offering) && Overlaps(o, offering));
        if (conflict is not null)
        {
            problems.Add($"This offering overlaps the plan's existing offering of {conflict.Describe()}.");
        }

        return new PlanOfferingDecision(offering, problems, version, conflict);
    }

    /// <summary>New offerings start at six-month intervals: January 1 or July 1.</summary>
    public static bool IsOfferingStartDate(DateOnly date) => date.Day == 1 && date.Month is 1 or 7;

    /// <summary>Two offerings overlap when they share at least one day (ends are inclusive).</summary>
    public static bool Overlaps(PlanOffering a, PlanOffering b) =>
        (b.End is null || a.Start <= b.End) && (a.End is null || b.Start <= a.End);
}
