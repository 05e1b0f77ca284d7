using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Ecm;

/// <summary>The ECM API contract of issue 6, through HTTP, on SQLite and PostgreSQL.</summary>
public abstract class EcmApiTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(CareHubApp, string), Task<HttpClient>> _clients = new();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>One signed-in API client per account and app, so the tests do not sign the demo accounts in over and over
    /// (concurrent sign-ins of one account race on its lockout counter).</summary>
    private Task<HttpClient> ClientAsync(string email) => _clients.GetOrAdd((App, email), key => key.Item1.ApiClientAsync(key.Item2));

    /// <summary>A new member of the first demo plan (each test makes its own). The plan member id sorts among the demo
    /// members' ids, never first or last, so tests that take the plan's first or last member keep theirs.</summary>
    private async Task<Member> NewMemberAsync(string county = "Los Angeles", string language = "Spanish")
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "GP100050X" + Guid.NewGuid().ToString("N")[..10],
            FirstName = "Ecm",
            LastName = "Tester" + Guid.NewGuid().ToString("N")[..4],
            BirthDate = new DateOnly(1970, 5, 1),
            County = county,
            PreferredLanguage = language,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = App.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = county, Start = new DateOnly(2023, 1, 1) });
        await db.SaveChangesAsync();
        return member;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<Guid> ReferAsync(HttpClient plan, Guid memberId, string source = "identification")
    {
        var created = await Ok(await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId, source, reason = "Identified as a high utilizer" }), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>Takes a new member from referral to enrolled with the first ECM provider.</summary>
    private async Task<(Member Member, Guid CaseId, HttpClient Plan, HttpClient Provider)> EnrolledAsync()
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var provider = await ClientAsync("ecm@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var id = await ReferAsync(plan, member.Id);
        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved", reason = "Meets PoF criteria" }));
        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/assignment", new { providerId = ecm.Id }));
        await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/acceptance", new { accepted = true }));
        await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/outreach", new { date = Today, modality = "in-person", outcome = "reached", note = "Met at the clinic" }));
        await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/enrollment", new { enrollmentDate = Today, consentDate = Today }));
        return (member, id, plan, provider);
    }

    [Fact]
    public async Task Authorization_TakesTheSharedDecisionWords_AndRefusesPend()
    {
        var plan = await ClientAsync("planadmin@example.org");
        var approved = await ReferAsync(plan, (await NewMemberAsync()).Id);
        var denied = await ReferAsync(plan, (await NewMemberAsync()).Id);

        var pend = await plan.PostAsJsonAsync($"/api/ecm/cases/{approved}/authorization", new { decision = "pend", reason = "More records" });
        pend.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(pend)).GetProperty("errors").TryGetProperty("decision", out _).ShouldBeTrue();

        (await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{approved}/authorization", new { decision = "Approve", reason = "Meets criteria" })))
            .GetProperty("status").GetString().ShouldBe("authorized");
        (await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{denied}/authorization", new { decision = "deny", reason = "Enrolled in a duplicate program" })))
            .GetProperty("status").GetString().ShouldBe("denied");
    }

    [Fact]
    public async Task Journey_FollowsTheContract_WithHistoryOutreachAndAudit()
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var provider = await ClientAsync("ecm@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");

        var created = await Ok(await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source = "identification", reason = "High utilizer" }), HttpStatusCode.Created);
        created.GetProperty("status").GetString().ShouldBe("referred");
        var id = created.GetProperty("id").GetGuid();

        // A second referral for the same member returns the open case with 200.
        var again = await Ok(await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source = "hospital", reason = "ED discharge" }));
        again.GetProperty("id").GetGuid().ShouldBe(id);
        again.GetProperty("status").GetString().ShouldBe("referred");

        // Out of order: assignment before authorization.
        var early = await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/assignment", new { providerId = ecm.Id });
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        early.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Json(early)).GetProperty("detail").GetString()!.ShouldContain("'referred'");

        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved", reason = "Meets criteria" }));
        var twice = await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved" });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(twice)).GetProperty("detail").GetString()!.ShouldContain("'authorized'");

        (await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/assignment", new { providerId = ecm.Id }))).GetProperty("status").GetString().ShouldBe("assigned");
        (await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/acceptance", new { accepted = true }))).GetProperty("status").GetString().ShouldBe("accepted");
        var enrollEarly = await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/enrollment", new { enrollmentDate = Today, consentDate = Today });
        enrollEarly.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(enrollEarly)).GetProperty("detail").GetString()!.ShouldContain("'accepted'");

        foreach (var (modality, outcome) in new[] { ("phone", "no-answer"), ("text", "no-answer"), ("in-person", "reached") })
        {
            (await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/outreach", new { date = Today, modality, outcome, note = "attempt " + modality })))
                .GetProperty("status").GetString().ShouldBe("outreach");
        }

        (await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/enrollment", new { enrollmentDate = Today, consentDate = Today }))).GetProperty("status").GetString().ShouldBe("enrolled");

        var detail = await Ok(await plan.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("memberId").GetGuid().ShouldBe(member.Id);
        detail.GetProperty("status").GetString().ShouldBe("enrolled");
        detail.GetProperty("providerId").GetGuid().ShouldBe(ecm.Id);
        detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ShouldBe(["referred", "authorized", "assigned", "accepted", "outreach", "enrolled"]);
        detail.GetProperty("history")[2].GetProperty("by").GetString().ShouldBe("planadmin@example.org");
        detail.GetProperty("history")[0].TryGetProperty("at", out _).ShouldBeTrue();
        var outreach = detail.GetProperty("outreach").EnumerateArray().ToList();
        outreach.Count.ShouldBe(3);
        outreach.Select(o => o.GetProperty("modality").GetString()).ShouldBe(["phone", "text", "in-person"]);
        detail.GetProperty("mergedReferrals").GetInt32().ShouldBe(1);
        detail.GetProperty("timeline").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "referral-merged" && e.GetProperty("detail").GetString()!.Contains("ED discharge"));

        await using var db = App.SystemDb();
        var actions = await db.AuditEntries.Where(a => a.MemberId == member.Id).Select(a => a.Action).ToListAsync();
        actions.ShouldContain("ecm-case.create");
        actions.ShouldContain("ecm-case.merge");
        actions.ShouldContain("ecm-case.authorize");
        actions.ShouldContain("ecm-case.assign");
        actions.ShouldContain("ecm-case.accept");
        actions.Count(a => a == "ecm-case.outreach").ShouldBe(3);
        actions.ShouldContain("ecm-case.enroll");
        actions.ShouldContain("ecm-case.read");
    }

    [Fact]
    public async Task Roles_PlanDecides_OnlyTheAssignedProviderWorksTheCase()
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var provider = await ClientAsync("ecm@example.org");
        var other = await ClientAsync("ecm2@example.org");
        var otherPlan = await ClientAsync("planadmin2@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var id = await ReferAsync(plan, member.Id);

        // Providers cannot decide authorizations; another plan cannot see the case at all.
        (await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await otherPlan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherPlan.GetAsync($"/api/ecm/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Before assignment the provider does not see the member.
        (await provider.GetAsync($"/api/ecm/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved" }));
        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/assignment", new { providerId = ecm.Id }));

        await using (var db = App.SystemDb())
        {
            var grant = await db.MemberAccessGrants.SingleAsync(g => g.MemberId == member.Id && g.OrganizationId == ecm.Id);
            grant.Reason.ShouldBe("ecm-assignment");
            grant.SourceId.ShouldBe(id);
            grant.RevokedAt.ShouldBeNull();
        }

        (await provider.GetAsync($"/api/ecm/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await provider.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync($"/api/ecm/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/members/{member.Id}/ecm-cases")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/ecm/cases/{id}/acceptance", new { accepted = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/acceptance", new { accepted = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Declining needs a reason, sends the case back to authorized and ends the provider's access.
        var noReason = await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/acceptance", new { accepted = false });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(noReason)).GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("reason is required");
        (await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/acceptance", new { accepted = false, reason = "No capacity this month" })))
            .GetProperty("status").GetString().ShouldBe("authorized");
        (await provider.GetAsync($"/api/ecm/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await provider.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Reassignment to the second provider: it sees the member now, the first still does not; history is kept.
        var ecm2 = await App.OrganizationAsync("ecm2@example.org");
        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/assignment", new { providerId = ecm2.Id }));
        (await other.GetAsync($"/api/ecm/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await provider.GetAsync($"/api/ecm/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var detail = await Ok(await plan.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ShouldBe(["referred", "authorized", "assigned", "authorized", "assigned"]);
        detail.GetProperty("providerId").GetGuid().ShouldBe(ecm2.Id);

        await using (var db = App.SystemDb())
        {
            (await db.MemberAccessGrants.Where(g => g.MemberId == member.Id && g.OrganizationId == ecm.Id).Select(g => g.RevokedAt).SingleAsync()).ShouldNotBeNull();
            (await db.AuditEntries.AnyAsync(a => a.MemberId == member.Id && a.Action == "ecm-case.decline")).ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData("wpc")]
    [InlineData("hhp")]
    public async Task TransitionFromWpcOrHhp_On20220101_EnrollsWithTheProviderThatServedTheMember(string source)
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var provider = await ClientAsync("ecm@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var created = await Ok(await plan.PostAsJsonAsync("/api/ecm/cases",
            new { memberId = member.Id, source, reason = "Enrolled in the pilot in December", transitionDate = "2022-01-01", providerId = ecm.Id }), HttpStatusCode.Created);
        created.GetProperty("status").GetString().ShouldBe("enrolled");
        var id = created.GetProperty("id").GetGuid();

        var detail = await Ok(await plan.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("autoAuthorized").GetBoolean().ShouldBeTrue();
        detail.GetProperty("providerId").GetGuid().ShouldBe(ecm.Id);
        detail.GetProperty("enrollmentDate").GetString().ShouldBe("2022-01-01");
        detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).ShouldBe(["referred", "authorized", "enrolled"]);
        detail.GetProperty("timeline").EnumerateArray().ShouldContain(t => t.GetProperty("detail").GetString()!.Contains("no re-enrollment needed"));

        // The provider that served the member keeps them: it sees the case without assignment or acceptance.
        (await Ok(await provider.GetAsync($"/api/ecm/cases/{id}"))).GetProperty("status").GetString().ShouldBe("enrolled");
    }

    [Theory]
    [InlineData("wpc", null)]
    [InlineData("hhp", "2022-01-02")]
    [InlineData("wpc", "2025-06-01")]
    public async Task WpcOrHhpSource_AfterTheTransition_IsRefusedWithAClearMessage(string source, string? transitionDate)
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var refused = await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source, transitionDate, providerId = ecm.Id });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await Json(refused)).GetProperty("errors").GetProperty("source")[0].GetString()!;
        message.ShouldContain("2022-01-01");
        message.ShouldContain("needs the source that referred the member now");

        var noProvider = await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source, transitionDate = "2022-01-01" });
        (await Json(noProvider)).GetProperty("errors").GetProperty("providerId")[0].GetString()!.ShouldContain("served the member");
    }

    [Fact]
    public async Task ExcludedMember_CannotBeAuthorized_AndTheReasonIsShown()
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        await Ok(await plan.PostAsJsonAsync($"/api/members/{member.Id}/programs", new { program = "hospice", start = Today.AddDays(-20), source = "Hospice election notice" }), HttpStatusCode.Created);
        var bad = await plan.PostAsJsonAsync($"/api/members/{member.Id}/programs", new { program = "yoga", start = Today });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(bad)).GetProperty("errors").GetProperty("program")[0].GetString()!.ShouldContain("hospice");

        var created = await Ok(await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source = "pcp" }), HttpStatusCode.Created);
        created.GetProperty("status").GetString().ShouldBe("referred");
        var id = created.GetProperty("id").GetGuid();

        var refused = await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(refused)).GetProperty("detail").GetString()!.ShouldContain("Hospice");

        var detail = await Ok(await plan.GetAsync($"/api/ecm/cases/{id}"));
        var exclusion = detail.GetProperty("exclusions").EnumerateArray().Single();
        exclusion.GetProperty("code").GetString().ShouldBe("hospice");
        exclusion.GetProperty("blocks").GetBoolean().ShouldBeTrue();

        (await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "denied", reason = "In hospice" }))).GetProperty("status").GetString().ShouldBe("denied");
    }

    [Fact]
    public async Task BadInput_IsRefused_NamingTheField()
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var bad = await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source = "carrier-pigeon" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(bad)).GetProperty("errors").GetProperty("source")[0].GetString()!.ShouldContain("carrier-pigeon");

        var unknown = await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = Guid.NewGuid(), source = "pcp" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (_, id, _, provider) = await EnrolledAsync();
        var outreach = await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/outreach", new { date = Today.AddDays(3), modality = "smoke-signal", outcome = "reached" });
        outreach.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await Json(outreach)).GetProperty("errors");
        errors.GetProperty("date")[0].GetString()!.ShouldContain("in the future");
        errors.GetProperty("modality")[0].GetString()!.ShouldContain("in-person");
        (await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "maybe" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Worklist_ShowsTheCallersOpenTasks_WithDueDates()
    {
        var (_, id, plan, provider) = await EnrolledAsync();
        var mine = await Ok(await provider.GetAsync("/api/worklist?pageSize=200"));
        var tasks = mine.GetProperty("items").EnumerateArray().Where(t => t.GetProperty("caseId").GetGuid() == id).ToList();
        tasks.Select(t => t.GetProperty("kind").GetString()).ShouldBe(["assessment", "care-plan"], ignoreOrder: true);
        tasks.Single(t => t.GetProperty("kind").GetString() == "assessment").GetProperty("dueDate").GetString().ShouldBe(Today.AddDays(30).ToString("yyyy-MM-dd"));
        var ecm = await App.OrganizationAsync("ecm@example.org");
        mine.GetProperty("items").EnumerateArray().ShouldAllBe(t => t.GetProperty("organizationId").GetGuid() == ecm.Id);

        // The plan's worklist never shows the provider's tasks.
        var planList = await Ok(await plan.GetAsync("/api/worklist?pageSize=200"));
        planList.GetProperty("items").EnumerateArray().ShouldNotContain(t => t.GetProperty("caseId").GetGuid() == id && t.GetProperty("kind").GetString() == "assessment");
        (await plan.GetAsync("/api/worklist?due=yesterday")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var overdue = await Ok(await provider.GetAsync("/api/worklist?due=overdue&pageSize=200"));
        overdue.GetProperty("items").EnumerateArray().ShouldAllBe(t => DateOnly.Parse(t.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < Today);

        // Completing a task takes it off the list.
        var taskId = tasks.First().GetProperty("id").GetGuid();
        await Ok(await provider.PostAsync($"/api/ecm/tasks/{taskId}/completion", null));
        var after = await Ok(await provider.GetAsync("/api/worklist?pageSize=200"));
        after.GetProperty("items").EnumerateArray().ShouldNotContain(t => t.GetProperty("id").GetGuid() == taskId);
        (await plan.PostAsync($"/api/ecm/tasks/{tasks.Last().GetProperty("id").GetGuid()}/completion", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Worklist_SortedByName_OrdersByLastThenFirstName_WithoutRegardToCase()
    {
        var plan = await ClientAsync("planadmin@example.org");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var first = await NewMemberAsync();
        var second = await NewMemberAsync();
        await using (var db = App.SystemDb())
        {
            // Upper case sorts before lower case byte by byte; the worklist's order ignores case.
            await db.Members.Where(m => m.Id == first.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.LastName, "aaaa" + tag + "a").SetProperty(m => m.FirstName, "Zoe"));
            await db.Members.Where(m => m.Id == second.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.LastName, "AAAA" + tag.ToUpperInvariant() + "B").SetProperty(m => m.FirstName, "Al"));
        }

        var secondCase = await ReferAsync(plan, second.Id);
        var firstCase = await ReferAsync(plan, first.Id);
        var list = await Ok(await plan.GetAsync("/api/worklist?due=all&sort=name&pageSize=200"));
        var cases = list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("caseId").GetGuid()).ToList();
        cases.ShouldContain(firstCase);
        cases.ShouldContain(secondCase);
        cases.IndexOf(firstCase).ShouldBeLessThan(cases.IndexOf(secondCase));
        list.GetProperty("items").EnumerateArray().First(t => t.GetProperty("caseId").GetGuid() == firstCase).GetProperty("memberName").GetString().ShouldBe("Zoe aaaa" + tag + "a");

        // Page 2 of one continues where page 1 ended.
        var page1 = await Ok(await plan.GetAsync("/api/worklist?due=all&sort=name&pageSize=1&page=1"));
        var page2 = await Ok(await plan.GetAsync("/api/worklist?due=all&sort=name&pageSize=1&page=2"));
        page1.GetProperty("items")[0].GetProperty("id").GetString().ShouldBe(list.GetProperty("items")[0].GetProperty("id").GetString());
        page2.GetProperty("items")[0].GetProperty("id").GetString().ShouldBe(list.GetProperty("items")[1].GetProperty("id").GetString());
        // The total counts every case in view, not the page (other tests add cases meanwhile, so not an exact figure).
        page1.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AssessmentAndCarePlan_AreVersioned_AndAStaleSaveIsAConflict()
    {
        var (_, id, plan, provider) = await EnrolledAsync();
        var answers = new Dictionary<string, string>
        {
            ["chronic-conditions"] = "Type 2 diabetes",
            ["pcp"] = "no",
            ["recent-hospital"] = "yes",
            ["phq2-interest"] = "several days",
            ["phq2-down"] = "several days",
            ["substance-use"] = "no",
            ["living-situation"] = "no steady place to live",
            ["food-worry"] = "often true",
            ["transportation"] = "yes",
            ["utilities"] = "no",
            ["safety"] = "never",
            ["member-goals"] = "Get housing and see a doctor",
        };
        await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/assessments", new { formCode = "ecm-comprehensive", formVersion = 1, answers }));
        answers.Remove("pcp");
        var incomplete = await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/assessments", new { formCode = "ecm-comprehensive", formVersion = 1, answers });
        incomplete.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(incomplete)).GetProperty("errors").TryGetProperty("pcp", out _).ShouldBeTrue();

        object Plan(int baseVersion, string goals) => new
        {
            baseVersion,
            problemsAndGoals = goals,
            memberWords = "I want my own place",
            interventions = new[] { new { text = "Housing navigation referral", owner = "Maya Chen", dueDate = Today.AddDays(14) } },
        };
        (await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/care-plan", Plan(0, "Housing")), HttpStatusCode.Created)).GetProperty("version").GetInt32().ShouldBe(1);
        (await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/care-plan", Plan(1, "Housing; diabetes control")), HttpStatusCode.Created)).GetProperty("version").GetInt32().ShouldBe(2);
        var stale = await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/care-plan", Plan(1, "Stale edit"));
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(stale)).GetProperty("detail").GetString()!.ShouldContain("version 2 was saved by ecm@example.org");
        (await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/care-plan", Plan(2, "Plan edit"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var detail = await Ok(await plan.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("carePlanVersions").EnumerateArray().Select(v => v.GetProperty("problemsAndGoals").GetString()).ShouldBe(["Housing; diabetes control", "Housing"]);
        var assessment = detail.GetProperty("assessments").EnumerateArray().Single();
        assessment.GetProperty("formVersion").GetInt32().ShouldBe(1);
        assessment.GetProperty("socialNeeds").EnumerateArray().Select(n => n.GetString()).ShouldBe(["living-situation", "food-worry", "transportation"]);
    }

    [Fact]
    public async Task TwoSimultaneousCarePlanSaves_OneWins_TheOtherGetsAConflict()
    {
        var (_, id, _, provider) = await EnrolledAsync();
        var second = await App.ApiClientAsync("ecm@example.org");
        object Plan(string goals) => new { baseVersion = 0, problemsAndGoals = goals, interventions = Array.Empty<object>() };
        using var start = new SemaphoreSlim(0, 2);
        async Task<HttpResponseMessage> Save(HttpClient client, string goals)
        {
            await start.WaitAsync();
            return await client.PostAsJsonAsync($"/api/ecm/cases/{id}/care-plan", Plan(goals));
        }

        var a = Save(provider, "Written by the first care manager");
        var b = Save(second, "Written by the second care manager");
        start.Release(2);
        var responses = await Task.WhenAll(a, b);
        responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], ignoreOrder: true);
        var conflict = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        (await Json(conflict)).GetProperty("detail").GetString()!.ShouldContain("Someone else saved the care plan");

        await using var db = App.SystemDb();
        (await db.Set<CarePlanVersion>().CountAsync(v => v.CaseId == id)).ShouldBe(1);
    }

    [Fact]
    public async Task TwoSimultaneousStatusChanges_OneWins_TheOtherIsAConflict()
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var second = await App.ApiClientAsync("planadmin@example.org");
        var id = await ReferAsync(plan, member.Id);
        using var start = new SemaphoreSlim(0, 2);
        async Task<HttpResponseMessage> Decide(HttpClient client, string decision)
        {
            await start.WaitAsync();
            return await client.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision, reason = "decided by " + decision });
        }

        var a = Decide(plan, "approved");
        var b = Decide(second, "denied");
        start.Release(2);
        var responses = await Task.WhenAll(a, b);
        responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
        var detail = await Ok(await plan.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("history").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task OutreachCounts_FeedReporting_PerProviderModalityAndOutcome()
    {
        var (_, id, plan, provider) = await EnrolledAsync();
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var mine = await Ok(await provider.GetAsync($"/api/ecm/outreach?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}"));
        var row = mine.EnumerateArray().Single(r => r.GetProperty("modality").GetString() == "in-person" && r.GetProperty("outcome").GetString() == "reached");
        row.GetProperty("providerId").GetGuid().ShouldBe(ecm.Id);
        row.GetProperty("attempts").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        mine.EnumerateArray().ShouldAllBe(r => r.GetProperty("providerId").GetGuid() == ecm.Id);
        (await Ok(await plan.GetAsync("/api/ecm/outreach"))).EnumerateArray().ShouldContain(r => r.GetProperty("providerId").GetGuid() == ecm.Id);
        (await plan.GetAsync($"/api/ecm/outreach?from={Today:yyyy-MM-dd}&to={Today.AddDays(-1):yyyy-MM-dd}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // The second plan also works with this provider, but its counts cover only its own cases.
        var other = await ClientAsync("planadmin2@example.org");
        var plan2 = await App.OrganizationAsync("planadmin2@example.org");
        var theirs = (await Ok(await other.GetAsync($"/api/ecm/outreach?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}"))).EnumerateArray()
            .Where(r => r.GetProperty("providerId").GetGuid() == ecm.Id).Sum(r => r.GetProperty("attempts").GetInt32());
        await using var db = App.SystemDb();
        var expected = await db.Set<OutreachAttempt>().CountAsync(o => o.ProviderId == ecm.Id && o.Date == Today && db.Set<EcmCase>().Any(c => c.Id == o.CaseId && c.PlanId == plan2.Id));
        theirs.ShouldBe(expected);
        (await db.Set<EcmCase>().AnyAsync(c => c.Id == id && c.PlanId == plan2.Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task ReferralsFromIdentification_OpenCasesForEligibleMembers_AndLeaveOpenCasesAlone()
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var a = await NewMemberAsync();
        var b = await NewMemberAsync();
        var excluded = await NewMemberAsync();
        var run = new CareHub.Identification.Runs.IdentificationRunRecord
        {
            PlanId = plan.Id,
            AsOf = Today,
            RuleVersion = "current",
            Status = CareHub.Identification.Runs.RunStatus.Completed,
            RequestedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = App.SystemDb())
        {
            db.IdentificationRuns.Add(run);
            foreach (var (m, eligible) in new[] { (a, true), (b, true), (excluded, false) })
            {
                db.Determinations.Add(new CareHub.Identification.Runs.DeterminationRecord
                {
                    RunId = run.Id,
                    MemberId = m.Id,
                    Population = "adult-high-utilizer",
                    RuleVersion = "current",
                    Eligible = eligible,
                    EvidenceText = "test",
                    County = "Los Angeles",
                });
            }

            await db.SaveChangesAsync();
        }

        var client = await ClientAsync("planadmin@example.org");
        var existing = await ReferAsync(client, b.Id, "pcp");
        var result = await Ok(await client.PostAsJsonAsync("/api/ecm/referrals/from-identification", new { runId = run.Id, population = "adult-high-utilizer" }));
        result.GetProperty("eligible").GetInt32().ShouldBe(2);
        result.GetProperty("alreadyOpen").GetInt32().ShouldBe(1);
        result.GetProperty("created").GetInt32().ShouldBe(1);

        var cases = await Ok(await client.GetAsync($"/api/members/{a.Id}/ecm-cases"));
        var created = cases.EnumerateArray().Single();
        created.GetProperty("source").GetString().ShouldBe("identification");
        created.GetProperty("population").GetString().ShouldBe("adult-high-utilizer");
        (await Ok(await client.GetAsync($"/api/members/{b.Id}/ecm-cases"))).EnumerateArray().Single().GetProperty("id").GetGuid().ShouldBe(existing);
        (await Ok(await client.GetAsync($"/api/members/{excluded.Id}/ecm-cases"))).GetArrayLength().ShouldBe(0);

        var other = await ClientAsync("planadmin2@example.org");
        (await other.PostAsJsonAsync("/api/ecm/referrals/from-identification", new { runId = run.Id })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TransitionsImport_CreatesFollowUpTasks_AndABadFileWritesNothing()
    {
        var (member, id, plan, provider) = await EnrolledAsync();
        var discharge = Today.AddDays(-2);
        var bad = $"member_id,event,event_date,facility\n{member.PlanMemberId},discharge,{discharge:yyyy-MM-dd},Harbor General\nNOPE-1,admit,{discharge:yyyy-MM-dd},Harbor General\n";
        var refused = await plan.PostAsync("/api/ecm/transitions", new StringContent(bad, Encoding.UTF8, "text/csv"));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(refused)).GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("Line 3: member_id \"NOPE-1\"");
        await using (var db = App.SystemDb())
        {
            (await db.Set<TransitionEvent>().CountAsync(t => t.MemberId == member.Id)).ShouldBe(0);
        }

        var good = $"facility,event_date,event,member_id\nHarbor General,{discharge.AddDays(-3):yyyy-MM-dd},admit,{member.PlanMemberId}\nHarbor General,{discharge:yyyy-MM-dd},discharge,{member.PlanMemberId}\n";
        var result = await Ok(await plan.PostAsync("/api/ecm/transitions", new StringContent(good, Encoding.UTF8, "text/csv")));
        result.GetProperty("imported").GetInt32().ShouldBe(2);
        result.GetProperty("tasksCreated").GetInt32().ShouldBe(2);

        var again = await Ok(await plan.PostAsync("/api/ecm/transitions", new StringContent(good, Encoding.UTF8, "text/csv")));
        again.GetProperty("duplicates").GetInt32().ShouldBe(2);
        again.GetProperty("imported").GetInt32().ShouldBe(0);

        var worklist = await Ok(await provider.GetAsync("/api/worklist?kind=discharge-follow-up&pageSize=200"));
        var task = worklist.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("caseId").GetGuid() == id);
        task.GetProperty("dueDate").GetString().ShouldBe(discharge.AddDays(7).ToString("yyyy-MM-dd"));
        var detail = await Ok(await provider.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("transitions").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Disenrollment_ClosesTheCase_AndReEnrollmentKeepsTheHistory()
    {
        var (member, id, plan, provider) = await EnrolledAsync();
        (await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/disenrollment", new { reason = "bored" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/disenrollment", new { reason = "graduated", note = "Housed and stable" }))).GetProperty("status").GetString().ShouldBe("disenrolled");
        var late = await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/disenrollment", new { reason = "graduated" });
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Json(late)).GetProperty("detail").GetString()!.ShouldContain("'disenrolled'");

        var again = await Ok(await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source = "hospital", reason = "Readmitted" }), HttpStatusCode.Created);
        again.GetProperty("id").GetGuid().ShouldNotBe(id);
        var cases = await Ok(await plan.GetAsync($"/api/members/{member.Id}/ecm-cases"));
        cases.EnumerateArray().Select(c => c.GetProperty("status").GetString()).ShouldBe(["referred", "disenrolled"]);
        (await Ok(await plan.GetAsync($"/api/ecm/cases/{id}"))).GetProperty("disenrollmentReason").GetString().ShouldBe("graduated");
    }

    [Fact]
    public async Task Suggestions_PutProvidersServingTheMembersCountyFirst()
    {
        var member = await NewMemberAsync(county: "San Diego", language: "Tagalog");
        var plan = await ClientAsync("planadmin@example.org");
        var id = await ReferAsync(plan, member.Id);
        var list = await Ok(await plan.GetAsync($"/api/ecm/cases/{id}/suggestions"));
        var first = list[0];
        first.GetProperty("providerName").GetString().ShouldBe("Bay to Border Care Coordination");
        first.GetProperty("servesCounty").GetBoolean().ShouldBeTrue();
        first.GetProperty("speaksLanguage").GetBoolean().ShouldBeTrue();
        list.EnumerateArray().Skip(1).ShouldAllBe(s => !s.GetProperty("servesCounty").GetBoolean());
        var provider = await ClientAsync("ecm@example.org");
        (await provider.GetAsync($"/api/ecm/cases/{id}/suggestions")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Queue_ListsThePlansReferrals_AndCaseloadCountsAgainstCapacity()
    {
        var member = await NewMemberAsync();
        var plan = await ClientAsync("planadmin@example.org");
        var id = await ReferAsync(plan, member.Id);
        var queue = await Ok(await plan.GetAsync("/api/ecm/cases?status=referred&sort=due&pageSize=200"));
        queue.GetProperty("items").EnumerateArray().ShouldContain(c => c.GetProperty("id").GetGuid() == id);
        queue.GetProperty("items").EnumerateArray().ShouldAllBe(c => c.GetProperty("status").GetString() == "referred");
        (await plan.GetAsync("/api/ecm/cases?status=lost")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Stuck: open in a status a case should move on from (not enrolled), unchanged for the plan's days (14 by default).
        var stuck = await Ok(await plan.GetAsync("/api/ecm/cases?status=open&stuck=true&pageSize=200"));
        var stuckItems = stuck.GetProperty("items").EnumerateArray().ToList();
        stuckItems.ShouldNotBeEmpty();
        stuckItems.ShouldAllBe(c => c.GetProperty("status").GetString() != "enrolled" && c.GetProperty("daysInStatus").GetInt32() >= 14);

        var other = await ClientAsync("planadmin2@example.org");
        (await Ok(await other.GetAsync("/api/ecm/cases?pageSize=200"))).GetProperty("items").EnumerateArray().ShouldNotContain(c => c.GetProperty("id").GetGuid() == id);

        var provider = await ClientAsync("ecm@example.org");
        var caseload = await Ok(await provider.GetAsync("/api/ecm/caseload"));
        var row = caseload.EnumerateArray().ShouldHaveSingleItem();
        row.GetProperty("providerName").GetString().ShouldBe("Harbor Community Clinics");
        row.GetProperty("capacity").GetInt32().ShouldBe(400);
        row.GetProperty("remaining").GetInt32().ShouldBe(400 - row.GetProperty("caseload").GetInt32());
    }
}

public sealed class EcmApiTests_Sqlite(SqliteApp app) : EcmApiTests(app);

public sealed class EcmApiTests_Postgres(PostgresApp app) : EcmApiTests(app);
