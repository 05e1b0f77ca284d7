namespace CareHub.Reporting;

/// <summary>
/// The before and after windows of an outcome comparison. The before window is the 12 calendar months ending the day
/// before the start date (start 2024-03-15: 2023-03-15 through 2024-03-14). The after window starts on the start date
/// and lasts 12 calendar months (through 2025-03-14), cut at the as-of date and at death; the date of death is still
/// a day the member was alive.
/// </summary>
public static class OutcomeWindows
{
    /// <summary>Days in an average month (365.25 / 12): member-months are days divided by this.</summary>
    public const double DaysPerMonth = 30.4375;

    public const int Months = 12;

    public static DateWindow Before(DateOnly start, DateOnly? death = null) =>
        new DateWindow(start.AddMonths(-Months), start.AddDays(-1)).CutAt(death);

    public static DateWindow After(DateOnly start, DateOnly asOf, DateOnly? death = null) =>
        new DateWindow(start, start.AddMonths(Months).AddDays(-1)).CutAt(asOf).CutAt(death);

    public static double MemberMonths(long days) => days / DaysPerMonth;

    /// <summary>Days of <paramref name="window"/> covered by <paramref name="spans"/> (each counted once even when
    /// spans overlap); every day when <paramref name="spans"/> is null (no enrollment data, e.g. Synthea).</summary>
    public static int CoveredDays(DateWindow window, IReadOnlyList<DateWindow>? spans)
    {
        if (window.IsEmpty)
        {
            return 0;
        }

        if (spans is null)
        {
            return window.Days;
        }

        var parts = spans.Select(s => s.Intersect(window)).Where(s => !s.IsEmpty).OrderBy(s => s.First).ToList();
        var days = 0;
        var covered = window.First.AddDays(-1);
        foreach (var part in parts)
        {
            var first = part.First > covered ? part.First : covered.AddDays(1);
            if (part.Last >= first)
            {
                days += part.Last.DayNumber - first.DayNumber + 1;
                covered = part.Last;
            }
        }

        return days;
    }

    /// <summary>Distinct dates in <paramref name="window"/>: several visits on one date count once.</summary>
    public static int DistinctDates(DateWindow window, IEnumerable<DateOnly> dates) =>
        window.IsEmpty ? 0 : dates.Where(window.Contains).Distinct().Count();
}
