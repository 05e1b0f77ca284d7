using System.Globalization;
using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

/// <summary>The policy as a plan acts on it: populations go live county by county, custodial nursing facility stays
/// are not skilled nursing stays, unconfirmed exclusions leave members to confirm, dated exclusions end, and D-SNP
/// members with ECM at the end of 2023 keep it for up to 12 months.</summary>
public class PolicyRulesTests
{
    private const string HighUtilizer = "adult-high-utilizer";
    private const string Incarceration = "incarceration-transition";

    /// <summary>Six ED visits in the 31 days before <paramref name="last"/> (meets the 2022 and the current
    /// adult high-utilizer rules for as-of dates up to five months later).</summary>
    private static void SixEdVisits(PlanDataFixture f, string member, string last)
    {
        var day = PlanDataFixture.D(last);
        for (var i = 0; i < 6; i++)
        {
            f.Ed(member, day.AddDays(-5 * i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), id: $"{member}-ED{i}");
        }
    }

    /// <summary>Adult high utilizers in Los Angeles (live 2022-01-01, a former Whole Person Care county) and Fresno
    /// (live 2022-07-01); adults released from jail with a substance use diagnosis in Los Angeles (justice-involved
    /// live 2022-01-01) and Sacramento (live statewide 2024-01-01).</summary>
    private static PlanDataFixture Counties(string lastVisit)
    {
        var f = new PlanDataFixture();
        f.Member("LA", "1970-01-01", county: "Los Angeles").Member("FRESNO", "1970-01-01", county: "Fresno");
        SixEdVisits(f, "LA", lastVisit);
        SixEdVisits(f, "FRESNO", lastVisit);
        f.Member("JI-LA", "1985-01-01", county: "Los Angeles", sex: "M").Member("JI-SAC", "1985-01-01", county: "Sacramento", sex: "M");
        foreach (var m in new[] { "JI-LA", "JI-SAC" })
        {
            f.Release(m, PlanDataFixture.D(lastVisit).AddMonths(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            f.Line(m, lastVisit, "professional", pos: "11", procedure: "99213", dx1: "F11.20");
        }

        return f;
    }

    [Theory]
    [InlineData("2022-01-01", "2021-12-31", true, false)]
    [InlineData("2022-06-30", "2022-06-15", true, false)]
    [InlineData("2022-07-01", "2022-06-15", true, true)]
    [InlineData("2023-06-30", "2023-06-15", true, true)]
    public async Task HighUtilizers_AreIdentifiedOnlyWhereAndWhenThePopulationIsLive(string asOf, string lastVisit, bool losAngeles, bool fresno)
    {
        using var f = Counties(lastVisit);

        var result = (await Identify.RunAsync(f.Write(), asOf)).Succeeded();

        result.IsEligible("LA", HighUtilizer).ShouldBe(losAngeles);
        result.IsEligible("FRESNO", HighUtilizer).ShouldBe(fresno);
        var d = result.Find("FRESNO", HighUtilizer)!;
        d.CriteriaMet.ShouldBeTrue();
        if (!fresno)
        {
            d.Exclusion!.Code.ShouldBe(ExclusionCodes.NotLive);
            d.Exclusion.Text.ShouldBe($"Adults at Risk for Avoidable Hospital or ED Utilization was not yet live in Fresno County on {asOf} (live there from 2022-07-01)");
            result.Outcome.Run!.Populations.Single(p => p.Population == HighUtilizer).Excluded[ExclusionCodes.NotLive].ShouldBe(1);
        }
    }

    [Theory]
    [InlineData("2022-01-01", true, false)]
    [InlineData("2023-12-31", true, false)]
    [InlineData("2024-01-01", true, true)]
    public async Task JusticeInvolvedAdults_WereLiveInLosAngelesFrom2022_AndStatewideFrom2024(string asOf, bool losAngeles, bool sacramento)
    {
        using var f = Counties(PlanDataFixture.D(asOf).AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var result = (await Identify.RunAsync(f.Write(), asOf)).Succeeded();

        result.Find("JI-LA", Incarceration)!.Identified.ShouldBe(losAngeles);
        result.Find("JI-SAC", Incarceration)!.Identified.ShouldBe(sacramento);
        if (!sacramento)
        {
            result.Find("JI-SAC", Incarceration)!.Exclusion!.Text.ShouldContain("not yet live in Sacramento County on " + asOf + " (live there from 2024-01-01)");
        }
    }

    [Fact]
    public async Task WithoutRules_BeforeAnyRuleIsInEffect_TheRunSaysSo()
    {
        using var f = Counties("2020-12-15");

        var result = await Identify.RunAsync(f.Write(), "2020-12-31");

        result.Outcome.Succeeded.ShouldBeFalse();
        result.Outcome.Describe().ShouldContain("No population rule is in effect on 2020-12-31");
    }

    [Theory]
    [InlineData("2020-12-31", "current", true, true)]
    [InlineData("2022-06-30", "current", false, true)]
    [InlineData("2022-07-01", "current", false, false)]
    [InlineData("2025-03-31", "2022", false, false)]
    public async Task ABackTest_AppliesTheVersionAtAnyDate_AndTheEvidenceSaysWhereItWasNotYetLive(string asOf, string rules, bool laNotLive, bool fresnoNotLive)
    {
        using var f = Counties(PlanDataFixture.D(asOf).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var result = (await Identify.RunAsync(f.Write(), asOf, rules, backTest: true)).Succeeded();

        foreach (var (member, notLive, county, from) in new[] { ("LA", laNotLive, "Los Angeles", "2022-01-01"), ("FRESNO", fresnoNotLive, "Fresno", "2022-07-01") })
        {
            var d = result.Find(member, HighUtilizer)!;
            d.Eligible.ShouldBeTrue(member);
            d.RuleVersion.ShouldBe(rules);
            var note = $"was not yet live in {county} County on {asOf} (live there from {from})";
            if (notLive)
            {
                d.EvidenceText.ShouldContain(note);
            }
            else
            {
                d.EvidenceText.ShouldNotContain("not yet live");
            }
        }
    }

    [Fact]
    public void GoLive_ByCounty_FromTheCatalog()
    {
        var homelessness = Catalog.TestCatalog.Embedded.Populations.Single(p => p.Code == "homelessness").GoLive;
        var justice = Catalog.TestCatalog.Embedded.Populations.Single(p => p.Code == Incarceration).GoLive;

        PopulationGoLive.LiveFrom(homelessness, "Los Angeles").ShouldBe(new DateOnly(2022, 1, 1));
        PopulationGoLive.LiveFrom(homelessness, "san diego county").ShouldBe(new DateOnly(2022, 1, 1));
        PopulationGoLive.LiveFrom(homelessness, "Fresno").ShouldBe(new DateOnly(2022, 7, 1));
        PopulationGoLive.LiveFrom(homelessness, "").ShouldBe(new DateOnly(2022, 7, 1));
        PopulationGoLive.LiveFrom(justice, "Los Angeles").ShouldBe(new DateOnly(2022, 1, 1));
        PopulationGoLive.LiveFrom(justice, "Alameda").ShouldBe(new DateOnly(2024, 1, 1));
        PopulationGoLive.IsLive(homelessness, "Fresno", new DateOnly(2022, 6, 30)).ShouldBeFalse();
        PopulationGoLive.IsLive(homelessness, "Fresno", new DateOnly(2022, 7, 1)).ShouldBeTrue();
        PopulationGoLive.LiveFrom([], "Fresno").ShouldBe(DateOnly.MinValue);
    }

    [Fact]
    public async Task SkilledNursingBills_DuringACustodialStay_AreNotSkilledNursingStays()
    {
        using var f = new PlanDataFixture();
        foreach (var m in new[] { "CUSTODIAL", "SKILLED", "NO-STAY", "PART" })
        {
            f.Member(m, "1940-01-01");
            f.Snf(m, "2025-02-01", id: $"{m}-1").Snf(m, "2025-03-15", id: $"{m}-2").Snf(m, "2025-05-01", id: $"{m}-3");
        }

        f.NursingStay("CUSTODIAL", "2024-06-01", level: "custodial");
        f.NursingStay("SKILLED", "2025-01-20", "2025-06-01", level: "skilled");
        f.NursingStay("PART", "2025-03-01", level: "custodial");

        var result = (await Identify.RunAsync(f.Write(), "2025-06-30", scope: DeterminationScope.All)).Succeeded();

        result.IsEligible("CUSTODIAL", HighUtilizer).ShouldBeFalse();
        result.Find("CUSTODIAL", HighUtilizer)!.EvidenceText.ShouldContain("no unplanned hospital admissions or skilled nursing stays");
        result.IsEligible("SKILLED", HighUtilizer).ShouldBeTrue();
        result.IsEligible("NO-STAY", HighUtilizer).ShouldBeTrue();
        result.IsEligible("PART", HighUtilizer).ShouldBeFalse();
        result.Find("PART", HighUtilizer)!.Evidence.Children.SelectMany(c => c.Children).SelectMany(c => c.Records)
            .Select(r => r.SourceId).ShouldBe(["PART-1"]);
    }

    [Fact]
    public async Task AnUnconfirmedExclusion_LeavesTheMemberToConfirm_WithTheStatement()
    {
        using var f = new PlanDataFixture();
        f.Member("MSSP", "1950-01-01").Member("HOSPICE", "1950-01-01");
        SixEdVisits(f, "MSSP", "2025-06-20");
        SixEdVisits(f, "HOSPICE", "2025-06-20");
        f.Program("MSSP", "1915c-mssp", "2024-03-01", id: "W-9").Program("HOSPICE", "hospice", "2025-06-01", id: "H-1");

        var result = (await Identify.RunAsync(f.Write(), "2025-06-30")).Succeeded();

        var d = result.Find("MSSP", HighUtilizer)!;
        d.Status.ShouldBe(DeterminationStatus.ToConfirm);
        d.Exclusion.ShouldBeNull();
        d.PendingAttestations.ShouldBe(["Enrollment in 1915(c) Multipurpose Senior Services Program from 2024-03-01, open (programs.csv W-9) does not exclude the member from ECM (the catalog marks this exclusion unconfirmed)"]);
        d.EvidenceText.ShouldEndWith("; to confirm: Enrollment in 1915(c) Multipurpose Senior Services Program from 2024-03-01, open (programs.csv W-9) does not exclude the member from ECM (the catalog marks this exclusion unconfirmed).");
        result.Find("HOSPICE", HighUtilizer)!.Status.ShouldBe(DeterminationStatus.Excluded, "hospice is a confirmed exclusion");
        var counts = result.Outcome.Run!.Populations.Single(p => p.Population == HighUtilizer);
        (counts.Eligible, counts.ToConfirm, counts.Excluded["hospice"]).ShouldBe((0L, 1L, 1L));
    }

    [Theory]
    [InlineData("2022-12-31", DeterminationStatus.ToConfirm)]
    [InlineData("2023-01-01", DeterminationStatus.Eligible)]
    public async Task ADatedExclusion_Ends(string asOf, DeterminationStatus status)
    {
        // Cal MediConnect's exclusion (unconfirmed in the catalog) ended with the program on 2022-12-31.
        using var f = new PlanDataFixture();
        f.Member("CMC", "1950-01-01");
        SixEdVisits(f, "CMC", "2022-12-20");
        f.Program("CMC", "cal-mediconnect", "2021-01-01", id: "CMC-1");

        var result = (await Identify.RunAsync(f.Write(), asOf)).Succeeded();

        var d = result.Find("CMC", HighUtilizer)!;
        d.Status.ShouldBe(status);
        d.Exclusion.ShouldBeNull();
        if (status == DeterminationStatus.ToConfirm)
        {
            d.PendingAttestations.ShouldHaveSingleItem().ShouldStartWith("Enrollment in Cal MediConnect (ended 2022) from 2021-01-01, open (programs.csv CMC-1)");
        }
    }

    [Theory]
    [InlineData("2024-06-30", "2023-06-01", null, true)]
    [InlineData("2024-12-31", "2023-06-01", null, true)]
    [InlineData("2025-01-01", "2023-06-01", null, false)]
    [InlineData("2024-06-30", "2023-06-01", "2024-03-31", false)]
    [InlineData("2024-06-30", "2024-01-15", null, false)]
    [InlineData("2024-06-30", "2023-06-01", "2023-12-30", false)]
    public async Task DSnpMembers_WithEcmAtTheEndOf2023_KeepItForUpTo12Months(string asOf, string ecmStart, string? ecmEnd, bool keeps)
    {
        using var f = new PlanDataFixture();
        f.Member("DSNP", "1950-01-01");
        SixEdVisits(f, "DSNP", PlanDataFixture.D(asOf).AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        f.Program("DSNP", "d-snp", "2023-01-01", id: "D-1").Program("DSNP", "ecm", ecmStart, ecmEnd, id: "ECM-1");

        var result = (await Identify.RunAsync(f.Write(), asOf)).Succeeded();

        var d = result.Find("DSNP", HighUtilizer)!;
        d.Eligible.ShouldBe(keeps);
        if (keeps)
        {
            d.EvidenceText.ShouldContain($"in a D-SNP (Medicare dual special needs plan) from 2023-01-01, open (programs.csv D-1), but keeps ECM up to 2024-12-31 under the D-SNP continuation: ECM active on 2023-12-31, from {ecmStart}, open (programs.csv ECM-1)");
        }
        else
        {
            d.Exclusion!.Code.ShouldBe("d-snp");
        }
    }

    [Theory]
    [InlineData(2023, 12, 31, false)]
    [InlineData(2024, 1, 1, true)]
    [InlineData(2024, 12, 31, true)]
    [InlineData(2025, 1, 1, false)]
    public void DSnpContinuation_RunsFrom2024Through2024(int y, int m, int d, bool keeps) =>
        DSnpContinuation.Keeps(new DateOnly(2023, 1, 1), null, new DateOnly(y, m, d)).ShouldBe(keeps);
}
