namespace CareHub.Catalog;

/// <summary>
/// <see cref="Exclusion"/>: a member in the program may not be in ECM at the same time.
/// <see cref="NonDuplication"/>: both are allowed, but the plan must make sure the same service is not given twice.
/// </summary>
public enum ExclusionType
{
    Exclusion = 1,
    NonDuplication = 2,
}

/// <summary>
/// An ECM exclusion or non-duplication rule. <see cref="Criteria"/> identifies the members it applies to (usually a
/// <see cref="ProgramCriterion"/>), so the identification engine can apply it as data.
/// </summary>
public sealed record EcmExclusion(
    string Code,
    string Name,
    ExclusionType Type,
    string Description,
    Criterion Criteria,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    IReadOnlyList<string> Sources,
    Confidence Confidence,
    string? Notes)
{
    public bool IsInEffectOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is null || date <= EffectiveTo);
}
