using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Members;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests;

public abstract class IdentificationTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    /// <summary>A plan member aged 40 with <paramref name="edVisits"/> ED visits in the six months before 2025-06-30.</summary>
    private async Task<Member> MemberWithEdVisitsAsync(string planEmail, int edVisits)
    {
        var plan = await App.OrganizationAsync(planEmail);
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "T" + Guid.NewGuid().ToString("N")[..10],
            FirstName = "Test",
            LastName = "Frequent" + edVisits,
            BirthDate = new DateOnly(1985, 2, 1),
            County = "Los Angeles",
            HealthNetwork = "Sunrise IPA",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = App.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = "Los Angeles", HealthNetwork = "Sunrise IPA", Start = new DateOnly(2023, 1, 1) });
        for (var i = 0; i < edVisits; i++)
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
        return member;
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, Guid runId)
    {
        for (var i = 0; i < 120; i++)
        {
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/identification/runs/{runId}");
            var status = detail.GetProperty("run").GetProperty("status").GetString();
            if (status is "completed" or "failed")
            {
                return detail;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The identification run did not finish.");
    }

    [Fact]
    public async Task Run_FindsHighUtilizer_WithEvidence_AndCountsAndCsv()
    {
        var frequent = await MemberWithEdVisitsAsync("planadmin@example.org", 5);
        var almost = await MemberWithEdVisitsAsync("planadmin@example.org", 4);
        var client = await App.ApiClientAsync("plancm@example.org");

        var started = await client.PostAsJsonAsync("/api/identification/runs", new { asOf = "2025-06-30", rules = "current" });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var detail = await WaitForRunAsync(client, runId);
        detail.GetProperty("run").GetProperty("status").GetString().ShouldBe("completed", detail.GetProperty("run").GetProperty("error").ToString());
        detail.GetProperty("counts").EnumerateArray().ShouldContain(c => c.GetProperty("population").GetString() == "adult-high-utilizer"
            && c.GetProperty("county").GetString() == "Los Angeles" && c.GetProperty("healthNetwork").GetString() == "Sunrise IPA");

        var mine = await client.GetFromJsonAsync<JsonElement>($"/api/members/{frequent.Id}/determinations");
        var hu = mine.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("population").GetString() == "adult-high-utilizer");
        hu.GetProperty("eligible").GetBoolean().ShouldBeTrue();
        hu.GetProperty("evidence").GetString()!.ShouldContain("5 ED visits");
        hu.GetProperty("evidence").GetString()!.ShouldContain($"ED-{frequent.PlanMemberId}-0");

        var notYet = await client.GetFromJsonAsync<JsonElement>($"/api/members/{almost.Id}/determinations");
        notYet.GetProperty("items").EnumerateArray().ShouldNotContain(d => d.GetProperty("population").GetString() == "adult-high-utilizer");

        var csv = await client.GetStringAsync($"/api/identification/runs/{runId}/export?population=adult-high-utilizer");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("member_id,population,rule_version,evidence");
        lines.ShouldContain(l => l.StartsWith($"{frequent.PlanMemberId},adult-high-utilizer,current,", StringComparison.Ordinal));
        lines.ShouldNotContain(l => l.StartsWith(almost.PlanMemberId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_With2022Rules_UsesThe2022Thresholds()
    {
        var member = await MemberWithEdVisitsAsync("planadmin@example.org", 5);
        var client = await App.ApiClientAsync("planadmin@example.org");
        var started = await client.PostAsJsonAsync("/api/identification/runs", new { asOf = "2025-06-30", rules = "2022" });
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await WaitForRunAsync(client, runId)).GetProperty("run").GetProperty("status").GetString().ShouldBe("completed");
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/identification/runs/{runId}/determinations?population=adult-high-utilizer&pageSize=500");
        page.GetProperty("items").EnumerateArray().ShouldNotContain(d => d.GetProperty("memberId").GetGuid() == member.Id);
    }

    [Fact]
    public async Task Runs_AreVisibleOnlyToTheirPlan()
    {
        var client = await App.ApiClientAsync("plancm@example.org");
        var started = await client.PostAsJsonAsync("/api/identification/runs", new { asOf = "2025-06-30" });
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await WaitForRunAsync(client, runId);

        var other = await App.ApiClientAsync("planadmin2@example.org");
        (await other.GetAsync($"/api/identification/runs/{runId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/identification/runs/{runId}/export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var provider = await App.ApiClientAsync("ecm@example.org");
        (await provider.PostAsJsonAsync("/api/identification/runs", new { asOf = "2025-06-30" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DemoRuns_AreCompleted_WithADiff()
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        await using var db = App.SystemDb();
        var runs = await db.IdentificationRuns.Where(r => r.PlanId == plan.Id && r.RequestedBy == "demo").OrderBy(r => r.RequestedAt).ToListAsync();
        runs.Count.ShouldBe(2);
        runs.ShouldAllBe(r => r.Status == "completed");
        runs[1].EligibleCount.ShouldBeGreaterThan(0);
        (await db.Determinations.CountAsync(d => d.RunId == runs[1].Id && d.Eligible)).ShouldBe(runs[1].EligibleCount);
    }
}

public sealed class IdentificationTests_Sqlite(SqliteApp app) : IdentificationTests(app);

public sealed class IdentificationTests_Postgres(PostgresApp app) : IdentificationTests(app);
