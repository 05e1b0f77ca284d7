using System.Security.Cryptography;
using System.Text;

namespace CareHub.Catalog;

/// <summary>
/// The validated program catalog: Populations of Focus, Community Supports, shared limits and ECM exclusion rules,
/// each effective-dated. Build it with <see cref="CatalogLoader"/>. Immutable and safe to share (register it as a
/// singleton). Every query takes the date it is asked "as of"; codes are matched ignoring case.
/// </summary>
public sealed class ProgramCatalog
{
    private readonly Dictionary<string, PopulationOfFocus> _populations;
    private readonly Dictionary<string, CommunitySupport> _services;

    internal ProgramCatalog(
        string catalogVersion,
        IReadOnlyList<PopulationOfFocus> populations,
        IReadOnlyList<CommunitySupport> communitySupports,
        IReadOnlyList<SharedLimit> sharedLimits,
        IReadOnlyList<EcmExclusion> ecmExclusions,
        IReadOnlyDictionary<string, string> sourceFiles,
        IReadOnlyList<EcmNote>? ecmNotes = null)
    {
        EcmNotes = ecmNotes ?? [];
        CatalogVersion = catalogVersion;
        Populations = populations;
        CommunitySupports = communitySupports;
        SharedLimits = sharedLimits;
        EcmExclusions = ecmExclusions;
        SourceFiles = sourceFiles;
        ContentHash = Hash(sourceFiles);
        _populations = populations.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);
        _services = communitySupports.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The release of the catalog files (<c>catalogVersion</c>), for example <c>2026.1</c>.</summary>
    public string CatalogVersion { get; }

    /// <summary>SHA-256 (hex) of the data files, so a database load can tell whether the catalog changed.</summary>
    public string ContentHash { get; }

    /// <summary>The text of each data file the catalog was loaded from, keyed by file name.</summary>
    public IReadOnlyDictionary<string, string> SourceFiles { get; }

    /// <summary>Every Population of Focus, in file order, with its full rule history.</summary>
    public IReadOnlyList<PopulationOfFocus> Populations { get; }

    /// <summary>Every Community Support, in file order, with its full version history.</summary>
    public IReadOnlyList<CommunitySupport> CommunitySupports { get; }

    public IReadOnlyList<SharedLimit> SharedLimits { get; }

    public IReadOnlyList<EcmExclusion> EcmExclusions { get; }

    /// <summary>ECM rules kept as notes (not applied from the catalog), each with its sources and confidence, e.g.
    /// presumptive authorization.</summary>
    public IReadOnlyList<EcmNote> EcmNotes { get; }

    /// <summary>The Populations of Focus with a rule version in effect on <paramref name="date"/>, each with that version.</summary>
    public IReadOnlyList<PopulationAsOf> PopulationsAsOf(DateOnly date) =>
        [.. Populations.Select(p => (Population: p, Rule: p.RuleVersionOn(date)))
            .Where(x => x.Rule is not null)
            .Select(x => new PopulationAsOf(x.Population, x.Rule!))];

    /// <summary>The Community Supports in the catalog on <paramref name="date"/>, each with its version and shared limits then.</summary>
    public IReadOnlyList<CommunitySupportAsOf> CommunitySupportsAsOf(DateOnly date) =>
        [.. CommunitySupports.Select(s => CommunitySupportOn(s.Code, date)).OfType<CommunitySupportAsOf>()];

    /// <summary>One Community Support as of <paramref name="date"/>; null when unknown or not in the catalog then.</summary>
    public CommunitySupportAsOf? CommunitySupportOn(string code, DateOnly date)
    {
        var service = FindCommunitySupport(code);
        var version = service?.VersionOn(date);
        return service is null || version is null ? null : new CommunitySupportAsOf(service, version, SharedLimitsAsOf(date, service.Code));
    }

    /// <summary>Shared limits in effect on <paramref name="date"/>, optionally only those that count <paramref name="serviceCode"/>.</summary>
    public IReadOnlyList<SharedLimit> SharedLimitsAsOf(DateOnly date, string? serviceCode = null) =>
        [.. SharedLimits.Where(l => l.IsInEffectOn(date)
            && (serviceCode is null || l.Services.Contains(serviceCode, StringComparer.OrdinalIgnoreCase)))];

    /// <summary>ECM exclusion and non-duplication rules in effect on <paramref name="date"/>.</summary>
    public IReadOnlyList<EcmExclusion> EcmExclusionsAsOf(DateOnly date) => [.. EcmExclusions.Where(e => e.IsInEffectOn(date))];

    public PopulationOfFocus? FindPopulation(string code) => _populations.GetValueOrDefault(code);

    public CommunitySupport? FindCommunitySupport(string code) => _services.GetValueOrDefault(code);

    public PopulationRuleVersion? FindPopulationRuleVersion(string code, string ruleVersion) =>
        FindPopulation(code)?.RuleVersions.FirstOrDefault(v => string.Equals(v.RuleVersion, ruleVersion, StringComparison.OrdinalIgnoreCase));

    public CommunitySupportVersion? FindCommunitySupportVersion(string code, string ruleVersion) =>
        FindCommunitySupport(code)?.Versions.FirstOrDefault(v => string.Equals(v.RuleVersion, ruleVersion, StringComparison.OrdinalIgnoreCase));

    /// <summary>A rule version of a Population of Focus or a Community Support (codes never clash between the two).</summary>
    public IRuleVersion? FindRuleVersion(string code, string ruleVersion) =>
        (IRuleVersion?)FindPopulationRuleVersion(code, ruleVersion) ?? FindCommunitySupportVersion(code, ruleVersion);

    /// <summary>Every rule version of a Population of Focus or Community Support, oldest first; empty for an unknown code.</summary>
    public IReadOnlyList<IRuleVersion> RuleHistory(string code) =>
        FindPopulation(code)?.RuleVersions ?? (IReadOnlyList<IRuleVersion>?)FindCommunitySupport(code)?.Versions ?? [];

    /// <summary>
    /// The service a HCPCS code with exactly these modifiers bills on <paramref name="date"/> (modifier order and case
    /// do not matter; H0044 U2 and H0044 U3 are different services). Null when nothing matches.
    /// </summary>
    public BillingMatch? FindBilling(string hcpcs, IEnumerable<string> modifiers, DateOnly date)
    {
        var wanted = modifiers.ToList();
        foreach (var service in CommunitySupports)
        {
            var version = service.VersionOn(date);
            var billing = version?.Billing.FirstOrDefault(b => b.Matches(hcpcs, wanted));
            if (billing is not null)
            {
                return new BillingMatch(service, version!, billing);
            }
        }

        return null;
    }

    private static string Hash(IReadOnlyDictionary<string, string> files)
    {
        var text = string.Concat(CatalogLoader.DataFiles.Select(n => $"{n}\n{files.GetValueOrDefault(n)}\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>An ECM rule the catalog records as a note with its sources (<see cref="Confidence"/> says whether it is
/// confirmed), for example presumptive authorization.</summary>
public sealed record EcmNote(string Topic, string Text, DateOnly? EffectiveFrom, IReadOnlyList<string> Sources, Confidence Confidence);
