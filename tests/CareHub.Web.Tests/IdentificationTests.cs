using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Members;
using CareHub.Testing;
using CareHub.Web;
using CareHub.Web.Features.Identification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Theory]
    [InlineData("queued", 0, "completed")]
    [InlineData("running", 1, "completed")]
    [InlineData("running", CareHub.Identification.Runs.IdentificationRunRecord.MaxAttempts, "failed")]
    public async Task Run_QueuedOrLeftRunningByAnotherInstance_IsTakenUpHere(string status, int attempts, string expected)
    {
        var frequent = await MemberWithEdVisitsAsync("planadmin@example.org", 5);
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var client = await App.ApiClientAsync("plancm@example.org");
        var run = new CareHub.Identification.Runs.IdentificationRunRecord
        {
            PlanId = plan.Id,
            AsOf = new DateOnly(2025, 6, 30),
            RuleVersion = "current",
            Status = status,
            RequestedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            Attempts = attempts,
            LeasedBy = status == "running" ? "stopped-instance" : null,
            LeasedUntil = status == "running" ? DateTimeOffset.UtcNow.AddMinutes(-1) : null,
        };
        await using (var db = App.SystemDb())
        {
            db.IdentificationRuns.Add(run);
            await db.SaveChangesAsync();
        }

        var detail = await WaitForRunAsync(client, run.Id);
        detail.GetProperty("run").GetProperty("status").GetString().ShouldBe(expected);
        await using var check = App.SystemDb();
        var saved = await check.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id);
        var found = await check.Determinations.CountAsync(d => d.RunId == run.Id && d.MemberId == frequent.Id && d.Population == "adult-high-utilizer");
        if (expected == "completed")
        {
            saved.Attempts.ShouldBe(attempts + 1);
            saved.LeasedBy.ShouldNotBe("stopped-instance");
            found.ShouldBe(1);
        }
        else
        {
            saved.Error!.ShouldContain("start it again");
            found.ShouldBe(0);
        }
    }

    [Fact]
    public async Task Heartbeat_SavesHowFarARunningRunHasGot_AndLeavesAnEndedRunAlone()
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var running = NewRun(plan.Id, "running", "worker-a");
        var ended = NewRun(plan.Id, "completed", "worker-a");
        await using (var db = App.SystemDb())
        {
            db.IdentificationRuns.AddRange(running, ended);
            await db.SaveChangesAsync();
        }

        var progress = new RunProgress();
        progress.Set(RunProgress.Exporting);
        await using (var scope = WebSetup.CreateSystemScope(App.Services))
        {
            var runner = scope.ServiceProvider.GetRequiredService<IdentificationRunner>();
            await runner.RenewAsync(running.Id, "worker-a", TimeSpan.FromMinutes(2), progress, TestContext.Current.CancellationToken);
            (await Saved(running.Id)).Stage.ShouldBe(RunProgress.Exporting);

            progress.Exported(12_345);
            await runner.RenewAsync(running.Id, "worker-a", TimeSpan.FromMinutes(2), progress, TestContext.Current.CancellationToken);
            await runner.RenewAsync(ended.Id, "worker-a", TimeSpan.FromMinutes(2), progress, TestContext.Current.CancellationToken);
            await runner.RenewAsync(running.Id, "worker-b", TimeSpan.FromMinutes(2), new RunProgress(), TestContext.Current.CancellationToken);
        }

        var saved = await Saved(running.Id);
        saved.Stage.ShouldBe("starting"); // the engine's stage once the export is written
        saved.RowsTotal.ShouldBe(12_345);
        saved.LeasedUntil!.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(1));
        var untouched = await Saved(ended.Id);
        untouched.Stage.ShouldBeNull();
        untouched.RowsTotal.ShouldBe(0);

        var client = await App.ApiClientAsync("plancm@example.org");
        var shown = (await client.GetFromJsonAsync<JsonElement>($"/api/identification/runs/{running.Id}")).GetProperty("run");
        shown.GetProperty("stage").GetString().ShouldBe("starting");
        shown.GetProperty("rowsTotal").GetInt64().ShouldBe(12_345);
        shown.GetProperty("percentRead").GetInt32().ShouldBe(0);

        static CareHub.Identification.Runs.IdentificationRunRecord NewRun(Guid planId, string status, string worker) => new()
        {
            PlanId = planId,
            AsOf = new DateOnly(2025, 6, 30),
            RuleVersion = "current",
            Status = status,
            RequestedAt = DateTimeOffset.UtcNow,
            StartedAt = DateTimeOffset.UtcNow,
            Attempts = 1,
            LeasedBy = worker,
            LeasedUntil = DateTimeOffset.UtcNow.AddSeconds(30),
        };

        async Task<CareHub.Identification.Runs.IdentificationRunRecord> Saved(Guid id)
        {
            await using var db = App.SystemDb();
            return await db.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == id);
        }
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
        var run = detail.GetProperty("run");
        run.GetProperty("stage").ValueKind.ShouldBe(JsonValueKind.Null);
        run.GetProperty("rowsRead").GetInt64().ShouldBeGreaterThan(0);
        run.GetProperty("rowsTotal").GetInt64().ShouldBe(run.GetProperty("rowsRead").GetInt64());
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
    public async Task Run_IdentifiesAHomelessAdult_PendingConfirmation_InCountsDrillDownCsvAndTheMembersPage()
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var homeless = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "H" + Guid.NewGuid().ToString("N")[..10],
            FirstName = "Test",
            LastName = "Sheltered",
            BirthDate = new DateOnly(1975, 3, 1),
            County = "Orange",
            HealthNetwork = "Pending Test IPA " + Guid.NewGuid().ToString("N")[..6],
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = App.SystemDb())
        {
            db.Members.Add(homeless);
            db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = homeless.Id, PlanId = plan.Id, County = "Orange", HealthNetwork = homeless.HealthNetwork, Start = new DateOnly(2023, 1, 1) });
            db.Encounters.Add(new Encounter
            {
                MemberId = homeless.Id,
                SourceId = $"Z59-{homeless.PlanMemberId}",
                EncounterClass = "emergency",
                ServiceDate = new DateOnly(2025, 5, 1),
                PrimaryDiagnosis = "Z59.01",
                PaidAmount = 950,
            });
            await db.SaveChangesAsync();
        }

        var client = await App.ApiClientAsync("plancm@example.org");
        var started = await client.PostAsJsonAsync("/api/identification/runs", new { asOf = "2025-06-30", rules = "current" });
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var detail = await WaitForRunAsync(client, runId);
        detail.GetProperty("run").GetProperty("status").GetString().ShouldBe("completed", detail.GetProperty("run").GetProperty("error").ToString());
        detail.GetProperty("run").GetProperty("toConfirmCount").GetInt64().ShouldBeGreaterThan(0);

        // Counts: the member's own health network has exactly this member, to confirm for adult homelessness.
        var cell = detail.GetProperty("counts").EnumerateArray()
            .Single(c => c.GetProperty("population").GetString() == "homelessness" && c.GetProperty("healthNetwork").GetString() == homeless.HealthNetwork);
        (cell.GetProperty("eligible").GetInt32(), cell.GetProperty("toConfirm").GetInt32()).ShouldBe((0, 1));

        var mine = await client.GetFromJsonAsync<JsonElement>($"/api/members/{homeless.Id}/determinations");
        var d = mine.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("population").GetString() == "homelessness");
        d.GetProperty("eligible").GetBoolean().ShouldBeFalse();
        d.GetProperty("toConfirm").GetBoolean().ShouldBeTrue();
        d.GetProperty("evidence").GetString()!.ShouldContain($"diagnosis Z59.01 on 2025-05-01 (Z59-{homeless.PlanMemberId})");
        d.GetProperty("evidence").GetString()!.ShouldContain("; to confirm: (1) Has no dependent children or youth under 21 living with them. (2) Has at least one complex");
        d.GetProperty("toConfirmStatements").EnumerateArray().Select(s => s.GetString()).ShouldBe([
            "Has no dependent children or youth under 21 living with them.",
            "Has at least one complex physical, behavioral or developmental health need, with inability to successfully self-manage, for whom "
            + "coordination of services would likely improve health outcomes and/or decrease use of high-cost services."]);

        var pending = await client.GetFromJsonAsync<JsonElement>(
            $"/api/identification/runs/{runId}/determinations?population=homelessness&healthNetwork={Uri.EscapeDataString(homeless.HealthNetwork)}&status=to-confirm");
        pending.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("memberId").GetGuid()).ShouldBe([homeless.Id]);
        var outright = await client.GetFromJsonAsync<JsonElement>(
            $"/api/identification/runs/{runId}/determinations?population=homelessness&healthNetwork={Uri.EscapeDataString(homeless.HealthNetwork)}&status=eligible");
        outright.GetProperty("total").GetInt32().ShouldBe(0);
        var bad = await client.GetAsync($"/api/identification/runs/{runId}/determinations?status=maybe");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Unknown status 'maybe'");

        var csv = await client.GetStringAsync($"/api/identification/runs/{runId}/export?population=homelessness");
        csv.Split('\n').ShouldContain(l => l.StartsWith($"{homeless.PlanMemberId},homelessness,current,", StringComparison.Ordinal)
            && l.EndsWith("decrease use of high-cost services.\"", StringComparison.Ordinal));

        var pages = await App.PageClientAsync("plancm@example.org");
        var html = WebUtility.HtmlDecode(await pages.GetStringAsync($"/members/{homeless.Id}"));
        html.ShouldContain("to confirm");
        html.ShouldContain("Has no dependent children or youth under 21 living with them.");
        var drill = WebUtility.HtmlDecode(await pages.GetStringAsync(
            $"/identification/runs/{runId}/members?population=homelessness&healthNetwork={Uri.EscapeDataString(homeless.HealthNetwork)}&status=to-confirm"));
        drill.ShouldContain("Members to confirm");
        drill.ShouldContain("Sheltered, Test");
        drill.ShouldContain("Has no dependent children or youth under 21 living with them.");
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
