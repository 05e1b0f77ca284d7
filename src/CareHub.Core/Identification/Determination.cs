namespace CareHub.Identification;

/// <summary>
/// The decision for one member and one population: whether the member meets the rule's criteria, whether an
/// exclusion applies, and the evidence. <see cref="Eligible"/> = criteria met and no exclusion.
/// </summary>
/// <param name="MemberId">The source's own member id (plan member id, Synthea <c>Id</c>).</param>
/// <param name="MemberIndex">The member's position in the input (0-based), stable within a run.</param>
/// <param name="Exclusion">Why a member who meets the criteria is not eligible, or null.</param>
public sealed record Determination(
    string MemberId,
    int MemberIndex,
    string Population,
    string RuleVersion,
    bool CriteriaMet,
    Exclusion? Exclusion,
    EvidenceItem Evidence)
{
    public bool Eligible => CriteriaMet && Exclusion is null;

    /// <summary>The evidence in plain words, e.g. "5 ED visits between 2024-07-01 and 2024-12-31 (5 or more
    /// needed): 2024-07-03 (C1), ...; age 34 on 2024-12-31 (21 or older)".</summary>
    public string EvidenceText => Evidence.Text;
}

/// <summary>Why a member is not eligible although the rule's criteria are met.</summary>
/// <param name="Code"><see cref="ExclusionCodes"/> or a program code from <see cref="ProgramCodes.EcmExclusions"/>.</param>
/// <param name="Text">Plain words, e.g. "enrolled in hospice from 2024-10-01 (programs.csv P17)".</param>
public sealed record Exclusion(string Code, string Text);

/// <summary>
/// The evidence for one criterion (and, for <c>all-of</c>/<c>any-of</c>, its children): whether it was met, the
/// count against the threshold and window where one applies, and the records that counted.
/// </summary>
/// <param name="Kind">The criterion kind: <c>all-of</c>, <c>any-of</c>, <c>age</c>, <c>event-count</c>, ...</param>
/// <param name="Text">Plain words for this criterion and, for groups, the children that decided it.</param>
public sealed record EvidenceItem(
    string Kind,
    bool Met,
    string Text,
    int? Count,
    int? Threshold,
    DateOnly? WindowStart,
    DateOnly? WindowEnd,
    IReadOnlyList<EvidenceRecord> Records,
    IReadOnlyList<EvidenceItem> Children);

/// <summary>One source record that counted: a claim or encounter, a diagnosis, an HMIS enrollment, a program
/// enrollment, a release.</summary>
/// <param name="Date">The date that counted (service date, release date, start of an enrollment).</param>
/// <param name="EndDate">The end of a span (enrollment, stay), when the record is a span; null when open or a point.</param>
/// <param name="Kind">What it is: an event kind, <c>diagnosis</c>, <c>hmis</c>, <c>program</c>, <c>release</c>.</param>
/// <param name="SourceId">The source's id: claim id, encounter id, HMIS enrollment id, release id.</param>
/// <param name="Code">A diagnosis code or program code, when one applies.</param>
public sealed record EvidenceRecord(DateOnly Date, DateOnly? EndDate, string Kind, string SourceId, string? Code);
