using CareHub.Core.Tests.Catalog;
using CareHub.Referrals;

namespace CareHub.Core.Tests.Referrals;

public sealed class LimitEngineTests
{
    private static readonly Guid _planA = Guid.NewGuid();
    private static readonly Guid _planB = Guid.NewGuid();

    private static DateOnly D(string s) => TestCatalog.Date(s);

    private static LimitCheck Check(LimitRequest request, params UsageRecord[] history) =>
        LimitEngine.Check(TestCatalog.Embedded, request, history);

    private static UsageRecord Used(string service, string start, string end, decimal? quantity = null, decimal? amount = null, string? episode = null, Guid? plan = null, string county = "Los Angeles") =>
        new(service, D(start), D(end), quantity, amount, episode ?? Guid.NewGuid().ToString(), plan ?? _planA, county);

    // --- lifetime count: one housing deposit per lifetime -----------------------------------------------------------

    [Fact]
    public void HousingDeposit_FirstIsAllowed_SecondIsRefusedWithUsedAndRemaining()
    {
        var first = Check(new LimitRequest("housing-deposits", D("2025-03-01"), D("2025-03-01"), null, 2500m));
        first.Allowed.ShouldBeTrue();
        var count = first.Outcomes.Single(o => o.Unit == "count");
        (count.Limit, count.Used, count.Requested, count.Remaining).ShouldBe((1m, 0m, 1m, 1m));

        var second = Check(new LimitRequest("housing-deposits", D("2026-02-01"), D("2026-02-01"), null, 1000m),
            Used("housing-deposits", "2023-05-01", "2023-05-01", amount: 3000m, plan: _planB, county: "Orange"));
        var refused = second.Exceeded.Single();
        refused.Warns.ShouldBeTrue(); // a second deposit with documentation is a documented exception
        (refused.Limit, refused.Used, refused.Remaining).ShouldBe((1m, 1m, 0m));
        refused.Message.ShouldContain("1 count per lifetime");
        refused.Message.ShouldContain("used 1");
        refused.Message.ShouldContain("0 remain");
    }

    [Fact]
    public void HousingDeposit_ExtensionOfTheSameEpisodeDoesNotCountTwice()
    {
        var episode = Guid.NewGuid().ToString();
        var result = Check(new LimitRequest("housing-deposits", D("2025-04-01"), D("2025-04-01"), null, 100m, episode),
            Used("housing-deposits", "2025-03-01", "2025-03-01", amount: 2500m, episode: episode));
        result.Allowed.ShouldBeTrue();
    }

    // --- lifetime dollars: home modifications $7,500 --------------------------------------------------------------

    [Theory]
    [InlineData(2500, true)]
    [InlineData(2500.01, false)]
    [InlineData(0, true)]
    public void HomeModifications_LifetimeDollarCap_Boundary(decimal requested, bool allowed)
    {
        var result = Check(new LimitRequest("environmental-accessibility-adaptations", D("2025-06-01"), D("2025-06-30"), null, requested),
            Used("environmental-accessibility-adaptations", "2022-08-01", "2022-08-15", amount: 3000m, plan: _planB),
            Used("environmental-accessibility-adaptations", "2024-01-10", "2024-01-10", amount: 2000m));
        var dollars = result.Outcomes.Single(o => o.Unit == "dollars");
        dollars.Exceeded.ShouldBe(!allowed);
        dollars.Used.ShouldBe(5000m);
        dollars.Remaining.ShouldBe(2500m);
        if (!allowed)
        {
            dollars.Message.ShouldContain("7,500 dollars per lifetime");
            dollars.Message.ShouldContain("2,500 remain");
        }
    }

    // --- per-year hours: respite 336 hours per calendar year -------------------------------------------------------

