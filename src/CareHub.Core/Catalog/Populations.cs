namespace CareHub.Catalog;

/// <summary>How settled a catalog fact is. <see cref="Unconfirmed"/> facts are the best current understanding and
/// must stay visible as such wherever they are shown.</summary>
public enum Confidence
{
    Confirmed = 1,
    Unconfirmed = 2,
}

/// <summary>Who a Population of Focus is for: adults (21 and over), children and youth (under 21), or both.</summary>
public enum AgeGroup
{
    Adult = 1,
    Child = 2,
    Both = 3,
}

/// <summary>
/// One version of an effective-dated rule: a Population of Focus rule version or a Community Support version.
/// <see cref="EffectiveTo"/> is inclusive and null while the version is open-ended.
/// </summary>
public interface IRuleVersion
{
    string RuleVersion { get; }
    DateOnly EffectiveFrom { get; }
    DateOnly? EffectiveTo { get; }
    Criterion Criteria { get; }
    IReadOnlyList<string> Sources { get; }
    Confidence Confidence { get; }
    string? Notes { get; }
}

/// <summary>Helpers for <see cref="IRuleVersion"/>.</summary>
public static class RuleVersions
{
    /// <summary>True when <paramref name="date"/> lies in the version's effective range (both ends inclusive).</summary>
    public static bool IsInEffectOn(this IRuleVersion version, DateOnly date) =>
        version.EffectiveFrom <= date && (version.EffectiveTo is null || date <= version.EffectiveTo);

    /// <summary>"2022-01-01 to 2023-06-30" or "2023-07-01 to open".</summary>
    public static string RangeText(this IRuleVersion version) =>
        $"{JsonFieldReader.Date(version.EffectiveFrom)} to {(version.EffectiveTo is { } to ? JsonFieldReader.Date(to) : "open")}";
}

/// <summary>
/// When a Population of Focus went (or goes) live. <see cref="CountyGroup"/> names the group of counties the
/// date applies to (for example <c>former-wpc-hhp</c>, the 25 counties that had Whole Person Care or Health Homes,
/// and <c>other</c>); null means statewide.
/// </summary>
public sealed record GoLive(
    DateOnly Date,
    string? CountyGroup,
    IReadOnlyList<string> Counties,
    Confidence Confidence,
    string? Note);

/// <summary>An ECM Population of Focus, with its go-live dates and its rule versions (oldest first).</summary>
public sealed record PopulationOfFocus(
    string Code,
    string Name,
    string? DhcsCode,
    AgeGroup AgeGroup,
    IReadOnlyList<string> FormerNames,
    IReadOnlyList<GoLive> GoLive,
    IReadOnlyList<PopulationRuleVersion> RuleVersions)
{
    /// <summary>The rule version in effect on <paramref name="date"/>, or null before the first or after the last.</summary>
    public PopulationRuleVersion? RuleVersionOn(DateOnly date) => RuleVersions.FirstOrDefault(v => v.IsInEffectOn(date));
}

/// <summary>
/// One rule version of a Population of Focus. <see cref="Name"/> is the name used while this version was in effect
/// (null: the population's current name).
/// </summary>
public sealed record PopulationRuleVersion(
    string RuleVersion,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string? Name,
    Criterion Criteria,
    IReadOnlyList<string> Sources,
    Confidence Confidence,
    string? Notes) : IRuleVersion;

/// <summary>A Population of Focus together with the rule version in effect on the date asked about.</summary>
public sealed record PopulationAsOf(PopulationOfFocus Population, PopulationRuleVersion Rule)
{
    public string Code => Population.Code;
    public string Name => Rule.Name ?? Population.Name;
}
