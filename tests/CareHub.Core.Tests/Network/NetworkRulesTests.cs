using CareHub.Network;

namespace CareHub.Core.Tests.Network;

public sealed class NpiTests
{
    [Theory]
    [InlineData("1234567893")] // the CMS example
    [InlineData("1245319599")]
    [InlineData("1093817462")]
    public void IsValid_RightCheckDigit_IsAccepted(string npi) => Npi.IsValid(npi).ShouldBeTrue();

    [Theory]
    [InlineData("1234567890")]
    [InlineData("1234567894")]
    [InlineData("123456789")]
    [InlineData("12345678930")]
    [InlineData("12345A7893")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_WrongDigitLengthOrCharacters_IsRefused(string? npi) => Npi.IsValid(npi).ShouldBeFalse();

    [Fact]
    public void CheckDigit_UsesThe80840Prefix()
    {
        Npi.CheckDigit("123456789").ShouldBe(3);
        // Without the prefix plain Luhn over the nine digits would give 7: the prefix's constant 24 matters.
        Npi.Problem("1234567897")!.ShouldContain("it should be 3");
        Npi.Problem("1234567893").ShouldBeNull();
    }
}

public sealed class CertificationTemplateTests
{
    private static TemplateArea A(string code) => new(code, code, "criteria", "evidence");

    [Fact]
    public void Embedded_EcmTemplate_HasTheModelOfCareAreas()
    {
        var t = CertificationTemplates.Embedded.InEffect(CertificationTemplates.Ecm, new DateOnly(2022, 1, 1))!;
        t.Version.ShouldBe(1);
        t.Areas.Select(a => a.Code).ShouldBe(
        [
            "outreach-engagement", "comprehensive-assessment", "enhanced-coordination", "health-promotion", "transitional-care",
            "member-family-supports", "community-social-supports", "staffing-caseloads", "training", "data-exchange", "privacy-security", "policies-procedures",
        ]);
        t.Areas.ShouldAllBe(a => a.RecommendedEvidence.Length > 0);
        CertificationTemplates.Embedded.InEffect(CertificationTemplates.HealthHomes, new DateOnly(2022, 1, 1))!.Areas.Count.ShouldBeLessThan(t.Areas.Count);
        CertificationTemplates.Embedded.InEffect(CertificationTemplates.CommunitySupports, new DateOnly(2022, 1, 1)).ShouldNotBeNull();
    }

    [Fact]
    public void InEffect_PicksTheHighestVersionStartedOnOrBeforeTheDate_AndOldVersionsStayReadable()
    {
        var templates = new CertificationTemplates(
        [
            new("t", "k", 1, "T", new DateOnly(2021, 7, 1), [A("a")]),
            new("t", "k", 2, "T", new DateOnly(2024, 1, 1), [A("a"), A("b")]),
        ]);
        templates.InEffect("k", new DateOnly(2021, 6, 30)).ShouldBeNull();
        templates.InEffect("k", new DateOnly(2023, 12, 31))!.Version.ShouldBe(1);
        templates.InEffect("k", new DateOnly(2024, 1, 1))!.Version.ShouldBe(2);
        templates.Get("k", 1)!.Areas.Count.ShouldBe(1);

        var embedded = CertificationTemplates.Embedded;
        embedded.InEffect(CertificationTemplates.Ecm, new DateOnly(2023, 12, 31))!.Version.ShouldBe(1);
        embedded.InEffect(CertificationTemplates.Ecm, new DateOnly(2024, 1, 1))!.Version.ShouldBe(2);
        embedded.Get(CertificationTemplates.Ecm, 2)!.Area("capacity").ShouldNotBeNull();
        embedded.Get(CertificationTemplates.Ecm, 1)!.Area("capacity").ShouldBeNull();
    }

    [Fact]
    public void Constructor_SameVersionTwice_IsRefused() =>
        Should.Throw<InvalidOperationException>(() => new CertificationTemplates(
            [new("t", "k", 1, "T", new DateOnly(2021, 7, 1), [A("a")]), new("t", "k", 1, "T", new DateOnly(2022, 7, 1), [A("a")])]));

    [Fact]
    public void Parse_DuplicateAreaCode_NamesIt() =>
        Should.Throw<InvalidOperationException>(() => CertificationTemplates.Parse(
            """{"id":"t","kind":"k","version":1,"title":"T","effectiveFrom":"2021-07-01","areas":[{"code":"a","title":"A","criteria":"c","recommendedEvidence":"e"},{"code":"a","title":"A","criteria":"c","recommendedEvidence":"e"}]}""",
            "t.json")).Message.ShouldContain("'a' appears twice");
}

public sealed class ApplicationWorkflowTests
{
    private static readonly DateOnly _today = new(2026, 3, 1);