    [Theory]
    [InlineData(136, true)]
    [InlineData(137, false)]
    public void Respite_HoursPerCalendarYear_Boundary(decimal hours, bool allowed)
    {
        var result = Check(new LimitRequest("respite-services", D("2025-10-01"), D("2025-10-31"), hours, null),
            Used("respite-services", "2025-01-01", "2025-01-31", quantity: 120m),
            Used("respite-services", "2025-06-01", "2025-06-30", quantity: 80m, plan: _planB, county: "Orange"),
            Used("respite-services", "2024-12-01", "2024-12-31", quantity: 300m));
        var year = result.Outcomes.Single(o => o.Kind == "per-year");
        year.Exceeded.ShouldBe(!allowed);
        year.Used.ShouldBe(200m);
        year.Remaining.ShouldBe(136m);
        year.Window.ShouldBe("calendar year 2025");
    }

    [Fact]
    public void Respite_NewYearStartsAfresh_AndARequestAcrossNewYearIsRefusedWithAReason()
    {
        Check(new LimitRequest("respite-services", D("2026-01-01"), D("2026-01-31"), 336m, null),
            Used("respite-services", "2025-01-01", "2025-12-31", quantity: 336m)).Allowed.ShouldBeTrue();

        var across = Check(new LimitRequest("respite-services", D("2025-12-15"), D("2026-01-15"), 10m, null));
        across.Allowed.ShouldBeFalse();
        across.Problems.Single().ShouldContain("split it at December 31");
    }

    [Fact]
    public void Respite_AnAuthorizationSpanningNewYearCountsProRataInEachYear()
    {
        // 62 days, 124 hours: 31 days (62 hours) fall in 2025.
        var result = Check(new LimitRequest("respite-services", D("2025-03-01"), D("2025-03-31"), 274m, null),
            Used("respite-services", "2024-12-01", "2025-01-31", quantity: 124m));
        result.Outcomes.Single(o => o.Kind == "per-year").Used.ShouldBe(62m);
        result.Allowed.ShouldBeTrue();
        Check(new LimitRequest("respite-services", D("2025-03-01"), D("2025-03-31"), 275m, null),
            Used("respite-services", "2024-12-01", "2025-01-31", quantity: 124m)).Exceeded.ShouldNotBeEmpty();
    }

    // --- per-day meals and per-episode weeks: medically tailored meals ---------------------------------------------

    [Theory]
    [InlineData(168, true)]   // 84 days × 2 meals
    [InlineData(169, false)]
    public void Meals_TwoPerDay_Boundary(decimal meals, bool allowed)
    {
        var result = Check(new LimitRequest("medically-tailored-meals", D("2025-03-03"), D("2025-05-25"), meals, null));
        result.Outcomes.Single(o => o.Kind == "per-day").Exceeded.ShouldBe(!allowed);
    }

    [Fact]
    public void Meals_OverlappingAuthorizationsAddUpPerDay()
    {
        var result = Check(new LimitRequest("medically-tailored-meals", D("2025-03-10"), D("2025-03-16"), 7m, null),
            Used("medically-tailored-meals", "2025-03-01", "2025-03-28", quantity: 28m, plan: _planB, county: "San Diego"));
        var perDay = result.Outcomes.Single(o => o.Kind == "per-day");
        perDay.Used.ShouldBe(1m);
        perDay.Requested.ShouldBe(1m);
        perDay.Exceeded.ShouldBeFalse();

        var more = Check(new LimitRequest("medically-tailored-meals", D("2025-03-10"), D("2025-03-16"), 8m, null),
            Used("medically-tailored-meals", "2025-03-01", "2025-03-28", quantity: 28m));
        more.Outcomes.Single(o => o.Kind == "per-day").Exceeded.ShouldBeTrue();
        more.Outcomes.Single(o => o.Kind == "per-day").Window.ShouldBe("busiest day 2025-03-10");
    }

    [Theory]
    [InlineData("2025-05-25", true)]  // 84 days = 12 weeks
    [InlineData("2025-05-26", false)] // 85 days
    public void Meals_TwelveWeeksPerEpisode_Boundary(string end, bool allowed)
    {
        var result = Check(new LimitRequest("medically-tailored-meals", D("2025-03-03"), D(end), 2m, null));
        result.Outcomes.Single(o => o.Kind == "per-episode").Exceeded.ShouldBe(!allowed);
    }

