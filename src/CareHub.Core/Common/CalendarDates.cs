namespace CareHub.Common;

/// <summary>
/// The one place CareHub does calendar arithmetic for limits and windows (see <c>docs/limits.md</c>).
/// <list type="bullet">
/// <item>A month is a calendar month, never 30 days: N months from a start date end on the day before the same day of
/// the month N months later, so 2026-01-01 plus six months is the period 2026-01-01 to 2026-06-30.</item>
/// <item>When that day does not exist in the target month (January 31 plus one month), the date is clamped to the
/// month's last day: <see cref="AddMonths"/>(2025-01-31, 1) is 2025-02-28, and 2024-02-29 in a leap year; a month
/// that starts on January 29, 30 or 31 then runs to the end of February.</item>
/// <item>A week is 7 days.</item>
/// <item>Nothing here loops over days: extreme dates (up to 9999-12-31) cost the same as near ones.</item>
/// </list>
/// </summary>
public static class CalendarDates
{
    public const int DaysPerWeek = 7;

    /// <summary><paramref name="date"/> plus <paramref name="months"/> calendar months (negative to go back), clamped
    /// to the last day of the target month, and to <see cref="DateOnly.MinValue"/>/<see cref="DateOnly.MaxValue"/>.</summary>
    public static DateOnly AddMonths(DateOnly date, int months)
    {
        var index = (long)date.Year * 12 + (date.Month - 1) + months;
        if (index < 12)
        {
            return DateOnly.MinValue;
        }

        if (index > 9999L * 12 + 11)
        {
            return DateOnly.MaxValue;
        }

        return date.AddMonths(months);
    }

    /// <summary><paramref name="date"/> plus <paramref name="days"/> days, clamped to the representable range.</summary>
    public static DateOnly AddDays(DateOnly date, long days)
    {
        var n = date.DayNumber + days;
        return n < DateOnly.MinValue.DayNumber ? DateOnly.MinValue
            : n > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue
            : DateOnly.FromDayNumber((int)n);
    }

    /// <summary>The last day of a period of <paramref name="months"/> calendar months starting on
    /// <paramref name="start"/>: 2026-01-01 and 6 give 2026-06-30; 2025-01-31 and 1 give 2025-02-28. Zero months end
    /// the day before the start.</summary>
    public static DateOnly EndOfMonths(DateOnly start, int months)
    {
        if (months <= 0)
        {
            return AddDays(start, -1);
        }

        var target = AddMonths(start, months);
        if (target == DateOnly.MaxValue && (long)start.Year * 12 + start.Month - 1 + months > 9999L * 12 + 11)
        {
            return DateOnly.MaxValue;
        }

        // The same day exists in the target month: the period ends the day before it. Otherwise (January 31 plus one
        // month) the target was clamped to the month's last day, and the period runs to that last day.
        return target.Day == start.Day ? AddDays(target, -1) : target;
    }

    /// <summary>
    /// The calendar months covered by the inclusive period <paramref name="start"/>..<paramref name="end"/>: whole
    /// months counted from the start, plus the days left over as a fraction of the month that follows. 2026-01-01 to
    /// 2026-06-30 is exactly 6; to 2026-07-01 it is 6 + 1/31. An empty period (end before start) is 0.
    /// </summary>
    public static decimal MonthsCovered(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            return 0;
        }

        var whole = (end.Year - start.Year) * 12 + end.Month - start.Month;
        while (whole > 0 && EndOfMonths(start, whole) > end)
        {
            whole--;
        }

        while (EndOfMonths(start, whole + 1) <= end && EndOfMonths(start, whole + 1) != DateOnly.MaxValue)
        {
            whole++;
        }

        var wholeEnd = EndOfMonths(start, whole);
        var left = end.DayNumber - wholeEnd.DayNumber;
        if (left == 0)
        {
            return whole;
        }

        var nextEnd = EndOfMonths(start, whole + 1);
        var monthLength = Math.Max(left, nextEnd.DayNumber - wholeEnd.DayNumber);
        return whole + (decimal)left / monthLength;
    }

    /// <summary>The weeks covered by an inclusive period: days ÷ 7.</summary>
    public static decimal WeeksCovered(DateOnly start, DateOnly end) => end < start ? 0 : (decimal)Days(start, end) / DaysPerWeek;

    /// <summary>Days in an inclusive period (0 when the end is before the start).</summary>
    public static int Days(DateOnly start, DateOnly end) => end < start ? 0 : end.DayNumber - start.DayNumber + 1;
}

/// <summary>An inclusive run of days.</summary>
public readonly record struct DateRun(DateOnly Start, DateOnly End)
{
    public int Days => CalendarDates.Days(Start, End);

    public decimal Months => CalendarDates.MonthsCovered(Start, End);

    /// <summary>The part of the run inside <paramref name="from"/>..<paramref name="to"/>, or null.</summary>
    public DateRun? Clip(DateOnly from, DateOnly to)
    {
        var s = Start < from ? from : Start;
        var e = End > to ? to : End;
        return e < s ? null : new DateRun(s, e);
    }

    /// <summary>Merges periods that overlap or follow each other with no day between into sorted, disjoint runs.</summary>
    public static List<DateRun> Merge(IEnumerable<DateRun> runs)
    {
        var sorted = runs.Where(r => r.End >= r.Start).OrderBy(r => r.Start).ToList();
        var merged = new List<DateRun>();
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && r.Start.DayNumber <= merged[^1].End.DayNumber + 1)
            {
                var last = merged[^1];
                merged[^1] = last with { End = r.End > last.End ? r.End : last.End };
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }
}
