using CareHub.Catalog;
using CareHub.Core.Tests.Catalog;
using CareHub.Ecm;

namespace CareHub.Core.Tests.Ecm;

public sealed class EcmStateMachineTests
{
    [Theory]
    [InlineData(EcmStatus.Referred, "authorize")]
    [InlineData(EcmStatus.Referred, "deny")]
    [InlineData(EcmStatus.Authorized, "assign")]
    [InlineData(EcmStatus.Assigned, "accept")]
    [InlineData(EcmStatus.Assigned, "decline")]
    [InlineData(EcmStatus.Accepted, "log outreach")]
    [InlineData(EcmStatus.Outreach, "log outreach")]
    [InlineData(EcmStatus.Outreach, "enroll")]
    [InlineData(EcmStatus.Enrolled, "disenroll")]
    [InlineData(EcmStatus.Enrolled, "assign")]
    public void StepsInOrder_AreAllowed(EcmStatus current, string step) =>
        EcmStateMachine.Check(current, Step(step)).ShouldBeNull();

    [Theory]
    [InlineData(EcmStatus.Referred, "assign")]
    [InlineData(EcmStatus.Referred, "enroll")]
    [InlineData(EcmStatus.Authorized, "accept")]
    [InlineData(EcmStatus.Authorized, "authorize")]
    [InlineData(EcmStatus.Assigned, "log outreach")]
    [InlineData(EcmStatus.Accepted, "enroll")]
    [InlineData(EcmStatus.Denied, "assign")]
    [InlineData(EcmStatus.Disenrolled, "enroll")]
    [InlineData(EcmStatus.Disenrolled, "disenroll")]
    [InlineData(EcmStatus.Referred, "disenroll")]
    public void StepsOutOfOrder_AreRefused_NamingTheCurrentStatus(EcmStatus current, string step)
    {
        var message = EcmStateMachine.Check(current, Step(step));
        message.ShouldNotBeNull();
        message.ShouldContain($"The case is '{current.ToCode()}'");
        message.ShouldContain(step);
    }

    [Fact]
    public void Decline_GoesBackToAuthorized()
    {
        EcmStateMachine.Decline.To.ShouldBe(EcmStatus.Authorized);
        EcmStateMachine.Next(EcmStatus.Assigned).ShouldBe([EcmStatus.Accepted, EcmStatus.Authorized, EcmStatus.Disenrolled], ignoreOrder: true);
        EcmStateMachine.Next(EcmStatus.Referred).ShouldBe([EcmStatus.Authorized, EcmStatus.Denied], ignoreOrder: true);
        EcmStateMachine.Next(EcmStatus.Disenrolled).ShouldBeEmpty();
    }

    [Fact]
    public void StatusNames_AreTheContractsInOrder() =>
        EcmStatus.All.Select(s => s.ToCode()).ShouldBe(["referred", "authorized", "denied", "assigned", "accepted", "outreach", "enrolled", "disenrolled"]);

    private static EcmStep Step(string name) => name switch
    {
        "authorize" => EcmStateMachine.Authorize,
        "deny" => EcmStateMachine.Deny,
        "assign" => EcmStateMachine.Assign,
        "accept" => EcmStateMachine.Accept,
        "decline" => EcmStateMachine.Decline,
        "log outreach" => EcmStateMachine.LogOutreach,
        "enroll" => EcmStateMachine.Enroll,
        "disenroll" => EcmStateMachine.Disenroll,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}

public sealed class EcmIntakeTests
{
    private static readonly EcmPlanSettings _defaults = new();

    [Theory]
    [InlineData(EcmSource.Wpc)]
    [InlineData(EcmSource.Hhp)]
    public void TransitionFromWpcOrHhp_IsAuthorizedAutomatically_WithReassessmentSixMonthsLater(string source)
    {
        var decision = EcmIntake.Decide(source, new DateOnly(2022, 1, 1), _defaults, []);
        decision.AutoAuthorize.ShouldBeTrue();
        decision.ReassessmentDue.ShouldBe(new DateOnly(2022, 7, 1));
        decision.Note!.ShouldContain("6 months");
    }

