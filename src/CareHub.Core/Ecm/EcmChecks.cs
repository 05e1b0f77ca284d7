using CareHub.Catalog;

namespace CareHub.Ecm;

/// <summary>A catalog rule that applies to the member: an exclusion blocks authorization; non-duplication is a warning.</summary>
public sealed record ExclusionFinding(string Code, string Name, ExclusionType Type, string Description, string Program, DateOnly Since, Confidence Confidence, string? Notes)
{
    public bool Blocks => Type == ExclusionType.Exclusion;

    public string Reason => Type == ExclusionType.Exclusion
        ? $"{Name} (since {Since:yyyy-MM-dd}): {Description}"
        : $"{Name} (since {Since:yyyy-MM-dd}): non-duplication — {Description}";
}

/// <summary>A program the member is or was in, as the exclusion check reads it.</summary>
public sealed record ProgramSpan(string Program, DateOnly Start, DateOnly? End)
{
    public bool Covers(DateOnly date) => Start <= date && (End is null || date <= End);

    /// <summary>In the program at some time in the <paramref name="months"/> months up to <paramref name="date"/>.</summary>
    public bool Within(DateOnly date, int months) => Start <= date && (End is null || End >= date.AddMonths(-months));
}

/// <summary>
/// The ECM exclusion and non-duplication checks, from the catalog's rules as data (hospice, PACE, 1915(c) waivers,
/// other care management, ...), as of a date.
/// </summary>
public static class EcmExclusionCheck
{
    public static IReadOnlyList<ExclusionFinding> Evaluate(ProgramCatalog catalog, IEnumerable<ProgramSpan> programs, DateOnly asOf)
    {
        var spans = programs.ToList();
        var findings = new List<ExclusionFinding>();
        foreach (var rule in catalog.EcmExclusionsAsOf(asOf))
        {
            foreach (var program in ProgramsIn(rule.Criteria))
            {
                var match = spans.Where(s => string.Equals(s.Program, program.Program, StringComparison.OrdinalIgnoreCase)
                        && (program.WithinMonths is { } months ? s.Within(asOf, months) : s.Covers(asOf)))
                    .OrderBy(s => s.Start).FirstOrDefault();
                if (match is not null)
                {
                    findings.Add(new ExclusionFinding(rule.Code, rule.Name, rule.Type, rule.Description, match.Program, match.Start, rule.Confidence, rule.Notes));
                    break;
                }
            }
        }

        return [.. findings.OrderBy(f => f.Type).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    private static IEnumerable<ProgramCriterion> ProgramsIn(Criterion criterion) => criterion switch
    {
        ProgramCriterion p => [p],
        AnyOf any => any.Criteria.SelectMany(ProgramsIn),
        AllOf all => all.Criteria.SelectMany(ProgramsIn),
        _ => [],
    };
}

/// <summary>The outcome of the unable-to-reach rule for one case.</summary>
public sealed record UnableToReachResult(bool Flagged, int UnsuccessfulAttempts, int DaysOfOutreach, int InPersonAttempts, bool Reached, string Explanation);

/// <summary>
/// A plan's "unable to reach" rule: at least <see cref="Attempts"/> unsuccessful attempts over at least
/// <see cref="Days"/> days (from the first unsuccessful attempt to the last), with at least one in person when
/// <see cref="RequireInPerson"/>. A member who was reached is never flagged.
/// </summary>
public sealed record UnableToReachRule(int Attempts, int Days, bool RequireInPerson)
{
    public string Describe() =>
        $"{Attempts} attempts over {Days} days{(RequireInPerson ? ", at least one in person" : "")}";

    public UnableToReachResult Evaluate(IEnumerable<(DateOnly Date, string Modality, string Outcome)> attempts)
    {
        var all = attempts.OrderBy(a => a.Date).ToList();
        var reached = all.Any(a => a.Outcome == OutreachOutcome.Reached);
        var unsuccessful = all.Where(a => a.Outcome != OutreachOutcome.Reached).ToList();
        var days = unsuccessful.Count == 0 ? 0 : unsuccessful[^1].Date.DayNumber - unsuccessful[0].Date.DayNumber;
        var inPerson = unsuccessful.Count(a => a.Modality == OutreachModality.InPerson);
        if (reached)
        {
            return new UnableToReachResult(false, unsuccessful.Count, days, inPerson, true, "The member was reached.");
        }

        var missing = new List<string>();
        if (unsuccessful.Count < Attempts)
        {
            missing.Add($"{Attempts - unsuccessful.Count} more attempt{(Attempts - unsuccessful.Count == 1 ? "" : "s")}");
        }

        if (days < Days)
        {
            missing.Add($"outreach over {Days} days (so far {days})");
        }

        if (RequireInPerson && inPerson == 0)
        {
            missing.Add("an attempt in person");
        }

        var summary = $"{unsuccessful.Count} unsuccessful attempt{(unsuccessful.Count == 1 ? "" : "s")} over {days} day{(days == 1 ? "" : "s")}, {inPerson} in person";
        return missing.Count == 0
            ? new UnableToReachResult(true, unsuccessful.Count, days, inPerson, false, $"Unable to reach: {summary} (rule: {Describe()}).")
            : new UnableToReachResult(false, unsuccessful.Count, days, inPerson, false, $"{summary}; still needed before unable to reach: {string.Join(", ", missing)}.");
    }
}