    private static AreaState Answered(string code, bool? compliant = null, bool gap = false) => new(code, "We do this.", Effort.Low, compliant, gap);

    [Fact]
    public void Submit_Draft_NeedsEveryAreaAnsweredWithEffort()
    {
        var problems = ApplicationWorkflow.SubmitProblems(ApplicationStatus.Draft, [Answered("a"), new AreaState("b", "", Effort.Low, null, false), new AreaState("c", "x", null, null, false)]);
        problems.ShouldBe(["Area 'b' has no response.", "Area 'c' has no self-assessed effort."]);
        ApplicationWorkflow.SubmitProblems(ApplicationStatus.Draft, [Answered("a")]).ShouldBeEmpty();
        ApplicationWorkflow.SubmitProblems(ApplicationStatus.Submitted, [Answered("a")]).Single().ShouldContain("this one is submitted");
    }

    [Fact]
    public void ValidateReview_NoWithoutMissingInformationOrExpectedDocumentation_IsRefusedNamingTheField()
    {
        var errors = ApplicationWorkflow.ValidateReview(new AreaReviewInput(false, "Not enough", null, " ", null), _today);
        errors.Keys.ShouldBe(["missingInformation", "expectedDocumentation"], ignoreOrder: true);
        ApplicationWorkflow.ValidateReview(new AreaReviewInput(false, null, "Caseload ratio", "Staffing plan", _today.AddDays(-1)), _today).Keys.ShouldBe(["dueDate"]);
        ApplicationWorkflow.ValidateReview(new AreaReviewInput(false, null, "Caseload ratio", "Staffing plan", null), _today).ShouldBeEmpty();
        ApplicationWorkflow.ValidateReview(new AreaReviewInput(true, null, null, null, null), _today).ShouldBeEmpty();
        ApplicationWorkflow.ValidateReview(new AreaReviewInput(null, null, null, null, null), _today).Keys.ShouldBe(["compliant"]);
    }

    [Fact]
    public void StatusAfterReview_AnOpenGapNeverCertifies()
    {
        ApplicationWorkflow.StatusAfterReview([Answered("a", true), Answered("b", false, gap: true)]).ShouldBe(ApplicationStatus.GapClosure);
        // Even if every area's latest review were Yes, an open gap still blocks certification.
        ApplicationWorkflow.StatusAfterReview([Answered("a", true), Answered("b", true, gap: true)]).ShouldBe(ApplicationStatus.GapClosure);
        ApplicationWorkflow.CertificationProblems([Answered("a", true), Answered("b", true, gap: true)]).ShouldBe(["Area 'b' has an open gap."]);
        ApplicationWorkflow.StatusAfterReview([Answered("a", true), Answered("b")]).ShouldBe(ApplicationStatus.Submitted);
        ApplicationWorkflow.StatusAfterReview([Answered("a", true), Answered("b", true)]).ShouldBe(ApplicationStatus.Certified);
    }

    [Fact]
    public void CannotEditArea_DuringGapClosure_OnlyAreasNotYetCompliant()
    {
        ApplicationWorkflow.CannotEditArea(ApplicationStatus.Draft, Answered("a")).ShouldBeNull();
        ApplicationWorkflow.CannotEditArea(ApplicationStatus.GapClosure, Answered("a", false, true)).ShouldBeNull();
        ApplicationWorkflow.CannotEditArea(ApplicationStatus.GapClosure, Answered("a", true)).ShouldNotBeNull();
        ApplicationWorkflow.CannotEditArea(ApplicationStatus.Submitted, Answered("a")).ShouldNotBeNull();
        ApplicationWorkflow.CannotEditArea(ApplicationStatus.Certified, Answered("a", true)).ShouldNotBeNull();
    }