    [Fact]
    public void ReassessmentDue_IsSixCalendarMonths_EvenAtMonthEnd()
    {
        EcmIntake.Decide(EcmSource.Hhp, new DateOnly(2022, 8, 31), _defaults, []).ReassessmentDue.ShouldBe(new DateOnly(2023, 2, 28));
        EcmIntake.Decide(EcmSource.Wpc, new DateOnly(2022, 8, 31), new EcmPlanSettings { ReassessmentMonths = 3 }, []).ReassessmentDue.ShouldBe(new DateOnly(2022, 11, 30));
    }

    [Theory]
    [InlineData(EcmSource.Identification)]
    [InlineData(EcmSource.Pcp)]
    [InlineData(EcmSource.Member)]
    public void OtherReferrals_WaitForThePlan_WithTheDecisionClock(string source)
    {
        var decision = EcmIntake.Decide(source, new DateOnly(2024, 3, 1), new EcmPlanSettings { AuthorizationDecisionDays = 5 }, []);
        decision.AutoAuthorize.ShouldBeFalse();
        decision.ReassessmentDue.ShouldBeNull();
        decision.DecisionDueBy.ShouldBe(new DateOnly(2024, 3, 6));
    }

    [Fact]
    public void TransitionWithAnExclusion_IsNotAuthorizedAutomatically()
    {
        var findings = EcmExclusionCheck.Evaluate(TestCatalog.Embedded, [new ProgramSpan("hospice", new DateOnly(2021, 12, 1), null)], new DateOnly(2022, 1, 1));
        var decision = EcmIntake.Decide(EcmSource.Wpc, new DateOnly(2022, 1, 1), _defaults, findings);
        decision.AutoAuthorize.ShouldBeFalse();
        decision.Note!.ShouldContain("Hospice");
    }

    [Fact]
    public void DischargeFollowUp_IsDueThePlansDaysAfterDischarge()
    {
        EcmDueDates.DischargeFollowUp(new DateOnly(2024, 12, 28), new EcmPlanSettings { DischargeFollowUpDays = 7 }).ShouldBe(new DateOnly(2025, 1, 4));
        EcmDueDates.DischargeFollowUp(new DateOnly(2024, 12, 28), new EcmPlanSettings { DischargeFollowUpDays = 3 }).ShouldBe(new DateOnly(2024, 12, 31));
        EcmDueDates.DaysLeft(new DateOnly(2024, 3, 6), new DateOnly(2024, 3, 8)).ShouldBe(-2);
    }
}

public sealed class EcmExclusionCheckTests
{
    private static readonly ProgramCatalog _catalog = TestCatalog.Embedded;

    [Theory]
    [InlineData("hospice", "Hospice")]
    [InlineData("pace", "PACE")]
    [InlineData("1915c-mssp", "Multipurpose Senior Services Program")]
    [InlineData("ccm", "Complex Care Management")]
    public void MemberInAnExcludedProgram_IsBlocked_WithTheReason(string program, string name)
    {
        var findings = EcmExclusionCheck.Evaluate(_catalog, [new ProgramSpan(program, new DateOnly(2023, 5, 1), null)], new DateOnly(2024, 1, 15));
        var finding = findings.ShouldHaveSingleItem();
        finding.Blocks.ShouldBeTrue();
        finding.Name.ShouldContain(name);
        finding.Reason.ShouldContain("since 2023-05-01");
    }

    [Fact]
    public void OtherCareManagement_IsNonDuplication_NotABlock()
    {
        var finding = EcmExclusionCheck.Evaluate(_catalog, [new ProgramSpan("other-care-management", new DateOnly(2023, 1, 1), null)], new DateOnly(2024, 1, 1)).ShouldHaveSingleItem();
        finding.Type.ShouldBe(ExclusionType.NonDuplication);
        finding.Blocks.ShouldBeFalse();
        finding.Reason.ShouldContain("non-duplication");
    }

