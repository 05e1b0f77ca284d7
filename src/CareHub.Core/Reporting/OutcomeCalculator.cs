namespace CareHub.Reporting;

/// <summary>One member in an outcome comparison: the group, the start date, the date of death, the enrollment spans
/// (null when the source has none, e.g. Synthea: then the member counts every day alive) and the dates of ED visits
/// and of unplanned inpatient admissions.</summary>
public sealed record OutcomeSubject(
    string Group,
    DateOnly Start,
    DateOnly? Death,
    IReadOnlyList<DateWindow>? Enrolled,
    IReadOnlyCollection<DateOnly> EdDates,
    IReadOnlyCollection<DateOnly> AdmissionDates);

/// <summary>
/// One group's figures, the fields of the outcomes CSV. Visits and admissions count distinct dates per member, summed
/// over members; member-months are the days in each window the member was alive (and enrolled, where enrollment is
/// known) divided by 30.4375; rates are per 1,000 member-months (null without member-months); a change is the
/// percentage of the before rate (null when the before rate is zero or unknown).
/// </summary>
public sealed record OutcomeSummary(
    string Group,
    int Members,
    int EdVisitsBefore,
    int EdVisitsAfter,
    int AdmissionsBefore,
    int AdmissionsAfter,
    double MemberMonthsBefore,
    double MemberMonthsAfter)
{
    public double? EdPer1000MmBefore => OutcomeCalculator.Rate(EdVisitsBefore, MemberMonthsBefore);

    public double? EdPer1000MmAfter => OutcomeCalculator.Rate(EdVisitsAfter, MemberMonthsAfter);

    public double? EdChangePct => OutcomeCalculator.ChangePercent(EdPer1000MmBefore, EdPer1000MmAfter);

    public double? AdmissionsPer1000MmBefore => OutcomeCalculator.Rate(AdmissionsBefore, MemberMonthsBefore);

    public double? AdmissionsPer1000MmAfter => OutcomeCalculator.Rate(AdmissionsAfter, MemberMonthsAfter);

    public double? AdmissionsChangePct => OutcomeCalculator.ChangePercent(AdmissionsPer1000MmBefore, AdmissionsPer1000MmAfter);

    public static OutcomeSummary Empty(string group) => new(group, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>The outcome comparison: each member's before and after windows, summed per group.</summary>
public static class OutcomeCalculator
{
    /// <summary>Events per 1,000 member-months; null when there are no member-months.</summary>
    public static double? Rate(int events, double memberMonths) => memberMonths > 0 ? events * 1000.0 / memberMonths : null;

    /// <summary>(after − before) / before × 100; null when the before rate is zero or unknown.</summary>
    public static double? ChangePercent(double? before, double? after) =>
        before is > 0 && after is { } a ? (a - before.Value) / before.Value * 100.0 : null;

    /// <summary>One summary per group, in the order the groups first appear; <paramref name="groups"/> adds groups
    /// that must be reported even with no members (an empty comparison group).</summary>
    public static IReadOnlyList<OutcomeSummary> Summarize(IEnumerable<OutcomeSubject> subjects, DateOnly asOf, IEnumerable<string>? groups = null)
    {
        var order = new List<string>();
        var sums = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        foreach (var group in groups ?? [])
        {
            if (sums.TryAdd(group, new Accumulator()))
            {
                order.Add(group);
            }
        }

        foreach (var s in subjects)
        {
            if (!sums.TryGetValue(s.Group, out var acc))
            {
                acc = new Accumulator();
                sums.Add(s.Group, acc);
                order.Add(s.Group);
            }

            acc.Add(s, asOf);
        }

        return [.. order.Select(g => sums[g].ToSummary(g))];
    }

    private sealed class Accumulator
    {
        private int _members, _edBefore, _edAfter, _admBefore, _admAfter;
        private long _daysBefore, _daysAfter;

        public void Add(OutcomeSubject s, DateOnly asOf)
        {
            var before = OutcomeWindows.Before(s.Start, s.Death);
            var after = OutcomeWindows.After(s.Start, asOf, s.Death);
            _members++;
            _edBefore += OutcomeWindows.DistinctDates(before, s.EdDates);
            _edAfter += OutcomeWindows.DistinctDates(after, s.EdDates);
            _admBefore += OutcomeWindows.DistinctDates(before, s.AdmissionDates);
            _admAfter += OutcomeWindows.DistinctDates(after, s.AdmissionDates);
            _daysBefore += OutcomeWindows.CoveredDays(before, s.Enrolled);
            _daysAfter += OutcomeWindows.CoveredDays(after, s.Enrolled);
        }

        public OutcomeSummary ToSummary(string group) => new(group, _members, _edBefore, _edAfter, _admBefore, _admAfter,
            OutcomeWindows.MemberMonths(_daysBefore), OutcomeWindows.MemberMonths(_daysAfter));
    }
}
