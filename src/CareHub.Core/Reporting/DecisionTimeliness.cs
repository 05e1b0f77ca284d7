namespace CareHub.Reporting;

/// <summary>One authorization decision: its clock (routine or expedited), when the request came in, when the decision
/// was due and when it was made.</summary>
public sealed record DecisionTiming(string Priority, DateTimeOffset SubmittedAt, DateTimeOffset DueAt, DateTimeOffset DecidedAt);

/// <summary>Decisions on one clock: how many, the share made by the due time, and the median hours to decide.</summary>
public sealed record TimelinessRow(string Priority, int Decisions, int WithinClock, double? SharePct, double? MedianHours);

public static class DecisionTimeliness
{
    /// <summary>One row per clock (routine, then expedited), also when a clock had no decisions.</summary>
    public static IReadOnlyList<TimelinessRow> Summarize(IEnumerable<DecisionTiming> decisions, IEnumerable<string> priorities)
    {
        var byPriority = decisions.GroupBy(d => d.Priority).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. priorities.Select(p =>
        {
            var list = byPriority.GetValueOrDefault(p) ?? [];
            var within = list.Count(d => d.DecidedAt <= d.DueAt);
            return new TimelinessRow(p, list.Count, within, list.Count == 0 ? null : within * 100.0 / list.Count,
                Median([.. list.Select(d => (d.DecidedAt - d.SubmittedAt).TotalHours)]));
        })];
    }

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
