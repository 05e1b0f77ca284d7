using CareHub.Catalog;
using static CareHub.Core.Tests.Catalog.TestCatalog;

namespace CareHub.Core.Tests.Catalog;

public class ProgramCatalogTests
{
    private static readonly ProgramCatalog _catalog = Embedded;

    private static (AgeCriterion Age, IReadOnlyList<EventCountCriterion> Thresholds) HighUtilizerRule(Criterion criteria)
    {
        var all = criteria.ShouldBeOfType<AllOf>();
        all.Criteria.Count.ShouldBe(2);
        var age = all.Criteria[0].ShouldBeOfType<AgeCriterion>();
        var any = all.Criteria[1].ShouldBeOfType<AnyOf>();
        return (age, any.Criteria.Select(c => c.ShouldBeOfType<EventCountCriterion>()).ToList());
    }

    private static string Describe(EventCountCriterion c) => $"{string.Join('+', c.Events)} >= {c.Min} in {c.WindowMonths} months";

    [Fact]
    public void PopulationsAsOf_2022_03_01_GivesTheLaunchHighUtilizerThresholds()
    {
        var entry = _catalog.PopulationsAsOf(Date("2022-03-01")).Single(p => p.Code == "adult-high-utilizer");

        entry.Rule.RuleVersion.ShouldBe("2022");
        entry.Rule.EffectiveFrom.ShouldBe(Date("2022-01-01"));
        entry.Rule.EffectiveTo.ShouldBe(Date("2023-06-30"));
        entry.Name.ShouldBe("Adult High Utilizers");
        var (age, thresholds) = HighUtilizerRule(entry.Rule.Criteria);
        age.Min.ShouldBe(21);
        age.Max.ShouldBeNull();
        thresholds.Select(Describe).ShouldBe([
            "ed-visit >= 6 in 12 months",
            "inpatient-admission >= 2 in 12 months",
            "snf-stay >= 2 in 12 months",
        ]);
        entry.Rule.Confidence.ShouldBe(Confidence.Unconfirmed);
    }

    [Fact]
    public void PopulationsAsOf_2025_01_01_GivesTheCurrentHighUtilizerThresholds()
    {
        var entry = _catalog.PopulationsAsOf(Date("2025-01-01")).Single(p => p.Code == "adult-high-utilizer");

        entry.Rule.RuleVersion.ShouldBe("current");
        entry.Rule.EffectiveFrom.ShouldBe(Date("2023-07-01"));
        entry.Rule.EffectiveTo.ShouldBeNull();
        entry.Name.ShouldBe("Adults at Risk for Avoidable Hospital or ED Utilization");
        var (age, thresholds) = HighUtilizerRule(entry.Rule.Criteria);
        age.Min.ShouldBe(21);
        thresholds.Select(Describe).ShouldBe([
            "ed-visit >= 5 in 6 months",
            "inpatient-admission+snf-stay >= 3 in 6 months",
        ]);
    }

    [Theory]
    [InlineData("2021-12-31", null)]
    [InlineData("2022-01-01", "2022")]
    [InlineData("2023-06-30", "2022")]
    [InlineData("2023-07-01", "current")]
    [InlineData("2030-01-01", "current")]
    public void PopulationsAsOf_HighUtilizerBoundaries_PickTheVersionInEffect(string date, string? expected)
    {
        var entry = _catalog.PopulationsAsOf(Date(date)).SingleOrDefault(p => p.Code == "adult-high-utilizer");

        entry?.Rule.RuleVersion.ShouldBe(expected);
        (entry is null).ShouldBe(expected is null);
    }

    [Fact]
    public void PopulationsAsOf_ChildHighUtilizer_StartsOn2023_07_01WithTwelveMonthThresholds()
    {
        _catalog.PopulationsAsOf(Date("2023-06-30")).ShouldNotContain(p => p.Code == "child-high-utilizer");

        var entry = _catalog.PopulationsAsOf(Date("2023-07-01")).Single(p => p.Code == "child-high-utilizer");

        entry.Rule.RuleVersion.ShouldBe("current");
        entry.Population.AgeGroup.ShouldBe(AgeGroup.Child);
        var (age, thresholds) = HighUtilizerRule(entry.Rule.Criteria);
        age.Min.ShouldBeNull();
        age.Max.ShouldBe(20);
        thresholds.Select(Describe).ShouldBe([
            "ed-visit >= 3 in 12 months",
            "inpatient-admission+snf-stay >= 2 in 12 months",
        ]);
    }