    [Fact]
    public void GapRules_OverdueAndCheckInsEveryTwoWeeks()
    {
        GapRules.IsOverdue("open", _today.AddDays(-1), _today).ShouldBeTrue();
        GapRules.IsOverdue("open", _today, _today).ShouldBeFalse();
        GapRules.IsOverdue("closed", _today.AddDays(-10), _today).ShouldBeFalse();
        GapRules.NextCheckIn(_today, null).ShouldBe(_today.AddDays(14));
        GapRules.NextCheckIn(_today, _today.AddDays(3)).ShouldBe(_today.AddDays(17));
        GapRules.CheckInOverdue(_today.AddDays(-1), null, _today).ShouldBeTrue();
        GapRules.CheckInOverdue(_today.AddDays(-1), _today.AddDays(-1), _today).ShouldBeFalse();
    }
}

public sealed class TrainingAndContractRulesTests
{
    [Fact]
    public void Missing_CountsOnlyCompletionsOnOrBeforeTheStart()
    {
        var required = TrainingRules.DefaultRequired.Take(2).ToList();
        var start = new DateOnly(2026, 2, 1);
        var done = new[] { (required[0].Topic, start), (required[1].Topic, start.AddDays(1)) };
        TrainingRules.Missing(required, done, start).Select(t => t.Topic).ShouldBe([required[1].Topic]);
        TrainingRules.Missing(required, done, start.AddDays(1)).ShouldBeEmpty();
    }

    [Fact]
    public void ContractMissing_NamesCertificationForEcmAndEachMissingTopic()
    {
        var missing = ContractRules.Missing(coversEcm: true, certified: false, [new("trauma-informed-care", "Trauma-informed care")]);
        missing.Count.ShouldBe(2);
        missing[0].ShouldStartWith("ECM certification");
        missing[1].ShouldContain("Trauma-informed care (trauma-informed-care)");
        ContractRules.Missing(coversEcm: false, certified: false, []).ShouldBeEmpty();
        ContractRules.Missing(coversEcm: true, certified: true, []).ShouldBeEmpty();
    }

    [Fact]
    public void Stage_IsTheFurthestReached()
    {
        ProviderStage.Of(false, null, false, false, false).ShouldBe(ProviderStage.Loi);
        ProviderStage.Of(true, null, false, false, false).ShouldBe(ProviderStage.Invited);
        ProviderStage.Of(true, ApplicationStatus.Submitted, false, false, false).ShouldBe(ProviderStage.Applying);
        ProviderStage.Of(true, ApplicationStatus.GapClosure, false, true, false).ShouldBe(ProviderStage.GapClosure);
        ProviderStage.Of(true, ApplicationStatus.Certified, true, false, false).ShouldBe(ProviderStage.Certified);
        ProviderStage.Of(true, ApplicationStatus.Certified, true, true, false).ShouldBe(ProviderStage.Trained);
        ProviderStage.Of(true, ApplicationStatus.Certified, true, true, true).ShouldBe(ProviderStage.Contracted);
    }
}

public sealed class AdequacyAndRosterTests
{
    [Fact]
    public void Compute_SumsCapacityPerCountyAndService_ShortfallNeverNegative()
    {
        var p1 = Guid.NewGuid();
        var p2 = Guid.NewGuid();
        var rows = AdequacyMath.Compute(
            [
                new(p1, "Los Angeles", "ecm", "homelessness", 100), new(p2, "Los Angeles", "ecm", "homelessness", 50),
                new(p1, "Los Angeles", "ecm", "adult-smi-sud", 100), new(p1, "Orange", "cs", "medically-tailored-meals", 30),
            ],
            [new("Los Angeles", "ecm", "homelessness", 400), new("Los Angeles", "ecm", "adult-smi-sud", 20), new("San Diego", "ecm", "homelessness", 80)]);
        rows.ShouldContain(new AdequacyRow("Los Angeles", "ecm", "homelessness", 2, 150, 400, 250));
        rows.ShouldContain(new AdequacyRow("Los Angeles", "ecm", "adult-smi-sud", 1, 100, 20, 0));
        rows.ShouldContain(new AdequacyRow("San Diego", "ecm", "homelessness", 0, 0, 80, 80));
        rows.ShouldContain(new AdequacyRow("Orange", "cs", "medically-tailored-meals", 1, 30, 0, 0));
        rows.Count.ShouldBe(4);
    }

    [Fact]
    public void Csv_HasTheStateHeader_AndEscapesFieldsAndFormulas()
    {
        var csv = RosterFormat.ToCsv([new("Harbor, Inc.", "1234567893", "951234567", "Los Angeles", "fqhc", ["homelessness", "adult-smi-sud"], [], 200, new DateOnly(2026, 1, 1), null),
            new("=cmd", null, null, "Orange", "cbo", [], [], 5, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))]);
        var lines = csv.Split("\r\n");
        lines[0].ShouldBe("provider_name,npi,tin,county,provider_type,populations,community_supports,capacity,contract_start,contract_end");
        lines[1].ShouldBe("\"Harbor, Inc.\",1234567893,951234567,Los Angeles,fqhc,homelessness;adult-smi-sud,,200,2026-01-01,");
        lines[2].ShouldStartWith("'=cmd,");
    }
}
