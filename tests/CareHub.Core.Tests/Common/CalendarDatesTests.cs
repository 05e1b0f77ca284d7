using System.Diagnostics;
using CareHub.Common;

namespace CareHub.Core.Tests.Common;

public sealed class CalendarDatesTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd");

    [Theory]
    [InlineData("2025-01-31", 1, "2025-02-28")]
    [InlineData("2024-01-31", 1, "2024-02-29")] // leap year
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2024-02-29", 48, "2028-02-29")]
    [InlineData("2025-03-31", -1, "2025-02-28")]
    [InlineData("2025-01-15", 6, "2025-07-15")]
    [InlineData("9999-12-15", 1, "9999-12-31")] // clamped to the last representable day
    [InlineData("0001-01-15", -1, "0001-01-01")]
    public void AddMonths_ClampsToTheEndOfTheMonth(string from, int months, string expected) =>
        CalendarDates.AddMonths(D(from), months).ShouldBe(D(expected));

    [Theory]
    [InlineData("2026-01-01", 6, "2026-06-30")]
    [InlineData("2026-01-15", 1, "2026-02-14")]
    [InlineData("2025-01-31", 1, "2025-02-28")]
    [InlineData("2024-01-31", 1, "2024-02-29")]
    [InlineData("2024-01-29", 1, "2024-02-28")]
    [InlineData("2025-01-29", 1, "2025-02-28")]
    [InlineData("2025-01-28", 1, "2025-02-27")]
    [InlineData("2025-01-31", 2, "2025-03-30")]
    public void EndOfMonths_IsTheDayBeforeTheSameDayNMonthsLater_OrTheClampedMonthEnd(string start, int months, string expected) =>
        CalendarDates.EndOfMonths(D(start), months).ShouldBe(D(expected));

    [Theory]
    [InlineData("2026-01-01", "2026-06-30", 6)]
    [InlineData("2026-01-15", "2026-07-14", 6)]
    [InlineData("2025-01-31", "2025-02-28", 1)]
    [InlineData("2024-01-31", "2024-02-29", 1)]
    [InlineData("2024-02-01", "2024-02-29", 1)]
    [InlineData("2025-02-01", "2025-02-28", 1)]
    [InlineData("2025-01-01", "2025-12-31", 12)]
    public void MonthsCovered_WholeCalendarMonths(string start, string end, int months) =>
        CalendarDates.MonthsCovered(D(start), D(end)).ShouldBe(months);

    [Fact]
    public void MonthsCovered_OneDayMoreIsAFractionOfTheNextMonth()
    {
        CalendarDates.MonthsCovered(D("2026-01-01"), D("2026-07-01")).ShouldBe(6m + 1m / 31m);
        CalendarDates.MonthsCovered(D("2025-01-31"), D("2025-03-01")).ShouldBeGreaterThan(1m);
        CalendarDates.MonthsCovered(D("2026-01-01"), D("2026-01-31")).ShouldBe(1m);
        CalendarDates.MonthsCovered(D("2026-01-01"), D("2026-01-16")).ShouldBe(16m / 31m);
        CalendarDates.MonthsCovered(D("2026-01-02"), D("2026-01-01")).ShouldBe(0m);
    }

    [Fact]
    public void WeeksAreSevenDays()
    {
        CalendarDates.WeeksCovered(D("2025-03-03"), D("2025-05-25")).ShouldBe(12m);
        CalendarDates.WeeksCovered(D("2025-03-03"), D("2025-05-26")).ShouldBe(12m + 1m / 7m);
    }

    [Fact]
    public void ExtremeDates_DoNotLoopOverDays()
    {
        var watch = Stopwatch.StartNew();
        CalendarDates.MonthsCovered(DateOnly.MinValue, DateOnly.MaxValue).ShouldBe(119_988m);
        CalendarDates.EndOfMonths(D("9999-06-01"), 12).ShouldBe(DateOnly.MaxValue);
        CalendarDates.MonthsCovered(D("2026-01-01"), DateOnly.MaxValue).ShouldBeGreaterThan(95_000m);
        watch.ElapsedMilliseconds.ShouldBeLessThan(1000);
    }

    [Fact]
    public void Runs_MergeOverlappingAndAdjacentPeriods()
    {
        var runs = DateRun.Merge([new(D("2025-03-01"), D("2025-03-10")), new(D("2025-03-11"), D("2025-03-20")), new(D("2025-03-05"), D("2025-03-06")), new(D("2025-04-01"), D("2025-04-30"))]);
        runs.ShouldBe([new DateRun(D("2025-03-01"), D("2025-03-20")), new DateRun(D("2025-04-01"), D("2025-04-30"))]);
        runs[1].Months.ShouldBe(1m);
    }
}