    [Fact]
    public void Populations_HaveTheCodesTheIssueFixes_EachWithACurrentVersion()
    {
        string[] expected =
        [
            "homelessness", "adult-high-utilizer", "adult-smi-sud", "incarceration-transition", "ltc-at-risk", "nf-transition",
            "birth-equity", "child-homelessness", "child-high-utilizer", "child-smi-sud", "child-ccs", "child-welfare",
            "child-incarceration-transition",
        ];

        _catalog.Populations.Select(p => p.Code).ShouldBe(expected, ignoreOrder: true);
        _catalog.Populations.ShouldAllBe(p => p.RuleVersions.Any(v => v.RuleVersion == "current" && v.EffectiveTo == null));
        foreach (var code in new[] { "homelessness", "adult-high-utilizer", "adult-smi-sud" })
        {
            _catalog.RuleHistory(code).Select(v => v.RuleVersion).ShouldBe(["2022", "current"]);
        }
    }

    [Fact]
    public void LaunchPopulations_GoLiveByCountyGroup()
    {
        var goLive = _catalog.FindPopulation("homelessness")!.GoLive;

        goLive.Select(g => (g.Date, g.CountyGroup)).ShouldBe([(Date("2022-01-01"), "former-wpc-hhp"), (Date("2022-07-01"), "other")]);
    }

    [Fact]
    public void PopulationsAsOf_2022_03_01_HasOnlyTheLaunchPopulations()
    {
        _catalog.PopulationsAsOf(Date("2022-03-01")).Select(p => p.Code)
            .ShouldBe(["homelessness", "adult-high-utilizer", "adult-smi-sud", "incarceration-transition"]);
    }

    [Fact]
    public void FindPopulationRuleVersion_ByCodeAndVersion_FindsItIgnoringCase()
    {
        _catalog.FindPopulationRuleVersion("ADULT-HIGH-UTILIZER", "2022")!.EffectiveTo.ShouldBe(Date("2023-06-30"));
        _catalog.FindRuleVersion("transitional-rent", "current")!.EffectiveFrom.ShouldBe(Date("2025-07-01"));
        _catalog.FindPopulationRuleVersion("adult-high-utilizer", "2019").ShouldBeNull();
        _catalog.RuleHistory("no-such-code").ShouldBeEmpty();
    }

    [Fact]
    public void CommunitySupportsAsOf_TransitionalRent_OnlyFrom2025_07_01()
    {
        var before = _catalog.CommunitySupportsAsOf(Date("2025-06-30"));
        var after = _catalog.CommunitySupportsAsOf(Date("2025-07-01"));

        before.Count.ShouldBe(14);
        before.ShouldNotContain(s => s.Code == "transitional-rent");
        after.Count.ShouldBe(15);
        after.Single(s => s.Code == "transitional-rent").Version.EffectiveFrom.ShouldBe(Date("2025-07-01"));
    }

    [Fact]
    public void CommunitySupports_HaveTheFifteenCodes()
    {
        _catalog.CommunitySupports.Select(s => s.Code).ShouldBe(
        [
            "housing-transition-navigation", "housing-deposits", "housing-tenancy-sustaining",
            "short-term-post-hospitalization-housing", "recuperative-care", "respite-services", "day-habilitation",
            "alf-transition", "community-home-transition", "personal-care-homemaker", "environmental-accessibility-adaptations",
            "medically-tailored-meals", "sobering-center", "asthma-remediation", "transitional-rent",
        ]);
    }

    [Fact]
    public void HomeModifications_HaveALifetimeCapOf7500Dollars()
    {
        var limit = _catalog.CommunitySupportOn("environmental-accessibility-adaptations", Date("2024-01-01"))!.Version.Limits.ShouldHaveSingleItem();

        (limit.Kind, limit.Quantity, limit.Unit, limit.Period).ShouldBe(("lifetime", 7500m, "dollars", "lifetime"));
    }

    [Fact]
    public void SharedLimit_CountsRecuperativeCareShortTermHousingAndTransitionalRent()
    {
        var entry = _catalog.CommunitySupportOn("recuperative-care", Date("2025-08-01"))!;

        var shared = entry.SharedLimits.ShouldHaveSingleItem();
        (shared.Kind, shared.Quantity, shared.Unit, shared.Period).ShouldBe(("rolling", 6m, "months", "rolling-12-months"));
        shared.Services.ShouldBe(["recuperative-care", "short-term-post-hospitalization-housing", "transitional-rent"]);
        _catalog.SharedLimitsAsOf(Date("2025-08-01"), "transitional-rent").ShouldHaveSingleItem().Code.ShouldBe(shared.Code);
        _catalog.SharedLimitsAsOf(Date("2025-08-01"), "housing-deposits").ShouldBeEmpty();
    }

