using CareHub.Catalog;
using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

/// <summary>
/// Hand-checked fixtures for every Population of Focus rule in the catalog, as of 2025-06-30 with the current rules
/// (unless a test says otherwise). The 6-month window is (2024-12-30, 2025-06-30]; the 12-month window
/// (2024-06-30, 2025-06-30].
/// </summary>
public class PopulationRuleTests
{
    private const string AsOf = "2025-06-30";

    private static string[] FiveEdVisits(PlanDataFixture f, string member, string first = "2024-12-31")
    {
        string[] dates = [first, "2025-02-01", "2025-03-01", "2025-04-01", "2025-06-30"];
        foreach (var d in dates)
        {
            f.Ed(member, d);
        }

        return dates;
    }

    [Fact]
    public async Task AdultHighUtilizer_CountsVisitsAfterTheWindowsFirstDayUpToTheAsOfDate()
    {
        using var f = new PlanDataFixture();
        f.Member("IN", "1980-05-01").Member("EDGE", "1980-05-01");
        FiveEdVisits(f, "IN");
        FiveEdVisits(f, "EDGE", first: "2024-12-30");

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All)).Succeeded();

        result.IsEligible("IN", "adult-high-utilizer").ShouldBeTrue();
        result.IsEligible("EDGE", "adult-high-utilizer").ShouldBeFalse();
        var edge = result.Find("EDGE", "adult-high-utilizer")!;
        edge.CriteriaMet.ShouldBeFalse();
        edge.EvidenceText.ShouldContain("4 ED visits between 2024-12-31 and 2025-06-30 (5 or more in 6 months needed)");
        edge.EvidenceText.ShouldNotContain("2024-12-30");
    }

    [Fact]
    public async Task AdultHighUtilizer_Evidence_IsInPlainWords_WithClaimIdsAndDates()
    {
        using var f = new PlanDataFixture();
        f.Member("A", "1980-05-01");
        f.Ed("A", "2024-12-31", id: "CLM-1").Ed("A", "2025-02-01", id: "CLM-2").Ed("A", "2025-03-01", id: "CLM-3")
            .Ed("A", "2025-04-01", id: "CLM-4").Ed("A", "2025-06-30", id: "CLM-5");

        var d = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded().Find("A", "adult-high-utilizer")!;

        d.Eligible.ShouldBeTrue();
        d.RuleVersion.ShouldBe("current");
        d.EvidenceText.ShouldBe(
            "age 45 on 2025-06-30 (21 or older; born 1980-05-01); 5 ED visits between 2024-12-31 and 2025-06-30 (5 or more in 6 months needed): "
            + "2024-12-31 (CLM-1), 2025-02-01 (CLM-2), 2025-03-01 (CLM-3), 2025-04-01 (CLM-4), 2025-06-30 (CLM-5)");
        var edItem = d.Evidence.Children[1].Children[0];
        (edItem.Count, edItem.Threshold, edItem.WindowStart, edItem.WindowEnd).ShouldBe((5, 5, PlanDataFixture.D("2024-12-31"), PlanDataFixture.D(AsOf)));
        edItem.Records.Select(r => r.SourceId).ShouldBe(["CLM-1", "CLM-2", "CLM-3", "CLM-4", "CLM-5"]);
    }

    [Fact]
    public async Task AdultHighUtilizer_ThreeUnplannedAdmissionsOrSkilledNursingStays_ElectiveAdmissionsDoNotCount()
    {
        using var f = new PlanDataFixture();
        f.Member("STAYS", "1950-01-01").Member("ELECTIVE", "1950-01-01");
        f.Admission("STAYS", "2025-01-10").Admission("STAYS", "2025-03-10", admissionType: "2").Snf("STAYS", "2025-03-20");
        f.Admission("ELECTIVE", "2025-01-10").Admission("ELECTIVE", "2025-03-10", admissionType: "3").Snf("ELECTIVE", "2025-03-20");

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All)).Succeeded();

        result.IsEligible("STAYS", "adult-high-utilizer").ShouldBeTrue();
        result.Find("STAYS", "adult-high-utilizer")!.EvidenceText.ShouldContain("3 unplanned hospital admissions or skilled nursing stays");
        result.IsEligible("ELECTIVE", "adult-high-utilizer").ShouldBeFalse();
    }

    [Fact]
    public async Task AdultHighUtilizer_2022And2023Thresholds_Differ()
    {
        using var f = new PlanDataFixture();
        f.Member("FIVE-ED", "1980-01-01").Member("TWO-ADMITS", "1980-01-01").Member("SIX-ED", "1980-01-01");
        FiveEdVisits(f, "FIVE-ED");
        f.Admission("TWO-ADMITS", "2024-08-01").Admission("TWO-ADMITS", "2024-09-01");
        foreach (var d in new[] { "2024-07-01", "2024-08-01", "2024-09-01", "2024-10-01", "2024-11-01", "2024-12-01" })
        {
            f.Ed("SIX-ED", d);
        }

        var dir = f.Write();
        var current = (await Identify.RunAsync(dir, AsOf, rules: "current")).Succeeded();
        var launch = (await Identify.RunAsync(dir, AsOf, rules: "2022")).Succeeded();

        // Current: 5 ED visits or 3 stays in 6 months. 2022: 6 ED visits, 2 admissions or 2 SNF stays in 12 months.
        current.Eligible("adult-high-utilizer").ShouldBe(["FIVE-ED"]);
        launch.Eligible("adult-high-utilizer").ShouldBe(["SIX-ED", "TWO-ADMITS"]);
        launch.Find("SIX-ED", "adult-high-utilizer")!.RuleVersion.ShouldBe("2022");
        launch.Find("SIX-ED", "adult-high-utilizer")!.EvidenceText.ShouldContain("6 ED visits between 2024-07-01 and 2025-06-30 (6 or more in 12 months needed)");
    }

    [Fact]
    public async Task TurningTwentyOneOnTheAsOfDate_IsAnAdult()
    {
        using var f = new PlanDataFixture();
        f.Member("TURNS-21", "2004-06-30").Member("STILL-20", "2004-07-01");
        FiveEdVisits(f, "TURNS-21");
        FiveEdVisits(f, "STILL-20");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        result.IsEligible("TURNS-21", "adult-high-utilizer").ShouldBeTrue();
        result.IsEligible("TURNS-21", "child-high-utilizer").ShouldBeFalse();
        result.IsEligible("STILL-20", "adult-high-utilizer").ShouldBeFalse();
        result.IsEligible("STILL-20", "child-high-utilizer").ShouldBeTrue();
        result.Find("TURNS-21", "adult-high-utilizer")!.EvidenceText.ShouldStartWith("age 21 on 2025-06-30");
    }

    [Fact]
    public async Task ChildHighUtilizer_ThreeEdVisitsOrTwoStaysIn12Months()
    {
        using var f = new PlanDataFixture();
        f.Member("ED3", "2012-01-01").Member("STAYS2", "2012-01-01").Member("ED2", "2012-01-01").Member("OLD", "2012-01-01");
        f.Ed("ED3", "2024-07-01").Ed("ED3", "2025-01-01").Ed("ED3", "2025-06-30");
        f.Admission("STAYS2", "2024-10-01").Admission("STAYS2", "2025-05-01");
        f.Ed("ED2", "2025-01-01").Ed("ED2", "2025-06-30");
        f.Ed("OLD", "2024-06-30").Ed("OLD", "2025-01-01").Ed("OLD", "2025-06-30");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        result.Eligible("child-high-utilizer").ShouldBe(["ED3", "STAYS2"]);
    }

    [Fact]
    public async Task DeathOnTheAsOfDate_Excludes_DeathAfterItDoesNot()
    {
        using var f = new PlanDataFixture();
        f.Member("DIED", "1970-01-01", death: "2025-06-30").Member("LATER", "1970-01-01", death: "2025-07-01");
        FiveEdVisits(f, "DIED");
        FiveEdVisits(f, "LATER");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        var died = result.Find("DIED", "adult-high-utilizer")!;
        died.CriteriaMet.ShouldBeTrue();
        died.Eligible.ShouldBeFalse();
        died.Exclusion!.Code.ShouldBe(ExclusionCodes.Died);
        died.Exclusion.Text.ShouldBe("died on 2025-06-30, on or before 2025-06-30");
        result.IsEligible("LATER", "adult-high-utilizer").ShouldBeTrue();
    }

    [Fact]
    public async Task Exclusions_RemoveMembers_WithTheReasonRecorded()
    {
        using var f = new PlanDataFixture();
        foreach (var id in new[] { "HOSPICE", "HOSPICE-ENDED", "HCBA", "ANY-WAIVER", "DSNP", "PACE", "NOT-ENROLLED", "TCM" })
        {
            f.Member(id, "1960-01-01", enrolled: id != "NOT-ENROLLED");
            FiveEdVisits(f, id);
        }

        f.Program("HOSPICE", "hospice", "2025-06-01", id: "H-17").Program("HOSPICE-ENDED", "hospice", "2025-01-01", "2025-06-29")
            .Program("HCBA", "1915c-hcba", "2023-01-01").Program("ANY-WAIVER", "1915c-waiver", "2023-01-01")
            .Program("DSNP", "d-snp", "2024-02-01").Program("PACE", "pace", "2025-06-30", "2025-06-30")
            .Program("TCM", "smhs-tcm", "2024-01-01");
        f.Enrollment("NOT-ENROLLED", "2020-01-01", "2025-06-29");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        string? Reason(string member) => result.Find(member, "adult-high-utilizer")!.Exclusion?.Code;
        Reason("HOSPICE").ShouldBe("hospice");
        result.Find("HOSPICE", "adult-high-utilizer")!.Exclusion!.Text.ShouldBe("enrolled in hospice from 2025-06-01, open (programs.csv H-17)");
        Reason("HOSPICE-ENDED").ShouldBeNull();
        // The catalog marks the 1915(c) exclusions unconfirmed: those members are to confirm, with the statement.
        Reason("HCBA").ShouldBeNull();
        result.Find("HCBA", "adult-high-utilizer")!.Status.ShouldBe(DeterminationStatus.ToConfirm);
        result.Find("HCBA", "adult-high-utilizer")!.PendingAttestations.ShouldHaveSingleItem().ShouldStartWith("Enrollment in ");
        Reason("ANY-WAIVER").ShouldBeNull();
        result.Find("ANY-WAIVER", "adult-high-utilizer")!.PendingAttestations.ShouldBe(
            ["Enrollment in a 1915(c) waiver from 2023-01-01, open (programs.csv P3) does not exclude the member from ECM (the catalog marks this exclusion unconfirmed)"]);
        Reason("DSNP").ShouldBe("d-snp");
        Reason("PACE").ShouldBe("pace");
        Reason("NOT-ENROLLED").ShouldBe(ExclusionCodes.NotEnrolled);
        Reason("TCM").ShouldBeNull("targeted case management is a non-duplication rule, not an exclusion");
        result.Eligible("adult-high-utilizer").ShouldBe(["HOSPICE-ENDED", "TCM"]);
        result.Outcome.Run!.Populations.Single(p => p.Population == "adult-high-utilizer").Excluded["hospice"].ShouldBe(1);
    }

    [Fact]
    public async Task IncarcerationTransition_ReleaseIn12MonthsAndAQualifyingCondition()
    {
        using var f = new PlanDataFixture();
        f.Member("SUD", "1985-01-01", sex: "M").Member("NO-CONDITION", "1985-01-01", sex: "M").Member("RELEASED-EDGE", "1985-01-01", sex: "M")
            .Member("YOUTH", "2008-03-01", sex: "M");
        f.Release("SUD", "2025-01-15").Line("SUD", "2025-02-01", "professional", pos: "11", procedure: "99213", dx1: "F11.20");
        f.Release("NO-CONDITION", "2025-01-15");
        f.Release("RELEASED-EDGE", "2024-06-30").Line("RELEASED-EDGE", "2025-02-01", "professional", pos: "11", procedure: "99213", dx1: "F11.20");
        f.Release("YOUTH", "2025-03-01", type: "youth");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        result.Eligible("incarceration-transition").ShouldBe(["SUD"]);
        result.Find("SUD", "incarceration-transition")!.EvidenceText.ShouldContain("released from incarceration between 2024-07-01 and 2025-06-30 (within 12 months): 2025-01-15 from County Jail (jail) (R1)");
        result.Eligible("child-incarceration-transition").ShouldBe(["YOUTH"]);
    }

    [Fact]
    public async Task BirthEquity_PregnantOrPostpartumWithin12Months_ForTheCoveredRaces()
    {
        using var f = new PlanDataFixture();
        f.Member("BLACK-DX", "1995-01-01", race: "black").Member("WHITE-DX", "1995-01-01", race: "white")
            .Member("PI-PROGRAM", "1995-01-01", race: "pacific-islander").Member("AIAN-OLD", "1995-01-01", race: "american-indian-alaska-native");
        f.Line("BLACK-DX", "2025-03-01", "professional", pos: "11", procedure: "59425", dx1: "Z34.90");
        f.Line("WHITE-DX", "2025-03-01", "professional", pos: "11", procedure: "59425", dx1: "Z34.90");
        f.Program("PI-PROGRAM", "pregnancy", "2024-09-01", "2025-05-01");
        f.Line("AIAN-OLD", "2024-06-30", "professional", pos: "11", procedure: "59425", dx1: "Z34.90");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        result.Eligible("birth-equity").ShouldBe(["BLACK-DX", "PI-PROGRAM"]);
        result.Find("BLACK-DX", "birth-equity")!.EvidenceText.ShouldContain("diagnosis Z34.90 on 2025-03-01");
    }

    [Fact]
    public async Task Homelessness_ChildrenByData_AdultsPendingTheAttestedComplexNeed()
    {
        using var f = new PlanDataFixture();
        f.Member("CHILD", "2010-01-01").Member("CHILD-OLD", "2010-01-01").Member("ADULT", "1980-01-01");
        f.Line("CHILD", "2025-04-02", "professional", pos: "11", procedure: "99213", dx1: "Z59.01");
        f.Line("CHILD-OLD", "2025-04-01", "professional", pos: "11", procedure: "99213", dx1: "Z59.01");
        f.Line("ADULT", "2025-05-01", "professional", pos: "11", procedure: "99213", dx1: "Z59.02");

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All)).Succeeded();

        // 90 days: (2025-04-01, 2025-06-30].
        result.Eligible("child-homelessness").ShouldBe(["CHILD"]);
        var adult = result.Find("ADULT", "homelessness")!;
        adult.CriteriaMet.ShouldBeTrue();
        adult.Eligible.ShouldBeFalse();
        adult.Status.ShouldBe(DeterminationStatus.ToConfirm);
        adult.EvidenceText.ShouldContain("homeless between 2025-04-02 and 2025-06-30 (within 90 days): diagnosis Z59.02 on 2025-05-01");
        adult.EvidenceText.ShouldEndWith("to confirm: (1) Has no dependent children or youth under 21 living with them. (2) Has at least one complex "
            + "physical, behavioral or developmental health need, with inability to successfully self-manage, for whom coordination of services "
            + "would likely improve health outcomes and/or decrease use of high-cost services.");
        result.Find("CHILD-OLD", "homelessness")!.CriteriaMet.ShouldBeFalse("a child is not in the adult population");
    }

    [Fact]
    public async Task ChildrensProgramPopulations_SmhsCcsAndChildWelfare()
    {
        using var f = new PlanDataFixture();
        f.Member("SMHS", "2009-01-01").Member("DMC-ODS", "2009-01-01").Member("SMHS-ADULT", "1990-01-01")
            .Member("CCS-CRISIS", "2015-01-01").Member("CCS-ONLY", "2015-01-01")
            .Member("FOSTER", "2013-01-01").Member("CW-RECENT", "2011-01-01").Member("CW-LONG-AGO", "2011-01-01");
        f.Program("SMHS", "smhs", "2024-01-01").Program("DMC-ODS", "dmc-ods", "2025-01-01").Program("SMHS-ADULT", "smhs", "2024-01-01");
        f.Program("CCS-CRISIS", "ccs", "2020-01-01").Line("CCS-CRISIS", "2025-02-01", "professional", pos: "15", procedure: "H2011", dx1: "F43.0");
        f.Program("CCS-ONLY", "ccs-wcm", "2020-01-01");
        f.Program("FOSTER", "foster-care", "2022-01-01").Program("CW-RECENT", "child-welfare", "2023-01-01", "2025-01-31")
            .Program("CW-LONG-AGO", "child-welfare", "2022-01-01", "2024-06-30");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        result.Eligible("child-smi-sud").ShouldBe(["DMC-ODS", "SMHS"]);
        result.Eligible("child-ccs").ShouldBe(["CCS-CRISIS"]);
        result.Find("CCS-CRISIS", "child-ccs")!.EvidenceText.ShouldContain("1 crisis service visit between 2024-07-01 and 2025-06-30");
        result.Eligible("child-welfare").ShouldBe(["CW-RECENT", "FOSTER"]);
    }

    [Fact]
    public async Task PopulationsThatNeedAttestation_AreIdentifiedPendingConfirmation_WithWhatTheDataShows()
    {
        using var f = new PlanDataFixture();
        f.Member("NF", "1940-01-01").Member("SMI", "1980-01-01").Member("LTC", "1940-01-01");
        f.NursingStay("NF", "2024-01-01");
        f.Program("SMI", "smhs", "2024-01-01");
        f.Ed("SMI", "2025-01-01", dx: "F20.9").Ed("SMI", "2025-02-01", dx: "F20.9");

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All)).Succeeded();

        foreach (var (member, population) in new[] { ("NF", "nf-transition"), ("SMI", "adult-smi-sud") })
        {
            var d = result.Find(member, population)!;
            d.CriteriaMet.ShouldBeTrue(population);
            d.Eligible.ShouldBeFalse(population);
            d.ToConfirm.ShouldBeTrue(population);
            d.PendingAttestations.ShouldNotBeEmpty(population);
            d.EvidenceText.ShouldContain("; to confirm: ");
        }

        result.Find("LTC", "ltc-at-risk")!.Identified.ShouldBeFalse("data shows only the member's age for it");
        result.Find("NF", "nf-transition")!.EvidenceText.ShouldContain("in a nursing facility on 2025-06-30: from 2024-01-01, open (nursing_facility_stays.csv N1)");
        result.Find("SMI", "adult-smi-sud")!.EvidenceText.ShouldContain("in county specialty mental health services on 2025-06-30");
        result.Outcome.Run!.Populations.Select(p => p.Population).Count().ShouldBe(13);
        Identify.Catalog.GetRules("current", PlanDataFixture.D(AsOf), backTest: false).Where(r => r.NeedsAttestation).Select(r => r.Code)
            .ShouldBe(["homelessness", "adult-smi-sud", "ltc-at-risk", "nf-transition"], ignoreOrder: true);
    }

    [Fact]
    public async Task NoneOf_AndTheWaiverFamily_AndIsDual()
    {
        using var f = new PlanDataFixture();
        f.Member("HCBA", "1950-01-01").Member("NONE", "1950-01-01");
        f.Program("HCBA", "1915c-hcba", "2024-01-01");
        var from = new DateOnly(2020, 1, 1);
        var rules = new TestRules(
            new PopulationRule("in-any-waiver", "t", from, null, new ProgramCriterion("1915c-waiver")),
            new PopulationRule("not-in-hcba", "t", from, null, new NoneOf([new ProgramCriterion("1915c-hcba")])),
            new PopulationRule("medi-cal-only", "t", from, null, new MemberAttributeCriterion("isDual", ["false"])));

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All, source: rules)).Succeeded();

        result.Eligible("in-any-waiver").ShouldBe(["HCBA"]);
        result.Find("HCBA", "in-any-waiver")!.EvidenceText.ShouldBe("in a 1915(c) waiver on 2025-06-30: 1915c-hcba from 2024-01-01, open (programs.csv P0)");
        result.Eligible("not-in-hcba").ShouldBe(["NONE"]);
        result.Find("HCBA", "not-in-hcba")!.EvidenceText.ShouldStartWith("not met because in 1915(c) Home and Community-Based Alternatives waiver");
        result.Eligible("medi-cal-only").ShouldBe(["HCBA", "NONE"]);
    }
}
