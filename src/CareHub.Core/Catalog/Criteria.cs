using System.Text.Json.Serialization;

namespace CareHub.Catalog;

/// <summary>
/// One eligibility criterion, as data the identification engine evaluates. Criteria nest with
/// <see cref="AllOf"/> and <see cref="AnyOf"/>. Every criterion may carry the citation of its policy source
/// and a note (for example that the threshold is UNCONFIRMED).
/// Look-back windows follow the product's date rule: "in the last N months as of D" covers dates after
/// D minus N calendar months, up to and including D.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AllOf), "all-of")]
[JsonDerivedType(typeof(AnyOf), "any-of")]
[JsonDerivedType(typeof(NoneOf), "none-of")]
[JsonDerivedType(typeof(AgeCriterion), "age")]
[JsonDerivedType(typeof(EventCountCriterion), "event-count")]
[JsonDerivedType(typeof(DiagnosisCriterion), "diagnosis")]
[JsonDerivedType(typeof(HomelessnessCriterion), "homelessness")]
[JsonDerivedType(typeof(ProgramCriterion), "program")]
[JsonDerivedType(typeof(ReleaseCriterion), "release")]
[JsonDerivedType(typeof(MemberAttributeCriterion), "member-attribute")]
[JsonDerivedType(typeof(AttestationCriterion), "attestation")]
public abstract record Criterion
{
    /// <summary>Where the rule comes from (URL, seed or guide section).</summary>
    public string? Citation { get; init; }

    /// <summary>Free text for readers, e.g. "UNCONFIRMED: ...".</summary>
    public string? Note { get; init; }
}

/// <summary>Every child criterion must hold.</summary>
public sealed record AllOf(IReadOnlyList<Criterion> Criteria) : Criterion;

/// <summary>At least one child criterion must hold.</summary>
public sealed record AnyOf(IReadOnlyList<Criterion> Criteria) : Criterion;

/// <summary>No child criterion may hold (an exclusion, e.g. "not enrolled in the HCBA waiver").</summary>
public sealed record NoneOf(IReadOnlyList<Criterion> Criteria) : Criterion;

/// <summary>Age in whole years on the as-of date lies in [Min, Max] (either bound optional).</summary>
public sealed record AgeCriterion(int? Min, int? Max) : Criterion;

/// <summary>
/// At least <paramref name="Min"/> events of the given kinds (counted together) in the last
/// <paramref name="WindowMonths"/> months. Event kinds: <c>ed-visit</c>, <c>inpatient-admission</c>
/// (unplanned hospital admission), <c>snf-stay</c> (short-term skilled nursing stay),
/// <c>sud-ed-visit</c>, <c>crisis-visit</c> and the others in <see cref="CatalogVocabulary.EventKinds"/>.
/// </summary>
public sealed record EventCountCriterion(IReadOnlyList<string> Events, int Min, int WindowMonths) : Criterion;

/// <summary>
/// At least <paramref name="MinCount"/> claim lines with a diagnosis from a named code list (ICD-10 prefixes)
/// in the last <paramref name="WindowMonths"/> months (or ever, when null).
/// </summary>
public sealed record DiagnosisCriterion(string CodeList, IReadOnlyList<string> Codes, int? WindowMonths, int MinCount = 1) : Criterion;

/// <summary>Homeless (per HMIS or a Z59.0x diagnosis) at some point in the last <paramref name="WindowDays"/> days.</summary>
public sealed record HomelessnessCriterion(int WindowDays, bool IncludeAtRisk = false) : Criterion;

/// <summary>
/// Enrolled in (or, with <paramref name="WithinMonths"/>, enrolled at some time in the last N months in) a program:
/// <c>wpc</c>, <c>hhp</c>, <c>ccs</c>, <c>ccs-wcm</c>, <c>foster-care</c>, <c>smhs</c>, <c>dmc</c>, <c>hospice</c>,
/// <c>pace</c>, <c>1915c-waiver</c>, <c>other-care-management</c>, <c>nursing-facility</c>, <c>pregnancy</c> and the
/// others in <see cref="CatalogVocabulary.Programs"/>.
/// </summary>
public sealed record ProgramCriterion(string Program, int? WithinMonths = null) : Criterion;

/// <summary>Released from a prison, jail or youth facility in the last <paramref name="WithinMonths"/> months.</summary>
public sealed record ReleaseCriterion(int WithinMonths) : Criterion;

/// <summary>A member attribute has one of the listed values (e.g. <c>raceEthnicity</c> in [...]).</summary>
public sealed record MemberAttributeCriterion(string Attribute, IReadOnlyList<string> Values) : Criterion;

/// <summary>A fact the data cannot show; a provider or the member must attest it. Never met by data alone.</summary>
public sealed record AttestationCriterion(string Statement) : Criterion;