    [Fact]
    public void ShortTermHousing_ChangesFromALifetimeLimitToTheSharedCap()
    {
        var old = _catalog.CommunitySupportOn("short-term-post-hospitalization-housing", Date("2024-12-31"))!;
        var now = _catalog.CommunitySupportOn("short-term-post-hospitalization-housing", Date("2025-01-01"))!;

        old.Version.RuleVersion.ShouldBe("2022");
        old.Version.Limits.Select(l => l.Kind).ShouldBe(["lifetime", "per-episode"]);
        old.SharedLimits.ShouldBeEmpty();
        now.Version.RuleVersion.ShouldBe("current");
        now.Version.Limits.ShouldBeEmpty();
        now.SharedLimits.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("H0044", "U2", "housing-deposits")]
    [InlineData("H0044", "U3", "short-term-post-hospitalization-housing")]
    [InlineData("H0044", "U6", "transitional-rent")]
    [InlineData("h0044", "u2", "housing-deposits")]
    [InlineData("S5165", "U6", "environmental-accessibility-adaptations")]
    [InlineData("S5165", "U5", "asthma-remediation")]
    [InlineData("T2038", "U4", "alf-transition")]
    [InlineData("T2038", "U5", "community-home-transition")]
    public void FindBilling_KeysOnCodeAndModifierTogether(string hcpcs, string modifier, string expected)
    {
        var match = _catalog.FindBilling(hcpcs, [modifier], Date("2025-09-01"));

        match.ShouldNotBeNull().Service.Code.ShouldBe(expected);
    }

    [Fact]
    public void FindBilling_WithoutTheModifierOrBeforeTheServiceExists_FindsNothing()
    {
        _catalog.FindBilling("H0044", [], Date("2025-09-01")).ShouldBeNull();
        _catalog.FindBilling("H0044", ["U2", "GQ"], Date("2025-09-01")).ShouldBeNull();
        _catalog.FindBilling("H0044", ["U6"], Date("2025-06-30")).ShouldBeNull();
        _catalog.FindBilling("H0044", ["U5"], Date("2025-12-31")).ShouldBeNull();
        _catalog.FindBilling("H0044", ["U5"], Date("2026-01-01"))!.Service.Code.ShouldBe("community-home-transition");
    }

    [Fact]
    public void EcmExclusionsAsOf_SeparatesExclusionsFromNonDuplication()
    {
        var rules = _catalog.EcmExclusionsAsOf(Date("2024-06-01"));

        rules.Single(r => r.Code == "hospice").Type.ShouldBe(ExclusionType.Exclusion);
        rules.Single(r => r.Code == "pace").Criteria.ShouldBeOfType<ProgramCriterion>().Program.ShouldBe("pace");
        rules.Single(r => r.Code == "smhs-tcm").Type.ShouldBe(ExclusionType.NonDuplication);
        rules.Count(r => r.Code.StartsWith("1915c-", StringComparison.Ordinal)).ShouldBe(6);
        rules.ShouldContain(r => r.Code == "d-snp");
        _catalog.EcmExclusionsAsOf(Date("2023-06-01")).ShouldNotContain(r => r.Code == "d-snp");
        rules.ShouldNotContain(r => r.Code == "cal-mediconnect");
    }

    [Fact]
    public void LoadEmbedded_Succeeds_WithVersionAndHash()
    {
        var result = CatalogLoader.LoadEmbedded();

        result.Errors.ShouldBeEmpty();
        result.Catalog!.CatalogVersion.ShouldBe("2026.1");
        result.Catalog.ContentHash.Length.ShouldBe(64);
        result.Catalog.SourceFiles.Keys.ShouldBe(CatalogLoader.DataFiles, ignoreOrder: true);
    }

    [Fact]
    public void Catalog_KeepsUnconfirmedFactsVisible()
    {
        _catalog.FindPopulationRuleVersion("birth-equity", "current")!.Confidence.ShouldBe(Confidence.Unconfirmed);
        _catalog.FindPopulation("birth-equity")!.GoLive.ShouldHaveSingleItem().Confidence.ShouldBe(Confidence.Unconfirmed);
        _catalog.FindCommunitySupportVersion("respite-services", "current")!.Limits.ShouldHaveSingleItem()
            .Confidence.ShouldBe(Confidence.Unconfirmed);
    }
}
