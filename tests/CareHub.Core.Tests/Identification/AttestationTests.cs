using CareHub.Catalog;
using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

/// <summary>
/// Attestations (facts data cannot show) are to be confirmed, not "not met": a criterion is met, not met or to
/// confirm, and a member whose rule comes to "to confirm" is identified pending confirmation, with the statements
/// listed. As of 2025-06-30 unless a test says otherwise.
/// </summary>
public class AttestationTests
{
    private const string AsOf = "2025-06-30";
    private static readonly DateOnly _from = new(2020, 1, 1);

    private const string ComplexNeed = "Has at least one complex physical, behavioral or developmental health need, with inability to "
        + "successfully self-manage, for whom coordination of services would likely improve health outcomes and/or decrease use of high-cost services.";

    private const string SocialFactor = "Actively experiences at least one complex social factor influencing their health (for example lack of "
        + "access to food or stable housing, inability to work, adverse childhood experiences, former foster youth, recent contact with law "
        + "enforcement related to mental health or substance use).";

    private static PopulationRule Rule(string code, Criterion criteria) => new(code, "t", _from, null, criteria);

    private static AttestationCriterion A(string statement) => new(statement);

    private static readonly ProgramCriterion _smhs = new("smhs");

    [Fact]
    public async Task ThreeValuedLogic_AllOfAnyOfNoneOf()
    {
        using var f = new PlanDataFixture();
        f.Member("SMHS", "1980-01-01").Member("NONE", "1980-01-01");
        f.Program("SMHS", "smhs", "2024-01-01");
        var rules = new TestRules(
            Rule("all-data-and-attest", new AllOf([_smhs, A("Is A.")])),
            Rule("all-two-attest", new AllOf([new AgeCriterion(21, null), A("Is A."), A("Is B.")])),
            Rule("any-data-or-attest", new AnyOf([_smhs, A("Is A.")])),
            Rule("any-data-only", new AnyOf([_smhs, new ProgramCriterion("dmc")])),
            Rule("any-two-attest", new AnyOf([A("Is A."), new AllOf([A("Is B."), A("Is C.")])])),
            Rule("none-data", new NoneOf([_smhs])),
            Rule("none-attest", new NoneOf([A("Is A.")])),
            Rule("none-data-and-attest", new NoneOf([_smhs, A("Is A.")])),
            Rule("nested", new AllOf([new AgeCriterion(21, null), new AnyOf([new ProgramCriterion("dmc"), new AllOf([_smhs, A("Is A.")])])])),
            Rule("smhs-and-any-two-attest", new AllOf([_smhs, new AnyOf([A("Is A."), new AllOf([A("Is B."), A("Is C.")])])])),
            Rule("smhs-and-none-attest", new AllOf([_smhs, new NoneOf([A("Is A.")])])));

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All, source: rules)).Succeeded();

        DeterminationStatus S(string member, string rule) => result.Find(member, rule)!.Status;
        IReadOnlyList<string> P(string member, string rule) => result.Find(member, rule)!.PendingAttestations;

        // all-of: not met if any child is not met, else to confirm if any child is, else met.
        S("SMHS", "all-data-and-attest").ShouldBe(DeterminationStatus.ToConfirm);
        P("SMHS", "all-data-and-attest").ShouldBe(["Is A."]);
        S("NONE", "all-data-and-attest").ShouldBe(DeterminationStatus.NotMet);
        P("NONE", "all-data-and-attest").ShouldBeEmpty();
        // Open statements resting on age alone identify nobody: no record of the member's own points to them.
        S("NONE", "all-two-attest").ShouldBe(DeterminationStatus.NotMet);
        P("NONE", "all-two-attest").ShouldBeEmpty();
        result.Find("NONE", "all-two-attest")!.EvidenceText.ShouldBe(
            "age 45 on 2025-06-30 (21 or older; born 1980-01-01); no record of the member's own points to it, so it needs a referral to confirm: (1) Is A. (2) Is B.");

        // any-of: met if any child is met, else to confirm if any is, else not met.
        S("SMHS", "any-data-or-attest").ShouldBe(DeterminationStatus.Eligible);
        P("SMHS", "any-data-or-attest").ShouldBeEmpty();
        S("NONE", "any-data-or-attest").ShouldBe(DeterminationStatus.NotMet, "only the statement is left, and no record points to it");
        S("NONE", "any-data-only").ShouldBe(DeterminationStatus.NotMet);
        S("NONE", "any-two-attest").ShouldBe(DeterminationStatus.NotMet);
        S("SMHS", "smhs-and-any-two-attest").ShouldBe(DeterminationStatus.ToConfirm);
        P("SMHS", "smhs-and-any-two-attest").ShouldBe(["At least one of: is A; or is B and is C."]);

        // none-of: not met if any child is met, else to confirm (that it does not hold) if any is, else met.
        S("SMHS", "none-data").ShouldBe(DeterminationStatus.NotMet);
        S("NONE", "none-data").ShouldBe(DeterminationStatus.Eligible);
        S("NONE", "none-attest").ShouldBe(DeterminationStatus.NotMet);
        S("SMHS", "smhs-and-none-attest").ShouldBe(DeterminationStatus.ToConfirm);
        P("SMHS", "smhs-and-none-attest").ShouldBe(["Not the case: is A"]);
        S("SMHS", "none-data-and-attest").ShouldBe(DeterminationStatus.NotMet);
        S("NONE", "none-data-and-attest").ShouldBe(DeterminationStatus.NotMet);

        S("SMHS", "nested").ShouldBe(DeterminationStatus.ToConfirm);
        P("SMHS", "nested").ShouldBe(["Is A."]);
        S("NONE", "nested").ShouldBe(DeterminationStatus.NotMet);

        // With the default scope only identified or excluded members are sent.
        var identified = (await Identify.RunAsync(f.Path, AsOf, source: rules)).Succeeded();
        identified.Items.ShouldAllBe(d => d.CriteriaMet);
        identified.Items.Select(d => (d.MemberId, d.Population)).ShouldNotContain(("NONE", "all-data-and-attest"));
        identified.Items.Select(d => (d.MemberId, d.Population)).ShouldNotContain(("NONE", "none-attest"));
        identified.Items.Select(d => (d.MemberId, d.Population)).ShouldContain(("SMHS", "smhs-and-none-attest"));
    }

    [Fact]
    public async Task AdultHomelessness_FromAZ590Diagnosis_AndFromHmis_PendingTheTwoStatements()
    {
        using var f = new PlanDataFixture();
        f.Member("Z59", "1980-01-01").Member("HMIS", "1975-07-07", first: "Maria", last: "Garcia").Member("HOUSED", "1980-01-01")
            .Member("OLD-DX", "1980-01-01").Member("CHILD", "2012-01-01");
        f.Line("Z59", "2025-05-01", "professional", pos: "11", procedure: "99213", dx1: "Z59.00", id: "CLM-Z");
        f.Line("HOUSED", "2025-05-01", "professional", pos: "11", procedure: "99213", dx1: "R69");
        f.Line("OLD-DX", "2025-03-01", "professional", pos: "11", procedure: "99213", dx1: "Z59.00");
        f.Line("CHILD", "2025-05-01", "professional", pos: "11", procedure: "99213", dx1: "Z59.00");
        f.Write();
        var hmis = Path.Combine(f.Path, "hmis");
        Directory.CreateDirectory(hmis);
        File.WriteAllText(Path.Combine(hmis, "Project.csv"), "ProjectID,ProjectName,ProjectType\nES1,Harbor Shelter,0\n");
        File.WriteAllText(Path.Combine(hmis, "Client.csv"),
            "PersonalID,FirstName,LastName,SSN,SSNDataQuality,DOB,DOBDataQuality,NameDataQuality\nH1,Maria,Garcia,,99,1975-07-07,1,1\n");
        File.WriteAllText(Path.Combine(hmis, "Enrollment.csv"),
            "EnrollmentID,PersonalID,ProjectID,EntryDate,LivingSituation,MoveInDate\nEN1,H1,ES1,2025-05-01,116,\n");
        File.WriteAllText(Path.Combine(hmis, "Exit.csv"), "EnrollmentID,ExitDate,Destination\n");

        var result = (await Identify.RunAsync(f.Path, AsOf, scope: DeterminationScope.All, hmis: hmis)).Succeeded();

        string[] statements = ["Has no dependent children or youth under 21 living with them.", ComplexNeed];
        foreach (var member in new[] { "Z59", "HMIS" })
        {
            var d = result.Find(member, "homelessness")!;
            d.Status.ShouldBe(DeterminationStatus.ToConfirm, member);
            d.PendingAttestations.ShouldBe(statements, member);
            d.EvidenceText.ShouldEndWith($"; to confirm: (1) {statements[0]} (2) {statements[1]}");
        }

        result.Find("Z59", "homelessness")!.EvidenceText.ShouldStartWith(
            "age 45 on 2025-06-30 (21 or older; born 1980-01-01); homeless between 2025-04-02 and 2025-06-30 (within 90 days): diagnosis Z59.00 on 2025-05-01 (CLM-Z)");
        result.Find("HMIS", "homelessness")!.EvidenceText.ShouldContain("HMIS");
        result.Find("HMIS", "homelessness")!.EvidenceText.ShouldContain("EN1");

        // A member who fails a data criterion is not identified, whatever the attestations.
        foreach (var member in new[] { "HOUSED", "OLD-DX", "CHILD" })
        {
            var d = result.Find(member, "homelessness")!;
            d.CriteriaMet.ShouldBeFalse(member);
            d.Identified.ShouldBeFalse(member);
            d.PendingAttestations.ShouldBeEmpty(member);
            d.EvidenceText.ShouldNotContain("to confirm");
        }

        var counts = result.Outcome.Run!.Populations.Single(p => p.Population == "homelessness");
        (counts.Eligible, counts.ToConfirm, counts.CriteriaMet).ShouldBe((0, 2, 2));
        var breakdown = result.Outcome.Run.Breakdown.Where(b => b.Population == "homelessness").ToList();
        breakdown.Sum(b => b.ToConfirm).ShouldBe(2);
        breakdown.Sum(b => b.Eligible).ShouldBe(0);
    }

    [Fact]
    public async Task AdultSmiSud_DataShowsTheServicesAndTheRisk_TheSocialFactorIsToConfirm()
    {
        using var f = new PlanDataFixture();
        f.Member("SMHS-ONLY", "1980-01-01").Member("SMHS-RISK", "1980-01-01").Member("NO-SERVICES", "1980-01-01");
        f.Program("SMHS-ONLY", "smhs", "2024-01-01", id: "P-1").Program("SMHS-RISK", "smhs", "2024-01-01");
        f.Ed("SMHS-RISK", "2025-01-01", dx: "F20.9").Ed("SMHS-RISK", "2025-02-01", dx: "F20.9");

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All)).Succeeded();

        var only = result.Find("SMHS-ONLY", "adult-smi-sud")!;
        only.Status.ShouldBe(DeterminationStatus.ToConfirm);
        only.PendingAttestations.ShouldBe([SocialFactor,
            "At least one of: at high risk of institutionalization, overdose and/or suicide; or uses crisis services, emergency rooms, urgent care "
            + "or inpatient stays as the sole source of care."]);
        only.EvidenceText.ShouldStartWith("age 45 on 2025-06-30 (21 or older; born 1980-01-01); in county specialty mental health services on 2025-06-30: from 2024-01-01, open (programs.csv P-1)");
        only.EvidenceText.ShouldContain("none of: no dates with a overdose diagnosis");

        var risk = result.Find("SMHS-RISK", "adult-smi-sud")!;
        risk.Status.ShouldBe(DeterminationStatus.ToConfirm);
        risk.PendingAttestations.ShouldBe([SocialFactor], "the two ED visits for mental health meet the risk criterion");
        risk.EvidenceText.ShouldContain("2 ED visits for mental health or substance use");

        result.Find("NO-SERVICES", "adult-smi-sud")!.Identified.ShouldBeFalse();
    }

    [Fact]
    public async Task RulesWhoseOpenStatementsRestOnAgeAlone_IdentifyNobody()
    {
        // LTC at risk needs only age from data, child homelessness and child welfare can be met by attestations
        // alone: without a record of the member's own behind it, a "to confirm" would list every adult or child.
        using var f = new PlanDataFixture();
        f.Member("ADULT", "1940-01-01").Member("CHILD", "2010-01-01").Member("YOUTH", "2004-01-01");

        var result = (await Identify.RunAsync(f.Write(), AsOf, scope: DeterminationScope.All)).Succeeded();

        foreach (var (member, population) in new[] { ("ADULT", "ltc-at-risk"), ("CHILD", "ltc-at-risk"), ("CHILD", "child-homelessness"), ("YOUTH", "child-welfare") })
        {
            var d = result.Find(member, population)!;
            d.Identified.ShouldBeFalse($"{member} {population}");
            d.CriteriaMet.ShouldBeFalse($"{member} {population}");
        }
    }

    [Fact]
    public async Task NfTransition_AResidentIsPending_ADischargedOneIsNot_ExclusionsStillApply()
    {
        using var f = new PlanDataFixture();
        f.Member("RESIDENT", "1940-01-01").Member("DISCHARGED", "1940-01-01").Member("HOSPICE", "1940-01-01");
        f.NursingStay("RESIDENT", "2024-01-01").NursingStay("DISCHARGED", "2024-01-01", "2025-05-01").NursingStay("HOSPICE", "2024-01-01");
        f.Program("HOSPICE", "hospice", "2025-06-01", id: "H-1");

        var result = (await Identify.RunAsync(f.Write(), AsOf)).Succeeded();

        var resident = result.Find("RESIDENT", "nf-transition")!;
        resident.Status.ShouldBe(DeterminationStatus.ToConfirm);
        resident.PendingAttestations.ShouldBe([
            "Wants to move out of the nursing facility and live in the community.",
            "Is a likely candidate to transition successfully and able to live continuously in the community."]);
        resident.EvidenceText.ShouldContain("in a nursing facility on 2025-06-30: from 2024-01-01, open (nursing_facility_stays.csv N1)");
        result.Find("DISCHARGED", "nf-transition").ShouldBeNull("not a resident on the as-of date, so not identified");

        var hospice = result.Find("HOSPICE", "nf-transition")!;
        hospice.Status.ShouldBe(DeterminationStatus.Excluded);
        hospice.Identified.ShouldBeFalse();
        hospice.ToConfirm.ShouldBeFalse();
        hospice.Exclusion!.Code.ShouldBe("hospice");

        var counts = result.Outcome.Run!.Populations.Single(p => p.Population == "nf-transition");
        (counts.Eligible, counts.ToConfirm, counts.CriteriaMet, counts.Excluded["hospice"]).ShouldBe((0, 1, 2, 1));
    }
}