    [Fact]
    public void Meals_AnExtensionJoinsTheEpisode_AndIsRefusedPastTwelveWeeks()
    {
        var episode = Guid.NewGuid().ToString();
        // 8 weeks used; 4 more weeks fit, 4 weeks and a day do not.
        var used = Used("medically-tailored-meals", "2025-01-06", "2025-03-02", quantity: 112m, episode: episode);
        Check(new LimitRequest("medically-tailored-meals", D("2025-03-03"), D("2025-03-30"), 56m, null, episode), used).Allowed.ShouldBeTrue();
        var over = Check(new LimitRequest("medically-tailored-meals", D("2025-03-03"), D("2025-03-31"), 56m, null, episode), used);
        over.Exceeded.ShouldNotBeEmpty();
        var weeks = over.Exceeded.Single();
        weeks.Used.ShouldBe(8m);
        weeks.Remaining.ShouldBe(4m);
        weeks.Window.ShouldBe("episode from 2025-01-06 to 2025-03-02");

        // A new episode after a gap starts again.
        Check(new LimitRequest("medically-tailored-meals", D("2025-06-02"), D("2025-08-24"), 168m, null), used).Allowed.ShouldBeTrue();
    }

    // --- per-episode days and the shared rolling cap: recuperative care ----------------------------------------------

    [Theory]
    [InlineData("2025-03-31", true)]  // 90 days
    [InlineData("2025-04-01", false)] // 91 days
    public void RecuperativeCare_NinetyDaysPerStay_Boundary(string end, bool allowed)
    {
        var result = Check(new LimitRequest("recuperative-care", D("2025-01-01"), D(end), null, null));
        result.Outcomes.Single(o => o.Kind == "per-episode").Exceeded.ShouldBe(!allowed);
    }

    [Fact]
    public void SharedCap_SixMonthsInAnyRolling12_CountsAllThreeServicesAcrossPlansAndCounties()
    {
        // Three calendar months of recuperative care with plan B in Orange, then two months of post-hospitalization
        // housing with plan A (April 15 to June 14).
        var history = new[]
        {
            Used("recuperative-care", "2025-01-01", "2025-03-31", plan: _planB, county: "Orange"),
            Used("short-term-post-hospitalization-housing", "2025-04-15", "2025-06-14"),
        };

        // July in transitional rent: exactly six calendar months in the window.
        var ok = Check(new LimitRequest("transitional-rent", D("2025-07-01"), D("2025-07-31"), null, null), history);
        var cap = ok.Outcomes.Single(o => o.Code == "room-and-board-6-in-12");
        cap.Exceeded.ShouldBeFalse();
        cap.Used.ShouldBe(5m);
        cap.Requested.ShouldBe(1m);

        // One day more is over, with the window that breaks the cap; the cap is unconfirmed, so it warns.
        var over = Check(new LimitRequest("transitional-rent", D("2025-07-01"), D("2025-08-01"), null, null), history);
        var refused = over.Exceeded.Single(o => o.Code == "room-and-board-6-in-12");
        refused.Remaining.ShouldBe(1m);
        refused.Message.ShouldContain("6 months in any rolling 12 months");
        refused.Message.ShouldContain("the 12 months ending 2025-08-01");
        refused.Warns.ShouldBeTrue();
    }

    [Fact]
    public void SharedCap_DaysOlderThanTwelveMonthsNoLongerCount()
    {
        var history = new[] { Used("recuperative-care", "2025-01-01", "2025-03-31"), Used("recuperative-care", "2025-04-01", "2025-06-29") };
        // 180 days used by 2025-06-29; a stay in December 2025 falls in windows that still hold all of them...
        Check(new LimitRequest("recuperative-care", D("2025-12-01"), D("2025-12-10"), null, null), history).Exceeded.ShouldNotBeEmpty();
        // ...but once 12 months have passed since the first day, room opens again.
        Check(new LimitRequest("recuperative-care", D("2026-07-01"), D("2026-08-29"), null, null), history).Exceeded.ShouldBeEmpty();
    }

