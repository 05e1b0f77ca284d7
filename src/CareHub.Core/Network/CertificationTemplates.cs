using System.Text.Json;

namespace CareHub.Network;

/// <summary>One required area of a certification template: what the provider must show and the evidence the
/// plan recommends.</summary>
public sealed record TemplateArea(string Code, string Title, string Criteria, string RecommendedEvidence);

/// <summary>A version of a certification application template. An application keeps the version it was started
/// with; a new version only applies to applications started on or after its <see cref="EffectiveFrom"/>.</summary>
public sealed record CertificationTemplate(string Id, string Kind, int Version, string Title, DateOnly EffectiveFrom, IReadOnlyList<TemplateArea> Areas)
{
    public TemplateArea? Area(string code) => Areas.FirstOrDefault(a => a.Code == code);
}

/// <summary>
/// The certification templates, shipped as versioned JSON data (<c>Network/Templates/{id}.v{version}.json</c>):
/// the ECM model of care, the simplified Health Homes template and the Community Supports provider template.
/// </summary>
public sealed class CertificationTemplates
{
    public const string Ecm = "ecm-certification";
    public const string HealthHomes = "health-homes-certification";
    public const string CommunitySupports = "cs-provider-certification";

    public static readonly IReadOnlyList<string> Kinds = [Ecm, HealthHomes, CommunitySupports];

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<CertificationTemplate> All { get; }

    public CertificationTemplates(IEnumerable<CertificationTemplate> templates)
    {
        All = [.. templates.OrderBy(t => t.Kind, StringComparer.Ordinal).ThenBy(t => t.Version)];
        foreach (var dup in All.GroupBy(t => (t.Kind, t.Version)).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"Template {dup.Key.Kind} has version {dup.Key.Version} twice.");
        }
    }

    /// <summary>The templates embedded in CareHub.</summary>
    public static CertificationTemplates Embedded { get; } = new(LoadEmbedded());

    /// <summary>The version in effect on a date: the highest version whose effective date is not after it.</summary>
    public CertificationTemplate? InEffect(string kind, DateOnly asOf) =>
        All.Where(t => t.Kind == kind && t.EffectiveFrom <= asOf).MaxBy(t => t.Version);

    public CertificationTemplate? Get(string kind, int version) => All.FirstOrDefault(t => t.Kind == kind && t.Version == version);

    public static CertificationTemplate Parse(string json, string source)
    {
        var t = JsonSerializer.Deserialize<CertificationTemplate>(json, _json)
            ?? throw new InvalidOperationException($"{source}: empty template.");
        if (string.IsNullOrWhiteSpace(t.Kind) || t.Version < 1 || t.Areas is not { Count: > 0 })
        {
            throw new InvalidOperationException($"{source}: a template needs a kind, a version of 1 or more and at least one area.");
        }

        foreach (var (area, i) in t.Areas.Select((a, i) => (a, i)))
        {
            if (string.IsNullOrWhiteSpace(area.Code) || string.IsNullOrWhiteSpace(area.Title) || string.IsNullOrWhiteSpace(area.Criteria))
            {
                throw new InvalidOperationException($"{source}: area {i + 1} needs code, title and criteria.");
            }
        }

        if (t.Areas.GroupBy(a => a.Code).FirstOrDefault(g => g.Count() > 1) is { } dup)
        {
            throw new InvalidOperationException($"{source}: area code '{dup.Key}' appears twice.");
        }

        return t;
    }

    private static IEnumerable<CertificationTemplate> LoadEmbedded()
    {
        var assembly = typeof(CertificationTemplates).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("CareHub.Network.Templates.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return Parse(reader.ReadToEnd(), name);
        }
    }
}
