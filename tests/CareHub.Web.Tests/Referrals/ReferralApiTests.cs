using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Referrals.ReferralTestData;

namespace CareHub.Web.Tests.Referrals;

public abstract class ReferralApiTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    [Fact]
    public async Task Create_WithTheSameIdempotencyKeyTwice_CreatesOneReferral_AndGrantsTheCbo()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var client = await App.ApiClientAsync("plancm@example.org");
        var key = Guid.NewGuid().ToString();

        HttpResponseMessage Send(Guid? memberId = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(MealsReferral(memberId ?? member.Id, cbo.Id)) };
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request).GetAwaiter().GetResult();
        }

        var first = Send();
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        first.Headers.Location!.ToString().ShouldStartWith("/api/referrals/");
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var second = Send();
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();
        Id(secondBody).ShouldBe(Id(firstBody));

        // The same key for another member is a mistake of the caller, not a repeat: refused, nothing created.
        var other = await NewMemberAsync(App);
        var reused = Send(other.Id);
        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reused.Content.ReadAsStringAsync()).ShouldContain($"was already used for referral {Id(firstBody)}");
        Status(firstBody).ShouldBe("submitted");
        firstBody.GetProperty("documents").GetArrayLength().ShouldBe(1);

        await using var db = App.SystemDb();
        (await db.Referrals.CountAsync(r => r.MemberId == member.Id)).ShouldBe(1);
        (await db.Referrals.CountAsync(r => r.MemberId == other.Id)).ShouldBe(0);
        (await db.MemberAccessGrants.CountAsync(g => g.MemberId == member.Id && g.OrganizationId == cbo.Id && g.Reason == "cs-referral" && g.RevokedAt == null)).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.MemberId == member.Id && a.Action == "cs-referral.create")).ShouldBe(1);

        // The CBO now sees the referral and the member; another CBO sees neither.
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        (await cboClient.GetAsync($"/api/referrals/{Id(firstBody)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cboClient.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var otherPlan = await App.ApiClientAsync("planadmin2@example.org");
        (await otherPlan.GetAsync($"/api/referrals/{Id(firstBody)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherPlan.GetAsync($"/api/members/{member.Id}/referrals")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Queue_ShowsWhatTheReferralFilterAdmits_AndNotAReferralWhoseMemberMovedToAnotherPlan()
    {
        var stays = await NewMemberAsync(App);
        var moves = await NewMemberAsync(App);
        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var kept = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(stays.Id, null)));
        var left = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(moves.Id, null)));
        var otherPlan = await App.OrganizationAsync("planadmin2@example.org");
        await using (var db = App.SystemDb())
        {
            var m = await db.Members.SingleAsync(x => x.Id == moves.Id, TestContext.Current.CancellationToken);
            m.PlanId = otherPlan.Id;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var queue = (await admin.GetFromJsonAsync<JsonElement>("/api/referrals/queue", TestContext.Current.CancellationToken))
            .EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        queue.ShouldContain(kept);
        queue.ShouldNotContain(left);

        var plan = await App.OrganizationAsync("planadmin@example.org");
        await using var scoped = App.ScopedDb(plan.Id, CareHub.Common.OrganizationType.Plan);
        var admitted = await scoped.Referrals.Where(r => r.Id == kept || r.Id == left).Select(r => r.Id).ToListAsync(TestContext.Current.CancellationToken);
        admitted.ShouldBe([kept]);
    }

    [Fact]
    public async Task ClosedLoop_PlanApproves_CboAcceptsRecordsAndCloses_ReferrerSeesTheOutcome()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var created = await PostOkAsync(cm, "/api/referrals", MealsReferral(member.Id, null));
        var id = Id(created);

        // Before authorization the CBO is not part of it and cannot accept.
        (await cboClient.PostAsJsonAsync($"/api/referrals/{id}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var queue = await admin.GetFromJsonAsync<JsonElement>("/api/referrals/queue");
        queue.EnumerateArray().ShouldContain(r => r.GetProperty("id").GetGuid() == id);

        var approved = await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve", cboId = cbo.Id, quantity = 56 });
        Status(approved).ShouldBe("approved");
        approved.GetProperty("summary").GetProperty("decidedAt").ValueKind.ShouldBe(JsonValueKind.String);
        approved.GetProperty("authorizations").GetArrayLength().ShouldBe(1);

        var incoming = await cboClient.GetFromJsonAsync<JsonElement>("/api/referrals?role=cbo&status=approved");
        incoming.EnumerateArray().ShouldContain(r => r.GetProperty("id").GetGuid() == id);
        Status(await PostOkAsync(cboClient, $"/api/referrals/{id}/accept", new { capacity = 120, note = "Starting next week." })).ShouldBe("accepted");
        Status(await PostOkAsync(cboClient, $"/api/referrals/{id}/schedule", new { at = "2025-03-03T17:00:00Z", note = "First delivery" })).ShouldBe("scheduled");
        var served = await PostOkAsync(cboClient, $"/api/referrals/{id}/services", new { serviceDate = "2025-03-03", endDate = "2025-03-16", quantity = 28 });
        Status(served).ShouldBe("in-service");
        served.GetProperty("deliveredQuantity").GetDecimal().ShouldBe(28m);
        var closed = await PostOkAsync(cboClient, $"/api/referrals/{id}/close", new { outcome = "services-completed", note = "All meals delivered." });
        Status(closed).ShouldBe("closed");

        // The referrer sees the loop closed: outcome and every step on the timeline.
        var view = await cm.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        view.GetProperty("outcome").GetString().ShouldBe("services-completed");
        view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("to").GetString())
            .ShouldBe(["submitted", "approved", "accepted", "scheduled", "in-service", "closed"]);
        var mine = await cm.GetFromJsonAsync<JsonElement>($"/api/members/{member.Id}/referrals");
        mine.EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("closed");

        await using var db = App.SystemDb();
        var changes = await db.Set<ReferralStatusChange>().Where(c => c.ReferralId == id).ToListAsync();
        changes.Where(c => c.From != null).ShouldAllBe(c => c.SecondsInPrevious != null);
        (await db.AuditEntries.CountAsync(a => a.MemberId == member.Id && a.Action.StartsWith("cs-referral."))).ShouldBeGreaterThanOrEqualTo(7);
        var report = await admin.GetFromJsonAsync<JsonElement>("/api/referrals/reports/time-in-status");
        report.EnumerateArray().ShouldContain(r => r.GetProperty("status").GetString() == "submitted");
    }

    [Fact]
    public async Task DemoData_HasReferralsInSeveralStatuses_SomeForTheFirstCbo()
    {
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var mine = await cboClient.GetFromJsonAsync<JsonElement>("/api/referrals?role=cbo");
        var statuses = mine.EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToHashSet();
        statuses.ShouldContain("approved");
        statuses.ShouldContain("accepted");
        statuses.ShouldContain("in-service");
        statuses.ShouldContain("closed");

        var admin = await App.ApiClientAsync("planadmin@example.org");
        var plan = await admin.GetFromJsonAsync<JsonElement>("/api/referrals?role=plan");
        var planStatuses = plan.EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToHashSet();
        planStatuses.Count.ShouldBeGreaterThanOrEqualTo(7);
        planStatuses.ShouldContain("denied");
        planStatuses.ShouldContain("pended");
        var queue = await admin.GetFromJsonAsync<JsonElement>("/api/referrals/queue");
        queue.EnumerateArray().ShouldContain(r => r.GetProperty("clock").GetString()!.StartsWith("overdue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverALimit_IsRefused_WithTheLimitWhatWasUsedAndWhatRemains()
    {
        var member = await NewMemberAsync(App);
        var otherPlan = await App.OrganizationAsync("planadmin2@example.org");
        await using (var db = App.SystemDb())
        {
            // A deposit another plan authorized in another county years ago still counts.
            db.ServiceAuthorizations.Add(new ServiceAuthorization
            {
                MemberId = member.Id,
                PlanId = otherPlan.Id,
                County = "Orange",
                CommunitySupportCode = "housing-deposits",
                Kind = "external",
                Start = new DateOnly(2023, 5, 1),
                End = new DateOnly(2023, 5, 1),
                Amount = 2800m,
                AuthorizedAt = DateTimeOffset.UtcNow,
            });

            // ...and so does the second one the documented exception allowed: a third is over even with it.
            db.ServiceAuthorizations.Add(new ServiceAuthorization
            {
                MemberId = member.Id,
                PlanId = otherPlan.Id,
                County = "Orange",
                CommunitySupportCode = "housing-deposits",
                Kind = "external",
                Start = new DateOnly(2024, 6, 1),
                End = new DateOnly(2024, 6, 1),
                Amount = 1200m,
                AuthorizedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var cm = await App.ApiClientAsync("plancm@example.org");
        var check = await PostOkAsync(cm, "/api/referrals/check", new { memberId = member.Id, communitySupportCode = "housing-deposits", requestedStart = "2025-09-01", requestedAmount = 1500 });
        check.GetProperty("canProceed").GetBoolean().ShouldBeFalse();
        check.GetProperty("offered").GetBoolean().ShouldBeTrue();
        var limit = check.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("unit").GetString() == "count");
        limit.GetProperty("used").GetDecimal().ShouldBe(2m);
        limit.GetProperty("remaining").GetDecimal().ShouldBe(0m);

        var refused = await cm.PostAsJsonAsync("/api/referrals", new { memberId = member.Id, communitySupportCode = "housing-deposits", reason = "Moving into an apartment", requestedStart = "2025-09-01", requestedAmount = 1500 });
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await refused.Content.ReadAsStringAsync();
        problem.ShouldContain("1 count per lifetime");
        problem.ShouldContain("used 2");
        problem.ShouldContain("0 remain");
    }

    [Fact]
    public async Task BadInput_NamesEachFieldAndWhy()
    {
        var member = await NewMemberAsync(App);
        var cm = await App.ApiClientAsync("plancm@example.org");
        var response = await cm.PostAsJsonAsync("/api/referrals", new { memberId = member.Id, communitySupportCode = "space-travel", priority = "soon", requestedStart = "2025-05-01", requestedEnd = "2025-04-01" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("communitySupportCode")[0].GetString()!.ShouldContain("'space-travel' is not a Community Support");
        errors.GetProperty("reason")[0].GetString()!.ShouldContain("reason");
        errors.GetProperty("priority")[0].GetString()!.ShouldContain("routine");
        errors.GetProperty("requestedEnd")[0].GetString()!.ShouldContain("before the start date");

        var meals = await cm.PostAsJsonAsync("/api/referrals", new { memberId = member.Id, communitySupportCode = "medically-tailored-meals", reason = "Diabetes", requestedStart = "2025-05-01", requestedEnd = "2025-05-28" });
        meals.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await meals.Content.ReadAsStringAsync()).ShouldContain("how many meals");
    }

    [Fact]
    public async Task OnlyThePlanDecides_AndDenialNeedsANoticeForTheMember()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var id = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(member.Id, cbo.Id)));

        var cboClient = await App.ApiClientAsync("cbo@example.org");
        (await cboClient.PostAsJsonAsync($"/api/referrals/{id}/decision", new { decision = "approve" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cboClient.PostAsJsonAsync($"/api/referrals/{id}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var admin = await App.ApiClientAsync("planadmin@example.org");
        var noNotice = await admin.PostAsJsonAsync($"/api/referrals/{id}/decision", new { decision = "deny", reason = "Not medically necessary" });
        noNotice.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNotice.Content.ReadAsStringAsync()).ShouldContain("memberNotice");

        Status(await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "pend", reason = "Send the latest A1c result." })).ShouldBe("pended");
        Status(await PostOkAsync(cm, $"/api/referrals/{id}/resubmit", new { information = "A1c 9.8% on 2025-02-20." })).ShouldBe("submitted");
        var denied = await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "deny", reason = "Not medically necessary", memberNotice = "Your request for meals was denied because ... You may appeal within 60 days." });
        Status(denied).ShouldBe("denied");
        denied.GetProperty("memberNotice").GetString()!.ShouldContain("appeal");
        (await admin.PostAsJsonAsync($"/api/referrals/{id}/decision", new { decision = "approve" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await using var db = App.SystemDb();
        (await db.MemberAccessGrants.CountAsync(g => g.MemberId == member.Id && g.OrganizationId == cbo.Id && g.RevokedAt == null)).ShouldBe(1);
    }

    [Fact]
    public async Task CboDeclines_PlanSendsItToAnotherProvider_FirstLosesAccess()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        Guid other;
        await using (var db = App.SystemDb())
        {
            other = await db.Organizations.Where(o => o.Name == "Nourish Medically Tailored Meals").Select(o => o.Id).SingleAsync();
        }

        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var id = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(member.Id, cbo.Id)));
        await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve" });

        var noReason = await cboClient.PostAsJsonAsync($"/api/referrals/{id}/decline", new { note = "full" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("at-capacity");
        var declined = await PostOkAsync(cboClient, $"/api/referrals/{id}/decline", new { reason = "at-capacity", capacity = 0, note = "Waitlist of six weeks." });
        Status(declined).ShouldBe("declined");
        (await cboClient.GetAsync($"/api/referrals/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The referrer sees why; the plan sends it to another provider, and the authorization is replaced, not doubled.
        var seen = await cm.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        seen.GetProperty("declineReason").GetString().ShouldBe("at-capacity");
        var same = await admin.PostAsJsonAsync($"/api/referrals/{id}/decision", new { decision = "approve", cboId = cbo.Id });
        same.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var again = await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve", cboId = other });
        Status(again).ShouldBe("approved");
        again.GetProperty("authorizations").GetArrayLength().ShouldBe(1);
        again.GetProperty("summary").GetProperty("cboId").GetGuid().ShouldBe(other);

        await using (var db = App.SystemDb())
        {
            (await db.MemberAccessGrants.CountAsync(g => g.SourceId == id && g.OrganizationId == cbo.Id && g.RevokedAt == null)).ShouldBe(0);
            (await db.MemberAccessGrants.CountAsync(g => g.SourceId == id && g.OrganizationId == other && g.RevokedAt == null)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task AuthorizationRunsOut_ServicesOutsideAreRefused_UntilAnExtensionIsApproved()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var id = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(member.Id, cbo.Id, "2025-01-06", "2025-03-02", 112)));
        await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve" });
        await PostOkAsync(cboClient, $"/api/referrals/{id}/accept", new { });

        var outside = await cboClient.PostAsJsonAsync($"/api/referrals/{id}/services", new { serviceDate = "2025-03-03", quantity = 2 });
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outside.Content.ReadAsStringAsync()).ShouldContain("request an extension");

        // Past 12 weeks in the episode: approving needs the documented exception (medical necessity) and a reason.
        await PostOkAsync(cboClient, $"/api/referrals/{id}/extensions", new { requestedEnd = "2025-04-06", requestedQuantity = 70, reason = "Still recovering after discharge." });
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        var extensionId = detail.GetProperty("extensions")[0].GetProperty("id").GetGuid();
        var tooLong = await admin.PostAsJsonAsync($"/api/referrals/{id}/extensions/{extensionId}/decision", new { decision = "approve" });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await tooLong.Content.ReadAsStringAsync();
        text.ShouldContain("12 weeks per episode");
        text.ShouldContain("medically-necessary");
        await PostOkAsync(admin, $"/api/referrals/{id}/extensions/{extensionId}/decision", new { decision = "deny", note = "Past 12 weeks; ask for a shorter extension." });

        await PostOkAsync(cboClient, $"/api/referrals/{id}/extensions", new { requestedEnd = "2025-03-30", requestedQuantity = 56, reason = "Four more weeks." });
        detail = await admin.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        extensionId = detail.GetProperty("extensions").EnumerateArray().Single(e => e.GetProperty("status").GetString() == "pending").GetProperty("id").GetGuid();
        var extended = await PostOkAsync(admin, $"/api/referrals/{id}/extensions/{extensionId}/decision", new { decision = "approve" });
        extended.GetProperty("authorizations").GetArrayLength().ShouldBe(2);
        extended.GetProperty("authorizedThrough").GetString().ShouldBe("2025-03-30");
        Status(await PostOkAsync(cboClient, $"/api/referrals/{id}/services", new { serviceDate = "2025-03-03", quantity = 2 })).ShouldBe("in-service");
    }

    [Fact]
    public async Task MemberMovesPlanAndCounty_NewPlanSeesWhatWasUsed_AndOpenReferralsFollow()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var id = Id(await PostOkAsync(admin, "/api/referrals", new
        {
            memberId = member.Id,
            communitySupportCode = "environmental-accessibility-adaptations",
            cboId = cbo.Id,
            reason = "Grab bars and a ramp",
            requestedStart = "2025-02-01",
            requestedEnd = "2025-02-28",
            requestedAmount = 7000,
        }));
        await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve" });

        // The member moves to the second plan (Los Angeles) - as an enrollment update would do.
        var newPlan = await App.OrganizationAsync("planadmin2@example.org");
        await using (var db = App.SystemDb())
        {
            var m = await db.Members.SingleAsync(x => x.Id == member.Id);
            m.PlanId = newPlan.Id;
            await db.SaveChangesAsync();
        }

        var admin2 = await App.ApiClientAsync("planadmin2@example.org");
        var usage = await admin2.GetFromJsonAsync<JsonElement>($"/api/members/{member.Id}/cs-usage");
        var dollars = usage.EnumerateArray().Single(u => u.GetProperty("communitySupportCode").GetString() == "environmental-accessibility-adaptations")
            .GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("unit").GetString() == "dollars");
        dollars.GetProperty("used").GetDecimal().ShouldBe(7000m);
        dollars.GetProperty("remaining").GetDecimal().ShouldBe(500m);
        (await admin.GetAsync($"/api/referrals/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The new plan's member page offers to move the open referral; the JSON API does the same.
        var pages = await App.PageClientAsync("planadmin2@example.org");
        var html = await pages.GetStringAsync($"/members/{member.Id}");
        html.ShouldContain("Move open referrals to my plan");
        var posted = await pages.PostAsync($"/referrals/follow?member={member.Id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html) }));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await pages.GetStringAsync($"/members/{member.Id}")).ShouldNotContain("Move open referrals to my plan");
        var follow = await PostOkAsync(admin2, $"/api/members/{member.Id}/referrals/follow", new { });
        follow.GetProperty("moved").GetInt32().ShouldBe(0);
        var moved = await admin2.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        moved.GetProperty("summary").GetProperty("planId").GetGuid().ShouldBe(newPlan.Id);
        moved.GetProperty("timeline").EnumerateArray().Last().GetProperty("note").GetString()!.ShouldContain("Member moved");
    }
}

public sealed class ReferralApiTests_Sqlite(SqliteApp app) : ReferralApiTests(app);

public sealed class ReferralApiTests_Postgres(PostgresApp app) : ReferralApiTests(app);