    // --- continuity: a move to another plan or county keeps every count -------------------------------------------

    [Fact]
    public void MoveToAnotherPlanAndCounty_KeepsCounts()
    {
        var underOldPlan = new[]
        {
            Used("environmental-accessibility-adaptations", "2023-02-01", "2023-02-01", amount: 7000m, plan: _planA, county: "Los Angeles"),
            Used("housing-deposits", "2024-05-01", "2024-05-01", amount: 1500m, plan: _planA, county: "Los Angeles"),
        };

        // The member now belongs to plan B in San Diego; the request is judged on the same history.
        var mods = Check(new LimitRequest("environmental-accessibility-adaptations", D("2025-09-01"), D("2025-09-01"), null, 600m), underOldPlan);
        mods.Exceeded.Single().Remaining.ShouldBe(500m);
        Check(new LimitRequest("housing-deposits", D("2025-09-01"), D("2025-09-01"), null, 900m), underOldPlan).Exceeded.ShouldNotBeEmpty();
    }

    [Fact]
    public void ServiceWithoutLimits_IsAlwaysWithin_AndUnknownServiceIsAProblem()
    {
        Check(new LimitRequest("housing-transition-navigation", D("2025-01-01"), D("2025-12-31"), null, null)).Allowed.ShouldBeTrue();
        var unknown = Check(new LimitRequest("space-travel", D("2025-01-01"), D("2025-01-31"), null, null));
        unknown.Allowed.ShouldBeFalse();
        unknown.Problems.Single().ShouldContain("not a Community Support");
        Check(new LimitRequest("recuperative-care", D("2025-02-01"), D("2025-01-31"), null, null)).Problems.Single().ShouldContain("before the start date");
    }
    // --- calendar months: six calendar months allowed, one day more over, for every limit counted in months ----------

    public static TheoryData<string, string, string> MonthLimits()
    {
        var data = new TheoryData<string, string, string>();
        var catalog = TestCatalog.Embedded;
        foreach (var service in catalog.CommunitySupports)
        {
            foreach (var version in service.Versions)
            {
                for (var i = 0; i < version.Limits.Count; i++)
                {
                    if (version.Limits[i].Unit == "months")
                    {
                        data.Add(service.Code, FirstOfMonthFrom(version.EffectiveFrom).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), $"{service.Code}#{version.RuleVersion}#{i}");
                    }
                }
            }
        }

