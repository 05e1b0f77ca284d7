using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Common;
using CareHub.Data.Identity;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Testing;
using CareHub.Web.Tests.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Every channel that shows members (lists, searches, queues, exports, diffs, run pages, drill-downs, FHIR searches)
/// writes one audit entry per member shown, which <c>GET /api/audit?member=</c> finds.
/// </summary>
public abstract class MemberViewAuditTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private sealed record Entry(string Action, string? Target, string? UserName, string? Detail);

    /// <summary>The member's audit trail as the state's auditor reads it.</summary>
    private async Task<List<Entry>> TrailAsync(Guid memberId)
    {
        var auditor = await App.ApiClientAsync("auditor@example.org");
        var page = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?member={memberId}&pageSize=500");
        return [.. page.GetProperty("items").EnumerateArray().Select(e => new Entry(e.GetProperty("action").GetString()!, e.GetProperty("target").GetString(),
            e.GetProperty("userName").GetString(), e.GetProperty("detail").GetString()))];
    }

    private static void ShouldHave(List<Entry> trail, string action, string targetStart, string user) =>
        trail.ShouldContain(e => e.Action == action && e.Target != null && e.Target.StartsWith(targetStart, StringComparison.Ordinal) && e.UserName == user,
            $"no {action} entry for {targetStart} by {user}; the trail has: {string.Join(" | ", trail.Select(e => $"{e.Action} {e.Target} {e.UserName}"))}");

    [Fact]
    public async Task MemberListsSearchesQueuesAndFhirSearches_WriteAnEntryForTheMember()
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var plan = await App.ApiClientAsync("plancm@example.org");
        await ReferralTestData.PostOkAsync(plan, "/api/referrals", ReferralTestData.MealsReferral(member.Id, cbo.Id));
        await ReferralTestData.PostOkAsync(plan, "/api/ecm/cases", new { memberId = member.Id, source = "identification", reason = "High utilizer" });

        (await plan.GetAsync($"/api/members?q={member.PlanMemberId}")).EnsureSuccessStatusCode();
        var pages = await App.PageClientAsync("plancm@example.org");
        (await pages.GetAsync($"/members?q={member.PlanMemberId}")).EnsureSuccessStatusCode();
        (await plan.GetAsync($"/fhir/Patient?identifier={member.PlanMemberId}")).EnsureSuccessStatusCode();
        (await plan.GetAsync($"/fhir/Consent?patient=Patient/{member.Id}")).EnsureSuccessStatusCode();
        (await plan.GetAsync("/api/referrals")).EnsureSuccessStatusCode();
        (await plan.GetAsync("/api/referrals/queue")).EnsureSuccessStatusCode();
        (await pages.GetAsync("/referrals/queue")).EnsureSuccessStatusCode();
        (await plan.GetAsync($"/api/ecm/cases?status=all&q={member.PlanMemberId}")).EnsureSuccessStatusCode();
        (await pages.GetAsync($"/ecm?status=all&q={member.PlanMemberId}")).EnsureSuccessStatusCode();
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        (await cboClient.GetAsync("/api/referrals?role=cbo")).EnsureSuccessStatusCode();
        (await cboClient.GetAsync("/fhir/Consent")).EnsureSuccessStatusCode();

        var trail = await TrailAsync(member.Id);
        ShouldHave(trail, "member.search", "/api/members", "plancm@example.org");
        ShouldHave(trail, "member.search", "/members", "plancm@example.org");
        ShouldHave(trail, "member.search", "/fhir/Patient", "plancm@example.org");
        ShouldHave(trail, "consent.search", "/fhir/Consent", "plancm@example.org");
        ShouldHave(trail, "consent.search", "/fhir/Consent", "cbo@example.org");
        ShouldHave(trail, "cs-referral.list", "/api/referrals", "plancm@example.org");
        ShouldHave(trail, "cs-referral.list", "/api/referrals/queue", "plancm@example.org");
        ShouldHave(trail, "cs-referral.list", "/referrals/queue", "plancm@example.org");
        ShouldHave(trail, "cs-referral.list", "/api/referrals", "cbo@example.org");
        ShouldHave(trail, "ecm-case.list", "/api/ecm/cases", "plancm@example.org");
        ShouldHave(trail, "ecm-case.list", "/ecm", "plancm@example.org");
    }

    [Fact]
    public async Task AList_WritesOneEntryPerMemberShown_InOneSave()
    {
        var marker = "Shown" + Guid.NewGuid().ToString("N")[..8];
        var plan = await App.OrganizationAsync("plancm@example.org");
        var members = Enumerable.Range(1, 3).Select(i => new Member
        {
            PlanId = plan.Id,
            PlanMemberId = $"{marker}{i}",
            FirstName = "Listed" + i,
            LastName = marker,
            BirthDate = new DateOnly(1980, 1, i),
            County = "Los Angeles",
            CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        await using (var db = App.SystemDb())
        {
            db.Members.AddRange(members);
            await db.SaveChangesAsync();
        }

        var client = await App.ApiClientAsync("plancm@example.org");
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/members?q={marker}");
        list.GetProperty("items").GetArrayLength().ShouldBe(3);

        await using (var db = App.SystemDb())
        {
            var entries = await db.AuditEntries.Where(e => e.Action == "member.search" && e.Detail != null && e.Detail.Contains(marker)).ToListAsync();
            entries.Select(e => e.MemberId).ShouldBe(members.Select(m => (Guid?)m.Id), ignoreOrder: true);
            entries.Select(e => e.At).Distinct().Count().ShouldBe(1, "the entries of one response are written together");
            entries.Select(e => (e.OrganizationId, e.UserName, e.Target)).Distinct().ShouldBe([(plan.Id, "plancm@example.org", "/api/members")]);
            entries.ShouldAllBe(e => e.UserId != null && e.Detail!.StartsWith($"q={marker}; "));
        }

        // A search that shows nobody is still recorded, without a member.
        var none = $"Nobody{Guid.NewGuid():N}";
        (await client.GetAsync($"/api/members?q={none}")).EnsureSuccessStatusCode();
        await using (var db = App.SystemDb())
        {
            var entries = await db.AuditEntries.Where(e => e.Action == "member.search" && e.Detail != null && e.Detail.Contains(none)).ToListAsync();
            entries.Count.ShouldBe(1);
            entries[0].MemberId.ShouldBeNull();
        }
    }

    [Fact]
    public async Task IdentificationDiffRunPageDrillDownAndExport_WriteAnEntryForEachMemberShown()
    {
        // A plan of its own, so no other test's run sits between the two runs compared.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"idaudit-{suffix}@example.org";
        Organization plan;
        using (var scope = App.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            plan = await admin.EnsureOrganizationAsync($"Audit Health Plan {suffix}", OrganizationType.Plan, ["Los Angeles"]);
            (await admin.CreateUserAsync(email, CareHubApp.Password, Roles.PlanCareManager, plan.Id)).Errors.ShouldBeEmpty();
        }

        await using (var db = App.SystemDb())
        {
            // A member who meets no criteria, so the first run has data and finds nobody.
            var quiet = new Member
            {
                PlanId = plan.Id,
                PlanMemberId = "IQ" + suffix,
                FirstName = "Quiet",
                LastName = "Member" + suffix,
                BirthDate = new DateOnly(1990, 5, 5),
                County = "Los Angeles",
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Members.Add(quiet);
            db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = quiet.Id, PlanId = plan.Id, County = "Los Angeles", Start = new DateOnly(2023, 1, 1) });
            await db.SaveChangesAsync();
        }

        var client = await App.ApiClientAsync(email);
        var first = await RunAsync(client);

        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "IA" + suffix,
            FirstName = "Diff",
            LastName = "Frequent" + suffix,
            BirthDate = new DateOnly(1985, 2, 1),
            County = "Los Angeles",
            HealthNetwork = "Sunrise IPA",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = App.SystemDb())
        {
            db.Members.Add(member);
            db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = "Los Angeles", HealthNetwork = "Sunrise IPA", Start = new DateOnly(2023, 1, 1) });
            for (var i = 0; i < 5; i++)
            {
                db.Encounters.Add(new Encounter
                {
                    MemberId = member.Id,
                    SourceId = $"ED-{member.PlanMemberId}-{i}",
                    EncounterClass = "emergency",
                    ServiceDate = new DateOnly(2025, 1, 10).AddDays(i * 20),
                    PrimaryDiagnosis = "R07.9",
                    PaidAmount = 1200,
                });
            }

            await db.SaveChangesAsync();
        }

        var second = await RunAsync(client);
        var diff = await client.GetFromJsonAsync<JsonElement>($"/api/identification/runs/{second}/diff");
        diff.GetProperty("previousRunId").GetGuid().ShouldBe(first);
        diff.ToString().ShouldContain(member.Id.ToString());
        (await client.GetFromJsonAsync<JsonElement>($"/api/identification/runs/{second}/determinations?population=adult-high-utilizer"))
            .GetProperty("items").EnumerateArray().ShouldContain(d => d.GetProperty("memberId").GetGuid() == member.Id);
        (await client.GetStringAsync($"/api/identification/runs/{second}/export")).ShouldContain(member.PlanMemberId);
        var pages = await App.PageClientAsync(email);
        (await pages.GetStringAsync($"/identification/runs/{second}")).ShouldContain(member.LastName);
        (await pages.GetStringAsync($"/identification/runs/{second}/members?population=adult-high-utilizer")).ShouldContain(member.LastName);

        var trail = await TrailAsync(member.Id);
        ShouldHave(trail, "identification.diff", $"/api/identification/runs/{second}/diff", email);
        ShouldHave(trail, "identification.diff", $"/identification/runs/{second}", email);
        ShouldHave(trail, "identification.list", $"/api/identification/runs/{second}/determinations", email);
        ShouldHave(trail, "identification.list", $"/identification/runs/{second}/members", email);
        ShouldHave(trail, "identification.export", $"/api/identification/runs/{second}/export", email);

        // The first run's page shows no member (no run before it): recorded without a member.
        (await pages.GetAsync($"/identification/runs/{first}")).EnsureSuccessStatusCode();
        await using (var db = App.SystemDb())
        {
            (await db.AuditEntries.AnyAsync(e => e.Action == "identification.diff" && e.Target == $"/identification/runs/{first}" && e.MemberId == null)).ShouldBeTrue();
        }
    }

    private static async Task<Guid> RunAsync(HttpClient client)
    {
        var started = await client.PostAsJsonAsync("/api/identification/runs", new { asOf = "2025-06-30", rules = "current" });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        for (var i = 0; i < 240; i++)
        {
            var run = (await client.GetFromJsonAsync<JsonElement>($"/api/identification/runs/{id}")).GetProperty("run");
            var status = run.GetProperty("status").GetString();
            if (status == "completed")
            {
                return id;
            }

            status.ShouldNotBe("failed", run.GetProperty("error").ToString());
            await Task.Delay(250);
        }

        throw new TimeoutException("The identification run did not finish.");
    }
}

public sealed class MemberViewAuditTests_Sqlite(SqliteApp app) : MemberViewAuditTests(app);

public sealed class MemberViewAuditTests_Postgres(PostgresApp app) : MemberViewAuditTests(app);
