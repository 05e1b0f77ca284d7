namespace CareHub.Identification;

/// <summary>What a criterion, or a whole rule, comes to for one member. Data criteria are met or not met; an
/// attestation (a fact data cannot show) is to be confirmed. Ordered: not met &lt; to confirm &lt; met.</summary>
public enum CriterionResult
{
    NotMet = 0,

    /// <summary>The data meets everything it can show; attestations remain to be confirmed by the ECM provider or
    /// the care manager.</summary>
    ToConfirm = 1,

    Met = 2,
}

/// <summary>Where a determination leaves the member for the population.</summary>
public enum DeterminationStatus
{
    /// <summary>The data does not meet the rule.</summary>
    NotMet,

    /// <summary>Criteria met (outright or pending confirmation) but an exclusion applies.</summary>
    Excluded,

    /// <summary>Identified, pending confirmation: the data meets every criterion it can show, no exclusion applies,
    /// and the attestations in <see cref="Determination.PendingAttestations"/> are still to be confirmed.</summary>
    ToConfirm,

    /// <summary>Eligible outright: every criterion met by data, no exclusion.</summary>
    Eligible,
}

/// <summary>
/// The decision for one member and one population: whether the member meets the rule's criteria, whether an
/// exclusion applies, and the evidence. <see cref="Eligible"/> = every criterion met by data and no exclusion;
/// <see cref="Identified"/> also counts members pending confirmation of attestations.
/// </summary>
/// <param name="MemberId">The source's own member id (plan member id, Synthea <c>Id</c>).</param>
/// <param name="MemberIndex">The member's position in the input (0-based), stable within a run.</param>
/// <param name="CriteriaMet">The data meets every criterion it can show: the rule is met, or met but for the
/// attestations in <see cref="PendingAttestations"/>.</param>
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
    /// <summary>The statements still to be confirmed, in plain words (empty when the rule is met by data alone or
    /// not met). A statement may combine alternatives ("At least one of: ...; or ...").</summary>
    public IReadOnlyList<string> PendingAttestations => CriteriaMet ? Evidence.ToConfirm : [];

    /// <summary>Criteria met, outright or pending confirmation, and no exclusion.</summary>
    public bool Identified => CriteriaMet && Exclusion is null;

    /// <summary>Eligible outright: criteria met by data alone and no exclusion.</summary>
    public bool Eligible => Identified && PendingAttestations.Count == 0;

    /// <summary>Identified, pending confirmation of <see cref="PendingAttestations"/>.</summary>
    public bool ToConfirm => Identified && PendingAttestations.Count > 0;

    public DeterminationStatus Status =>
        !CriteriaMet ? DeterminationStatus.NotMet
        : Exclusion is not null ? DeterminationStatus.Excluded
        : PendingAttestations.Count > 0 ? DeterminationStatus.ToConfirm
        : DeterminationStatus.Eligible;

    /// <summary>The evidence in plain words, e.g. "5 ED visits between 2024-07-01 and 2024-12-31 (5 or more
    /// needed): 2024-07-03 (C1), ...; age 34 on 2024-12-31 (21 or older)"; for a member pending confirmation it
    /// ends with "to confirm: ..." and the statements.</summary>
    public string EvidenceText => Evidence.Text;
}

/// <summary>Why a member is not eligible although the rule's criteria are met.</summary>
/// <param name="Code"><see cref="ExclusionCodes"/> or the program code of a catalog ECM exclusion.</param>
/// <param name="Text">Plain words, e.g. "enrolled in hospice from 2024-10-01 (programs.csv P17)".</param>
public sealed record Exclusion(string Code, string Text);

/// <summary>
/// The evidence for one criterion (and, for <c>all-of</c>/<c>any-of</c>, its children): whether it was met, the
/// count against the threshold and window where one applies, and the records that counted.
/// </summary>
/// <param name="Kind">The criterion kind: <c>all-of</c>, <c>any-of</c>, <c>age</c>, <c>event-count</c>, ...</param>
/// <param name="Met">Met by data (false when not met and when to be confirmed).</param>
/// <param name="Text">Plain words for what the data shows for this criterion and, for groups, the children that
/// decided it (empty for an attestation). A rule's top item pending confirmation ends with "to confirm: ...".</param>
public sealed record EvidenceItem(
    string Kind,
    bool Met,
    string Text,
    int? Count,
    int? Threshold,
    DateOnly? WindowStart,
    DateOnly? WindowEnd,
    IReadOnlyList<EvidenceRecord> Records,
    IReadOnlyList<EvidenceItem> Children)
{
    /// <summary>When the criterion is to be confirmed: the statements to confirm (for an <c>any-of</c> with several
    /// open alternatives, one "At least one of: ..." statement); empty otherwise.</summary>
    public IReadOnlyList<string> ToConfirm { get; init; } = [];

    public CriterionResult Result => Met ? CriterionResult.Met : ToConfirm.Count > 0 ? CriterionResult.ToConfirm : CriterionResult.NotMet;
}

/// <summary>One source record that counted: a claim or encounter, a diagnosis, an HMIS enrollment, a program
/// enrollment, a release.</summary>
/// <param name="Date">The date that counted (service date, release date, start of an enrollment).</param>
/// <param name="EndDate">The end of a span (enrollment, stay), when the record is a span; null when open or a point.</param>
/// <param name="Kind">What it is: an event kind, <c>diagnosis</c>, <c>hmis</c>, <c>program</c>, <c>release</c>.</param>
/// <param name="SourceId">The source's id: claim id, encounter id, HMIS enrollment id, release id.</param>
/// <param name="Code">A diagnosis code or program code, when one applies.</param>
public sealed record EvidenceRecord(DateOnly Date, DateOnly? EndDate, string Kind, string SourceId, string? Code);
