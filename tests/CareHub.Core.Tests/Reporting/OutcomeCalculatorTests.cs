using CareHub.Reporting;

namespace CareHub.Core.Tests.Reporting;

public class OutcomeCalculatorTests
{
    private static readonly DateOnly _start = new(2024, 3, 15);
    private static readonly DateOnly _asOf = new(2026, 1, 1);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static OutcomeSubject Subject(string[] ed, string[]? admissions = null, DateOnly? death = null, IReadOnlyList<DateWindow>? enrolled = null, string group = "ecm") =>
        new(group, _start, death, enrolled, [.. ed.Select(D)], [.. (admissions ?? []).Select(D)]);

    [Fact]
    public void Windows_Before_IsTwelveCalendarMonthsEndingTheDayBeforeStart()
    {
        OutcomeWindows.Before(_start).ShouldBe(new DateWindow(D("2023-03-15"), D("2024-03-14")));
        OutcomeWindows.After(_start, _asOf).ShouldBe(new DateWindow(D("2024-03-15"), D("2025-03-14")));
        OutcomeWindows.Before(_start).Days.ShouldBe(366); // 2024 is a leap year
    }

    [Theory]
    [InlineData("2023-03-14", 0, 0)] // a day before the before window
    [InlineData("2023-03-15", 1, 0)] // first day of the before window
    [InlineData("2024-03-14", 1, 0)] // the day before start
    [InlineData("2024-03-15", 0, 1)] // the start day
    [InlineData("2025-03-14", 0, 1)] // last day of the after window
    [InlineData("2025-03-15", 0, 0)] // 12 months later: outside
    public void Summarize_CountsAVisitInTheRightWindow(string date, int before, int after)
    {
        var s = OutcomeCalculator.Summarize([Subject([date], [date])], _asOf).Single();
        s.EdVisitsBefore.ShouldBe(before);
        s.EdVisitsAfter.ShouldBe(after);
        s.AdmissionsBefore.ShouldBe(before);
        s.AdmissionsAfter.ShouldBe(after);
    }

    [Fact]
    public void Summarize_SameDayVisits_CountOnce()
    {
        var s = OutcomeCalculator.Summarize([Subject(["2024-01-10", "2024-01-10", "2024-01-11", "2024-05-01", "2024-05-01"])], _asOf).Single();
        s.EdVisitsBefore.ShouldBe(2);
        s.EdVisitsAfter.ShouldBe(1);
    }

    [Fact]
    public void Summarize_DeathInsideTheAfterWindow_CutsMemberMonthsAndVisits()
    {
        var death = D("2024-06-30");
        var s = OutcomeCalculator.Summarize([Subject(["2024-06-30", "2024-07-01"], death: death)], _asOf).Single();
        s.EdVisitsAfter.ShouldBe(1); // the day of death counts, the day after cannot
        s.MemberMonthsAfter.ShouldBe(108 / 30.4375, 1e-9); // 2024-03-15 .. 2024-06-30
        s.MemberMonthsBefore.ShouldBe(366 / 30.4375, 1e-9);
    }

    [Fact]
    public void Summarize_AsOfInsideTheAfterWindow_CutsTheWindow()
    {
        var asOf = D("2024-09-30");
        var s = OutcomeCalculator.Summarize([Subject(["2024-09-30", "2024-10-01"])], asOf).Single();
        s.EdVisitsAfter.ShouldBe(1);
        s.MemberMonthsAfter.ShouldBe(200 / 30.4375, 1e-9); // 2024-03-15 .. 2024-09-30
    }

    [Fact]
    public void Summarize_MemberMonths_CountOnlyEnrolledDays_OverlapsOnce()
    {
        var enrolled = new List<DateWindow> { new(D("2023-01-01"), D("2023-06-30")), new(D("2023-06-01"), D("2023-07-31")), new(D("2024-04-01"), DateOnly.MaxValue) };
        var s = OutcomeCalculator.Summarize([Subject([], enrolled: enrolled)], _asOf).Single();
        // before: 2023-03-15 .. 2023-07-31 = 139 days; after: 2024-04-01 .. 2025-03-14 = 348 days
        s.MemberMonthsBefore.ShouldBe(139 / 30.4375, 1e-9);
        s.MemberMonthsAfter.ShouldBe(348 / 30.4375, 1e-9);
    }