        foreach (var shared in catalog.SharedLimits.Where(l => l.Unit == "months"))
        {
            foreach (var code in shared.Services)
            {
                var from = catalog.FindCommunitySupport(code)!.FirstEffectiveDate;
                data.Add(code, FirstOfMonthFrom(from > shared.EffectiveFrom ? from : shared.EffectiveFrom).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), shared.Code);
            }
        }

        return data;
    }

    private static DateOnly FirstOfMonthFrom(DateOnly d) => d.Day == 1 ? d : new DateOnly(d.Year, d.Month, 1).AddMonths(1);

    private static LimitOutcome MonthOutcome(LimitCheck check, string limitKey) =>
        limitKey.Contains('#') ? check.Outcomes.Single(o => o.Unit == "months" && o.Code != "room-and-board-6-in-12") : check.Outcomes.Single(o => o.Code == limitKey);

    [Theory]
    [MemberData(nameof(MonthLimits))]
    public void EveryMonthLimit_SixCalendarMonthsAllowed_OneDayMoreOver(string service, string start, string limitKey)
    {
        var from = D(start);
        var limit = TestCatalog.Embedded.CommunitySupportOn(service, from)!;
        var quantity = limitKey.Contains('#')
            ? limit.Version.Limits.Single(l => l.Unit == "months").Quantity
            : limit.SharedLimits.Single(l => l.Code == limitKey).Quantity;
        var months = (int)quantity;
        var end = CareHub.Common.CalendarDates.EndOfMonths(from, months);
        var within = MonthOutcome(Check(new LimitRequest(service, from, end, null, null)), limitKey);
        within.Exceeded.ShouldBeFalse(within.Message);
        within.Requested.ShouldBe(quantity);

        var over = MonthOutcome(Check(new LimitRequest(service, from, end.AddDays(1), null, null)), limitKey);
        over.Exceeded.ShouldBeTrue(over.Message);

        // The same from a 31st: a month from January 31 runs to the end of February.
        var lastDay = new DateOnly(from.Year, 1, 31).AddYears(1);
        var fromEnd = CareHub.Common.CalendarDates.EndOfMonths(lastDay, months);
        MonthOutcome(Check(new LimitRequest(service, lastDay, fromEnd, null, null)), limitKey).Exceeded.ShouldBeFalse();
        MonthOutcome(Check(new LimitRequest(service, lastDay, fromEnd.AddDays(1), null, null)), limitKey).Exceeded.ShouldBeTrue();
    }

    [Fact]
    public void TransitionalRent_JanuaryToJuneIsSixMonths_AndJulyFirstIsRefused()
    {
        var six = Check(new LimitRequest("transitional-rent", D("2026-01-01"), D("2026-06-30"), null, null));
        six.Exceeded.ShouldBeEmpty();
        six.Allowed.ShouldBeTrue();
        var more = Check(new LimitRequest("transitional-rent", D("2026-01-01"), D("2026-07-01"), null, null));
        var episode = more.Exceeded.Single(o => o.Kind == "per-episode");
        episode.Refuses.ShouldBeTrue(); // confirmed, no documented exception
        more.Allowed.ShouldBeFalse();
        more.Exceeded.Single(o => o.Code == "room-and-board-6-in-12").Warns.ShouldBeTrue(); // the shared cap is unconfirmed
    }

    [Fact]
    public void ExtremeDates_AreMeasuredWithoutLoopingOverDays()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rent = Check(new LimitRequest("transitional-rent", D("2026-01-01"), DateOnly.MaxValue, null, null),
            Used("recuperative-care", "2025-10-01", "2025-11-30"));
        rent.Allowed.ShouldBeFalse();
        Check(new LimitRequest("medically-tailored-meals", D("2026-01-01"), DateOnly.MaxValue, 10m, null)).Exceeded.ShouldNotBeEmpty();
        Check(new LimitRequest("respite-services", D("9999-01-01"), DateOnly.MaxValue, 10m, null)).Allowed.ShouldBeTrue();
        Check(new LimitRequest("recuperative-care", DateOnly.MinValue.AddYears(2030), DateOnly.MaxValue, null, null)).Exceeded.Count().ShouldBe(2);
        watch.ElapsedMilliseconds.ShouldBeLessThan(2000);
    }

    // --- per-stay limits: a stay is one continuous service period ---------------------------------------------------

    [Fact]
    public void Sobering_TwoThirteenHourStaysOnConsecutiveDaysAreTwoStays()
    {
        var first = Used("sobering-center", "2025-03-01", "2025-03-01", quantity: 13m);
        var second = Check(new LimitRequest("sobering-center", D("2025-03-02"), D("2025-03-02"), 13m, null), first);
        var stay = second.Outcomes.Single(o => o.Kind == "per-episode");
        stay.Exceeded.ShouldBeFalse();
        stay.Used.ShouldBe(0m);
        stay.Window.ShouldBe("this stay");

        // One stay of 25 hours is over; so is extending a 13-hour stay by 12 hours (same stay).
        Check(new LimitRequest("sobering-center", D("2025-03-02"), D("2025-03-03"), 25m, null)).Exceeded.ShouldNotBeEmpty();
        var extension = Check(new LimitRequest("sobering-center", D("2025-03-01"), D("2025-03-02"), 12m, null, first.EpisodeKey), first);
        extension.Outcomes.Single(o => o.Kind == "per-episode").Used.ShouldBe(13m);
        extension.Exceeded.ShouldNotBeEmpty();
    }

    [Fact]
    public void RecuperativeCare_ConsecutiveAuthorizationsAreOneContinuousStay()
    {
        var first = Used("recuperative-care", "2025-01-01", "2025-02-28");
        Check(new LimitRequest("recuperative-care", D("2025-03-01"), D("2025-03-31"), null, null), first).Exceeded.ShouldBeEmpty();
        Check(new LimitRequest("recuperative-care", D("2025-03-01"), D("2025-04-01"), null, null), first)
            .Outcomes.Single(o => o.Kind == "per-episode").Exceeded.ShouldBeTrue();
        // After a day at home, a new stay starts.
        Check(new LimitRequest("recuperative-care", D("2025-03-02"), D("2025-04-01"), null, null), first)
            .Outcomes.Single(o => o.Kind == "per-episode").Exceeded.ShouldBeFalse();
    }

    // --- documented exceptions and unconfirmed limits warn instead of refusing ---------------------------------------

    [Fact]
    public void HousingDeposit_SecondWarnsWithTheDocumentedException_ThirdIsRefused()
    {
        var one = Used("housing-deposits", "2023-05-01", "2023-05-01", amount: 3000m);
        var second = Check(new LimitRequest("housing-deposits", D("2026-02-01"), D("2026-02-01"), null, 1000m), one);
        second.Allowed.ShouldBeTrue();
        var warned = second.Exceeded.Single();
        warned.ApplicableExceptions.Single().Code.ShouldBe("second-deposit-with-documentation");
        warned.ApplicableExceptions.Single().Source.ShouldContain("lacare.org");
        second.Warnings.Single().ShouldContain("second-deposit-with-documentation");

        var third = Check(new LimitRequest("housing-deposits", D("2026-02-01"), D("2026-02-01"), null, 1000m),
            one, Used("housing-deposits", "2024-05-01", "2024-05-01", amount: 2000m));
        third.Allowed.ShouldBeFalse();
        third.Exceeded.Single().ApplicableExceptions.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("environmental-accessibility-adaptations", "change-of-residence,change-of-condition")]
    [InlineData("community-home-transition", "forced-move")]
    public void DollarCaps_OverTheCapWarnWithTheirExceptions(string service, string codes)
    {
        var result = Check(new LimitRequest(service, D("2026-03-01"), D("2026-03-01"), null, 1000m),
            Used(service, "2024-01-10", "2024-01-10", amount: 7000m));
        result.Allowed.ShouldBeTrue();
        var over = result.Exceeded.Single();
        over.Warns.ShouldBeTrue();
        over.ApplicableExceptions.Select(e => e.Code).ShouldBe(codes.Split(','));
        over.ApplicableExceptions.ShouldAllBe(e => e.Source.Length > 0);
    }

    [Fact]
    public void Meals_BeyondTwelveWeeksWarnsWithMedicalNecessity()
    {
        var result = Check(new LimitRequest("medically-tailored-meals", D("2026-03-02"), D("2026-05-25"), 2m, null));
        var weeks = result.Exceeded.Single(o => o.Kind == "per-episode");
        weeks.ApplicableExceptions.Single().Code.ShouldBe("medically-necessary");
        result.Allowed.ShouldBeTrue();
    }

    [Fact]
    public void UnconfirmedLimit_WarnsInsteadOfRefusing()
    {
        var result = Check(new LimitRequest("respite-services", D("2025-10-01"), D("2025-10-31"), 400m, null));
        var year = result.Exceeded.Single();
        year.IsUnconfirmed.ShouldBeTrue();
        year.Exceptions.ShouldBeEmpty();
        year.Warns.ShouldBeTrue();
        result.Allowed.ShouldBeTrue();
        result.Warnings.Single().ShouldContain("unconfirmed");
    }
}