    [Fact]
    public void EndedProgram_OrRuleNotInEffect_DoesNotApply()
    {
        EcmExclusionCheck.Evaluate(_catalog, [new ProgramSpan("hospice", new DateOnly(2022, 1, 1), new DateOnly(2022, 6, 30))], new DateOnly(2023, 1, 1)).ShouldBeEmpty();

        // D-SNP members are excluded from 2024-01-01 only; Cal MediConnect only through 2022.
        EcmExclusionCheck.Evaluate(_catalog, [new ProgramSpan("d-snp", new DateOnly(2020, 1, 1), null)], new DateOnly(2023, 6, 1)).ShouldBeEmpty();
        EcmExclusionCheck.Evaluate(_catalog, [new ProgramSpan("d-snp", new DateOnly(2020, 1, 1), null)], new DateOnly(2024, 6, 1)).ShouldHaveSingleItem().Code.ShouldBe("d-snp");
        EcmExclusionCheck.Evaluate(_catalog, [new ProgramSpan("cal-mediconnect", new DateOnly(2020, 1, 1), null)], new DateOnly(2023, 6, 1)).ShouldBeEmpty();
    }

    [Fact]
    public void NoPrograms_NoFindings_AndExclusionsSortBeforeNonDuplication()
    {
        EcmExclusionCheck.Evaluate(_catalog, [], new DateOnly(2024, 1, 1)).ShouldBeEmpty();
        var both = EcmExclusionCheck.Evaluate(_catalog,
            [new ProgramSpan("smhs-tcm", new DateOnly(2023, 1, 1), null), new ProgramSpan("pace", new DateOnly(2023, 1, 1), null)], new DateOnly(2024, 1, 1));
        both.Select(f => f.Code).ShouldBe(["pace", "smhs-tcm"]);
    }
}

public sealed class UnableToReachRuleTests
{
    private static readonly UnableToReachRule _rule = new(3, 30, RequireInPerson: true);
    private static readonly DateOnly _d = new(2024, 4, 1);

    [Fact]
    public void ThreeUnsuccessfulAttemptsOverThirtyDays_WithOneInPerson_IsFlagged()
    {
        var result = _rule.Evaluate([(_d, "phone", "no-answer"), (_d.AddDays(10), "in-person", "not-found"), (_d.AddDays(30), "text", "no-answer")]);
        result.Flagged.ShouldBeTrue();
        result.UnsuccessfulAttempts.ShouldBe(3);
        result.DaysOfOutreach.ShouldBe(30);
        result.Explanation.ShouldStartWith("Unable to reach");
    }

    [Fact]
    public void WithoutAnInPersonAttempt_IsNotFlagged_AndSaysWhatIsMissing()
    {
        var result = _rule.Evaluate([(_d, "phone", "no-answer"), (_d.AddDays(10), "mail", "no-answer"), (_d.AddDays(31), "text", "no-answer")]);
        result.Flagged.ShouldBeFalse();
        result.Explanation.ShouldContain("an attempt in person");
        new UnableToReachRule(3, 30, RequireInPerson: false).Evaluate([(_d, "phone", "no-answer"), (_d.AddDays(10), "mail", "no-answer"), (_d.AddDays(31), "text", "no-answer")]).Flagged.ShouldBeTrue();
    }

    [Fact]
    public void TooFewAttempts_OrTooShortASpan_IsNotFlagged()
    {
        var two = _rule.Evaluate([(_d, "in-person", "no-answer"), (_d.AddDays(40), "phone", "no-answer")]);
        two.Flagged.ShouldBeFalse();
        two.Explanation.ShouldContain("1 more attempt");

        var quick = _rule.Evaluate([(_d, "in-person", "no-answer"), (_d.AddDays(1), "phone", "no-answer"), (_d.AddDays(29), "phone", "no-answer")]);
        quick.Flagged.ShouldBeFalse();
        quick.Explanation.ShouldContain("outreach over 30 days (so far 29)");
    }

    [Fact]
    public void AReachedMember_IsNeverFlagged()
    {
        var result = _rule.Evaluate([(_d, "in-person", "no-answer"), (_d.AddDays(15), "phone", "no-answer"), (_d.AddDays(40), "phone", "no-answer"), (_d.AddDays(41), "in-person", "reached")]);
        result.Flagged.ShouldBeFalse();
        result.Reached.ShouldBeTrue();
    }

