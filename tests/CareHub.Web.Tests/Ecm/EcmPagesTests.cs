using System.Net;
using CareHub.Ecm;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Ecm;

/// <summary>The ECM pages through HTTP: who may open them, and forms that refuse bad input with a clear message.</summary>
public abstract class EcmPagesTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    [Theory]
    [InlineData("planadmin@example.org", "/ecm", HttpStatusCode.OK)]
    [InlineData("planadmin@example.org", "/ecm/worklist", HttpStatusCode.OK)]
    [InlineData("ecm@example.org", "/ecm", HttpStatusCode.OK)]
    [InlineData("ecm@example.org", "/ecm/worklist", HttpStatusCode.OK)]
    [InlineData("planadmin@example.org", "/ecm/transitions", HttpStatusCode.OK)]
    [InlineData("planadmin@example.org", "/ecm/settings", HttpStatusCode.OK)]
    [InlineData("planadmin@example.org", "/ecm/intake", HttpStatusCode.OK)]
    [InlineData("ecm@example.org", "/ecm/intake", HttpStatusCode.Redirect)]
    [InlineData("cbo@example.org", "/ecm", HttpStatusCode.Redirect)]
    [InlineData("auditor@example.org", "/ecm/worklist", HttpStatusCode.Redirect)]
    [InlineData("ecm@example.org", "/ecm/settings", HttpStatusCode.Redirect)]
    public async Task Pages_OpenForTheRolesThatUseThem(string email, string url, HttpStatusCode expected)
    {
        var client = await App.PageClientAsync(email);
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.Redirect)
        {
            response.Headers.Location!.ToString().ShouldContain("/account/access-denied");
        }
    }

    [Fact]
    public async Task DemoData_GivesThePlanAQueue_AndTheFirstProviderAWorklist()
    {
        var plan = await App.PageClientAsync("planadmin@example.org");
        var queue = await plan.GetStringAsync("/ecm?status=referred");
        queue.ShouldContain("data-testid=\"cases\"");
        queue.ShouldContain("overdue");

        var provider = await App.PageClientAsync("ecm@example.org");
        var worklist = await provider.GetStringAsync("/ecm/worklist?due=all");
        worklist.ShouldContain("data-testid=\"worklist\"");

        await using var db = App.SystemDb();
        var statuses = await db.Set<EcmCase>().Select(c => c.Status).Distinct().ToListAsync();
        statuses.ShouldBe(EcmStatus.All, ignoreOrder: true);
    }

    [Fact]
    public async Task TransitionsPage_BadFile_ListsEveryProblem_AndImportsNothing()
    {
        var client = await App.PageClientAsync("planadmin@example.org");
        var html = await client.GetStringAsync("/ecm/transitions");
        var before = await CountAsync();
        var response = await client.PostAsync("/ecm/transitions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CsvText"] = "member_id,event,event_date,facility\nNOT-A-MEMBER,discharge,2025-01-01,General\n,admit,01/02/2025,General\n",
            ["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("Nothing in the pasted rows was saved: it has 2 problems");
        page.ShouldContain("<td class=\"num\">3</td><td><code>event_date</code></td><td>event_date &quot;01/02/2025&quot; is not a date (yyyy-MM-dd).</td>");
        (await CountAsync()).ShouldBe(before);

        var missing = await client.PostAsync("/ecm/transitions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CsvText"] = "member,when\nx,y\n",
            ["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html),
        }));
        (await missing.Content.ReadAsStringAsync()).ShouldContain("missing columns &quot;member_id&quot;");
    }

    [Fact]
    public async Task SettingsPage_RefusesOutOfRangeValues_NamingTheSetting()
    {
        var client = await App.PageClientAsync("planadmin2@example.org");
        var html = await client.GetStringAsync("/ecm/settings");
        var response = await client.PostAsync("/ecm/settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Values.AuthorizationDecisionDays"] = "0",
            ["Values.UnableToReachAttempts"] = "3",
            ["Values.UnableToReachDays"] = "30",
            ["Values.UnableToReachRequiresInPerson"] = "true",
            ["Values.DischargeFollowUpDays"] = "7",
            ["Values.ReassessmentMonths"] = "6",
            ["Values.StuckAfterDays"] = "14",
            ["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Days to decide an authorization must be between 1 and 90 (was 0).");

        var ok = await client.PostAsync("/ecm/settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Values.AuthorizationDecisionDays"] = "3",
            ["Values.UnableToReachAttempts"] = "4",
            ["Values.UnableToReachDays"] = "21",
            ["Values.UnableToReachRequiresInPerson"] = "false",
            ["Values.DischargeFollowUpDays"] = "2",
            ["Values.ReassessmentMonths"] = "6",
            ["Values.StuckAfterDays"] = "10",
            ["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html),
        }));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var plan = await App.OrganizationAsync("planadmin2@example.org");
        await using var db = App.SystemDb();
        var saved = await db.Set<EcmPlanSettings>().SingleAsync(s => s.PlanId == plan.Id);
        saved.UnableToReach.ShouldBe(new UnableToReachRule(4, 21, false));
        saved.DischargeFollowUpDays.ShouldBe(2);
    }

    private async Task<int> CountAsync()
    {
        await using var db = App.SystemDb();
        return await db.Set<TransitionEvent>().CountAsync();
    }
}

public sealed class EcmPagesTests_Sqlite(SqliteApp app) : EcmPagesTests(app);

public sealed class EcmPagesTests_Postgres(PostgresApp app) : EcmPagesTests(app);
