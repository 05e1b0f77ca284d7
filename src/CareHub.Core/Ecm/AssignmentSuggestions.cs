namespace CareHub.Ecm;

/// <summary>What the suggestion needs to know about the member.</summary>
public sealed record AssignmentMember(string County, string? Language, IReadOnlyCollection<string> Populations, IReadOnlyCollection<Guid> PreviousProviders);

/// <summary>What the suggestion needs to know about an ECM provider.</summary>
public sealed record AssignmentProvider(
    Guid Id, string Name, IReadOnlyCollection<string> Counties, IReadOnlyCollection<string> PopulationsServed,
    int? Capacity, int Caseload, IReadOnlyCollection<string> Languages, bool AcceptingReferrals = true)
{
    /// <summary>Places left; null when the provider does not track capacity.</summary>
    public int? Remaining => Capacity is { } c ? Math.Max(0, c - Caseload) : null;
}

public sealed record AssignmentSuggestion(
    AssignmentProvider Provider, bool ServesCounty, bool ServesPopulation, bool HasCapacity, bool SpeaksLanguage,
    bool KnowsMember, IReadOnlyList<string> Reasons);

/// <summary>
/// Suggests ECM providers for a member, best first: serves the member's county, then serves the member's
/// Population of Focus, then has places left, then speaks the member's language, then already knows the member
/// (served them before); ties go to the provider with more places left, then by name.
/// </summary>
public static class AssignmentSuggester
{
    public static IReadOnlyList<AssignmentSuggestion> Suggest(AssignmentMember member, IEnumerable<AssignmentProvider> providers) =>
        [.. providers.Where(p => p.AcceptingReferrals).Select(p => Score(member, p))
            .OrderByDescending(s => s.ServesCounty)
            .ThenByDescending(s => s.ServesPopulation)
            .ThenByDescending(s => s.HasCapacity)
            .ThenByDescending(s => s.SpeaksLanguage)
            .ThenByDescending(s => s.KnowsMember)
            .ThenByDescending(s => s.Provider.Remaining ?? int.MaxValue)
            .ThenBy(s => s.Provider.Name, StringComparer.Ordinal)];

    private static AssignmentSuggestion Score(AssignmentMember member, AssignmentProvider p)
    {
        var county = p.Counties.Contains(member.County, StringComparer.OrdinalIgnoreCase);
        var population = member.Populations.Count > 0 && member.Populations.Any(x => p.PopulationsServed.Contains(x, StringComparer.OrdinalIgnoreCase));
        var capacity = p.Remaining is null or > 0;
        var language = member.Language is { Length: > 0 } lang && p.Languages.Contains(lang, StringComparer.OrdinalIgnoreCase);
        var knows = member.PreviousProviders.Contains(p.Id);
        var reasons = new List<string>
        {
            county ? $"serves {member.County}" : $"does not serve {member.County}",
        };
        if (member.Populations.Count > 0)
        {
            reasons.Add(population ? "serves the member's Population of Focus" : "does not serve the member's Population of Focus");
        }

        reasons.Add(p.Remaining is { } r ? (r > 0 ? $"{r} of {p.Capacity} places left" : $"full ({p.Caseload} of {p.Capacity})") : "capacity not tracked");
        if (member.Language is { Length: > 0 })
        {
            reasons.Add(language ? $"speaks {member.Language}" : $"no {member.Language}-speaking staff listed");
        }

        if (knows)
        {
            reasons.Add("has served the member before");
        }

        return new AssignmentSuggestion(p, county, population, capacity, language, knows, reasons);
    }
}