    [Fact]
    public void ThePlansOwnRule_IsUsed()
    {
        var attempts = new[] { (_d, "in-person", "no-answer"), (_d.AddDays(7), "phone", "no-answer") };
        new UnableToReachRule(2, 7, true).Evaluate(attempts).Flagged.ShouldBeTrue();
        _rule.Evaluate(attempts).Flagged.ShouldBeFalse();
        new EcmPlanSettings { UnableToReachAttempts = 2, UnableToReachDays = 7 }.UnableToReach.Evaluate(attempts).Flagged.ShouldBeTrue();
    }
}

public sealed class AssignmentSuggesterTests
{
    private static AssignmentProvider P(string name, string[] counties, string[] pofs, int? capacity, int caseload, string[] languages, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), name, counties, pofs, capacity, caseload, languages);

    private static readonly AssignmentMember _member = new("Orange", "Vietnamese", ["homeless"], []);

    [Fact]
    public void CountyComesFirst_ThenPopulation_ThenCapacity_ThenLanguage_ThenRelationship()
    {
        var known = Guid.NewGuid();
        var member = _member with { PreviousProviders = [known] };
        var providers = new[]
        {
            P("Elsewhere, everything else", ["San Diego"], ["homeless"], 100, 0, ["Vietnamese"], known),
            P("In county, other PoF", ["Orange"], ["adult-high-utilizer"], 100, 0, ["Vietnamese"]),
            P("In county, PoF, full", ["Orange"], ["homeless"], 10, 10, ["Vietnamese"]),
            P("In county, PoF, room, English only", ["Orange"], ["homeless"], 100, 0, ["English"]),
            P("In county, PoF, room, Vietnamese", ["Orange"], ["homeless"], 50, 45, ["Vietnamese"]),
            P("In county, PoF, room, Vietnamese, knows member", ["Orange"], ["homeless"], 50, 49, ["English", "Vietnamese"], known),
        };
        var order = AssignmentSuggester.Suggest(member, providers).Select(s => s.Provider.Name).ToList();
        order.ShouldBe(
        [
            "In county, PoF, room, Vietnamese, knows member",
            "In county, PoF, room, Vietnamese",
            "In county, PoF, room, English only",
            "In county, PoF, full",
            "In county, other PoF",
            "Elsewhere, everything else",
        ]);
    }

    [Fact]
    public void Ties_GoToMorePlacesLeft_AndReasonsAreGiven()
    {
        var small = P("Small", ["Orange"], ["homeless"], 20, 15, ["Vietnamese"]);
        var big = P("Big", ["Orange"], ["homeless"], 300, 100, ["Vietnamese"]);
        var result = AssignmentSuggester.Suggest(_member, [small, big]);
        result.Select(s => s.Provider.Name).ShouldBe(["Big", "Small"]);
        result[0].Reasons.ShouldContain("serves Orange");
        result[0].Reasons.ShouldContain("200 of 300 places left");
        result[0].Reasons.ShouldContain("speaks Vietnamese");
    }

    [Fact]
    public void ProvidersNotAcceptingReferrals_AreLeftOut() =>
        AssignmentSuggester.Suggest(_member, [P("Open", ["Orange"], [], 10, 0, []), P("Closed", ["Orange"], [], 10, 0, []) with { AcceptingReferrals = false }])
            .Select(s => s.Provider.Name).ShouldBe(["Open"]);
}

public sealed class CarePlanAndAssessmentTests
{
    [Fact]
    public void SaveFromTheLatestVersion_IsAllowed_AndFromAnOlderOne_IsAConflict()
    {
        CarePlans.Conflict(2, 2, "maya", null).ShouldBeNull();
        CarePlans.Conflict(0, 0, null, null).ShouldBeNull();
        var conflict = CarePlans.Conflict(1, 2, "luis@example.org", new DateTimeOffset(2024, 5, 1, 14, 30, 0, TimeSpan.Zero));
        conflict.ShouldNotBeNull();
        conflict.ShouldContain("version 2 was saved by luis@example.org at 2024-05-01 14:30 UTC");
        conflict.ShouldContain("you started from version 1");
        conflict.ShouldContain("Your text is kept");
    }

    [Fact]
    public void CarePlanDraft_NeedsGoals_AndOwnedDatedInterventions()
    {
        var errors = CarePlans.Validate(new CarePlanDraft(0, " ", [new CarePlanIntervention("Find housing", null, null)], null, null));
        errors.Keys.ShouldBe(["problemsAndGoals", "interventions[0].owner", "interventions[0].dueDate"], ignoreOrder: true);
        CarePlans.Validate(new CarePlanDraft(0, "Stable housing", [new CarePlanIntervention("Apply for housing voucher", "Housing navigator", new DateOnly(2024, 6, 1))], "I want my own place", null)).ShouldBeEmpty();
    }