    [Fact]
    public void Summarize_RatesAndChanges_PerThousandMemberMonths()
    {
        // Two members, full windows: 4 ED dates before and 1 after.
        var a = Subject(["2023-05-01", "2023-06-01", "2023-07-01"]);
        var b = Subject(["2023-05-01", "2024-12-01"]);
        var s = OutcomeCalculator.Summarize([a, b], _asOf).Single();
        s.Members.ShouldBe(2);
        var mmBefore = 2 * 366 / 30.4375;
        var mmAfter = 2 * 365 / 30.4375;
        s.EdPer1000MmBefore!.Value.ShouldBe(4 * 1000 / mmBefore, 1e-9);
        s.EdPer1000MmAfter!.Value.ShouldBe(1 * 1000 / mmAfter, 1e-9);
        s.EdChangePct!.Value.ShouldBe(((1 * 1000 / mmAfter) - (4 * 1000 / mmBefore)) / (4 * 1000 / mmBefore) * 100, 1e-9);
        s.AdmissionsChangePct.ShouldBeNull(); // no admissions before: no percentage
    }

    [Fact]
    public void Summarize_EmptyGroup_HasZerosAndEmptyRates()
    {
        var rows = OutcomeCalculator.Summarize([Subject(["2023-05-01"])], _asOf, groups: ["ecm", "comparison"]);
        rows.Select(r => r.Group).ShouldBe(["ecm", "comparison"]);
        var empty = rows[1];
        empty.Members.ShouldBe(0);
        empty.EdPer1000MmBefore.ShouldBeNull();
        OutcomeCsv.Row(empty).ShouldBe("comparison,0,0,0,0,0,0.00,0.00,,,,,,");
    }

    [Fact]
    public void Csv_HasTheExactHeader_AndTwoDecimals()
    {
        var text = OutcomeCsv.ToText(OutcomeCalculator.Summarize([Subject(["2023-05-01"])], _asOf));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("group,members,ed_visits_before,ed_visits_after,admissions_before,admissions_after,member_months_before,member_months_after,ed_per_1000_mm_before,ed_per_1000_mm_after,ed_change_pct,admissions_per_1000_mm_before,admissions_per_1000_mm_after,admissions_change_pct");
        lines[1].ShouldBe("ecm,1,1,0,0,0,12.02,11.99,83.16,0.00,-100.00,0.00,0.00,");
    }

    [Theory]
    [InlineData(2025, 1, "2025-01-01", "2025-03-31")]
    [InlineData(2024, 1, "2024-01-01", "2024-03-31")]
    [InlineData(2025, 4, "2025-10-01", "2025-12-31")]
    public void Quarter_FirstAndLastDay(int year, int number, string first, string last)
    {
        var q = Quarter.Create(year, number);
        q.First.ShouldBe(D(first));
        q.Last.ShouldBe(D(last));
        q.Contains(D(first)).ShouldBeTrue();
        q.Contains(D(last)).ShouldBeTrue();
        q.Contains(D(first).AddDays(-1)).ShouldBeFalse();
        q.Contains(D(last).AddDays(1)).ShouldBeFalse();
        q.Contains(new DateTimeOffset(D(last).ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero)).ShouldBeTrue();
        q.Contains(q.EndsBefore).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, 1, "year")]
    [InlineData(1999, 1, "year")]
    [InlineData(2025, 0, "quarter")]
    [InlineData(2025, 5, "quarter")]
    public void Quarter_Invalid_NamesTheField(int? year, int? quarter, string field)
    {
        Quarter.TryCreate(year, quarter, out _, out var error).ShouldBeFalse();
        error!.Value.Field.ShouldBe(field);
    }

    [Fact]
    public void ComparisonGroups_NeverStartedAndAliveOnTheRunDate_StartOnTheRunDate()
    {
        var run = D("2024-01-31");
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var picked = ComparisonGroups.Comparison(
            [new RunCandidate(ids[0], false, null), new RunCandidate(ids[1], true, null), new RunCandidate(ids[2], false, D("2023-12-31")), new RunCandidate(ids[3], false, run)],
            run, _asOf);
        picked.ShouldBe([new ComparisonMember(ids[0], run), new ComparisonMember(ids[3], run)]);
        ComparisonGroups.Comparison([new RunCandidate(ids[0], false, null)], run, run.AddDays(-1)).ShouldBeEmpty();
    }
}
