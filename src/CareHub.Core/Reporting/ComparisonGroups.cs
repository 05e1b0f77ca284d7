namespace CareHub.Reporting;

/// <summary>A member identified by a run, with whether the member ever started the program and the date of death.</summary>
public sealed record RunCandidate(Guid MemberId, bool EverStarted, DateOnly? Death);

/// <summary>A member in an outcome comparison from the database, with the start date of the window.</summary>
public sealed record ComparisonMember(Guid MemberId, DateOnly Start);

/// <summary>
/// Who forms the comparison group: members identified (eligible, or pending confirmation, not excluded) in the same
/// identification run as the program members who never started the program (never enrolled in ECM, never served
/// by the Community Support), alive on the run date; their start date is the run date, the day the plan could have
/// offered them the program. The program group is every member who started on or before the as-of date, each from
/// the start date.
/// </summary>
public static class ComparisonGroups
{
    public static IReadOnlyList<ComparisonMember> Comparison(IEnumerable<RunCandidate> identified, DateOnly runDate, DateOnly asOf)
    {
        if (runDate > asOf)
        {
            return [];
        }

        return [.. identified
            .Where(c => !c.EverStarted && (c.Death is null || c.Death >= runDate))
            .Select(c => c.MemberId).Distinct()
            .Select(id => new ComparisonMember(id, runDate))];
    }

    /// <summary>The program group: each member's first start on or before <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<ComparisonMember> Program(IEnumerable<ComparisonMember> starts, DateOnly asOf) =>
        [.. starts.Where(s => s.Start <= asOf).GroupBy(s => s.MemberId).Select(g => new ComparisonMember(g.Key, g.Min(s => s.Start)))];
}