    [Fact]
    public void AssessmentForm_ChecksAnswers_AndFindsSocialNeeds()
    {
        var form = AssessmentForms.Current(new DateOnly(2024, 1, 1));
        form.Version.ShouldBe(1);
        form.Sections.Select(s => s.Code).ShouldBe(["physical", "behavioral", "social", "member"]);

        var answers = new Dictionary<string, string?>
        {
            ["chronic-conditions"] = "Diabetes, hypertension",
            ["pcp"] = "yes",
            ["recent-hospital"] = "yes",
            ["phq2-interest"] = "several days",
            ["phq2-down"] = "not at all",
            ["substance-use"] = "no",
            ["living-situation"] = "no steady place to live",
            ["food-worry"] = "sometimes true",
            ["transportation"] = "no",
            ["utilities"] = "no",
            ["safety"] = "never",
            ["member-goals"] = "A place to live",
        };
        form.Validate(answers).ShouldBeEmpty();
        form.SocialNeeds(answers).ShouldBe(["living-situation", "food-worry"]);

        answers["pcp"] = "maybe";
        answers.Remove("member-goals");
        answers["shoe-size"] = "9";
        var errors = form.Validate(answers);
        errors.Keys.ShouldBe(["pcp", "member-goals", "shoe-size"], ignoreOrder: true);
        errors["pcp"][0].ShouldContain("\"maybe\" is not one of the answers");
    }
}

public sealed class TransitionsCsvTests
{
    [Fact]
    public void ColumnsAreBoundByHeaderName_InAnyOrder()
    {
        var result = TransitionsCsv.Parse("Facility,EVENT_DATE,member_id,event,extra\n\"St. Mary, Long Beach\",2024-05-02,GP100001,Discharge,x\nCounty General,2024-05-01,90000001A,admit,\n");
        result.Ok.ShouldBeTrue(string.Join(" ", result.Errors));
        result.Rows.Count.ShouldBe(2);
        result.Rows[0].ShouldBe(new TransitionRow(2, "GP100001", "discharge", new DateOnly(2024, 5, 2), "St. Mary, Long Beach", null, null));
        result.Rows[1].Kind.ShouldBe("admit");
    }

    [Fact]
    public void MissingColumns_AreNamed()
    {
        var result = TransitionsCsv.Parse("member_id,date,facility\nGP1,2024-01-01,X\n");
        result.Ok.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().ShouldContain("missing columns \"event\", \"event_date\"");
    }

    [Fact]
    public void BadRows_AreReportedByLineAndField_AndNothingIsReturned()
    {
        var result = TransitionsCsv.Parse("member_id,event,event_date,facility\nGP1,discharge,2024-01-01,General\nGP2,transfer,2024-13-01,\n,admit,2024-01-02,General\n");
        result.Ok.ShouldBeFalse();
        result.Rows.ShouldBeEmpty();
        result.Errors.Count.ShouldBe(2);
        result.Errors[0].ShouldBe("Line 3: event \"transfer\" is not admit or discharge; event_date \"2024-13-01\" is not a date (yyyy-MM-dd); facility is empty.");
        result.Errors[1].ShouldStartWith("Line 4: member_id is empty");
    }

    [Fact]
    public void EmptyFile_IsExplained() =>
        TransitionsCsv.Parse("").Errors.ShouldHaveSingleItem().ShouldContain("The file is empty");

    [Fact]
    public void EachProblem_NamesItsLineAndColumn()
    {
        var result = TransitionsCsv.Parse("member_id,event,event_date,facility\nGP2,transfer,2024-13-01,\n");
        result.Problems.Select(p => (p.Line, p.Column)).ShouldBe([(2, "event"), (2, "event_date"), (2, "facility")]);
        result.Problems[2].Reason.ShouldBe("facility is empty");
        TransitionsCsv.Parse("member_id,facility\n").Problems.ShouldHaveSingleItem().ShouldBe(
            new CareHub.Exchange.CsvProblem(1, "event, event_date", "missing columns \"event\", \"event_date\" (the header has \"member_id\", \"facility\")."));
    }
}
