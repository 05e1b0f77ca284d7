using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareHub.Network;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Network;

public abstract class ModelOfCareTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private const string Items = "/api/network/model-of-care/items";
    private const string GoLive = "/api/network/model-of-care/go-live";
    private const string PageUrl = "/network/model-of-care";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> ProblemFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    private static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    /// <summary>The first 1 January or 1 July after today, and the one after it.</summary>
    private static (DateOnly Next, DateOnly After) NextPhases()
    {
        var next = ModelOfCareRules.NextPhaseStart(DateOnly.FromDateTime(DateTime.UtcNow));
        return (next, next.AddMonths(6));
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(PageUrl);
        fields["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html);
        return await client.PostAsync($"{PageUrl}?{handler}", new FormUrlEncodedContent(fields));
    }

    private static async Task<string> PageProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, html);
        html.ShouldContain("data-testid=\"moc-errors\"");
        return html;
    }

    [Fact]
    public async Task Items_AddEditRemove_ThroughTheApi_NameTheField_RefuseDuplicates_AndWriteHistoryAndAudit()
    {
        var plan = await App.OrganizationAsync("planadmin2@example.org");
        var cm = await App.ApiClientAsync("planadmin2@example.org");
        var question = $"Describe coordination with Tribal partners ({Guid.NewGuid():N}).";

        var problem = await JsonAsync(await cm.PostAsJsonAsync(Items, new { question = "  ", status = "done" }), HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("question")[0].GetString()!.ShouldContain("required");
        problem.GetProperty("errors").GetProperty("status")[0].GetString()!.ShouldContain("got 'done'");
        (await ProblemFieldAsync(await cm.PostAsJsonAsync(Items, new { question, owner = new string('o', 201) }), "owner")).ShouldContain("200");

        var created = await JsonAsync(await cm.PostAsJsonAsync(Items, new { question, page = "Part 1, p. 22", owner = "Tribal liaison" }), HttpStatusCode.Created);
        var id = Id(created);
        created.GetProperty("status").GetString().ShouldBe("not-started");
        (await JsonAsync(await cm.PostAsJsonAsync(Items, new { question = "  " + question.ToUpperInvariant() }), HttpStatusCode.Conflict))
            .GetProperty("detail").GetString()!.ShouldContain("Part 1, p. 22");

        (await ProblemFieldAsync(await cm.PutAsJsonAsync($"{Items}/{id}", new { question, page = "Part 1, p. 22" }), "status")).ShouldContain("required");
        var edited = await JsonAsync(await cm.PutAsJsonAsync($"{Items}/{id}",
            new { question, page = "Part 1, p. 22", response = "https://docs.example.org/moc/q2.pdf", owner = "Tribal liaison", status = "complete" }), HttpStatusCode.OK);
        edited.GetProperty("status").GetString().ShouldBe("complete");
        var list = await JsonAsync(await cm.GetAsync(Items), HttpStatusCode.OK);
        list.GetProperty("items").EnumerateArray().Single(i => Id(i) == id).GetProperty("response").GetString().ShouldBe("https://docs.example.org/moc/q2.pdf");

        // Another plan neither sees nor changes it; providers and CBOs have no Model of Care.
        var otherPlan = await App.ApiClientAsync("planadmin@example.org");
        (await JsonAsync(await otherPlan.GetAsync(Items), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ShouldNotContain(i => Id(i) == id);
        (await otherPlan.PutAsJsonAsync($"{Items}/{id}", new { question = "Taken over", status = "complete" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherPlan.DeleteAsync($"{Items}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var email in new[] { "ecm@example.org", "cbo@example.org" })
        {
            var outsider = await App.ApiClientAsync(email);
            (await outsider.GetAsync(Items)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await outsider.PostAsJsonAsync(Items, new { question = "From a provider" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await outsider.PutAsJsonAsync($"{Items}/{id}", new { question, status = "not-started" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        (await JsonAsync(await cm.DeleteAsync($"{Items}/{id}"), HttpStatusCode.OK)).GetProperty("id").GetGuid().ShouldBe(id);
        (await JsonAsync(await cm.GetAsync(Items), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ShouldNotContain(i => Id(i) == id);
        (await cm.DeleteAsync($"{Items}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var history = await JsonAsync(await cm.GetAsync("/api/network/model-of-care/history?take=500"), HttpStatusCode.OK);
        var mine = history.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("subjectId").GetGuid() == id).Select(e => e.GetProperty("action").GetString()).ToList();
        mine.ShouldBe(["remove", "edit", "add"]);
        history.GetProperty("items").EnumerateArray().First(e => e.GetProperty("subjectId").GetGuid() == id && e.GetProperty("action").GetString() == "edit")
            .GetProperty("detail").GetString()!.ShouldContain("status not-started → complete");

        await using var db = App.SystemDb();
        var target = $"/api/network/model-of-care/items/{id}";
        var actions = await db.AuditEntries.Where(a => a.Target == target).Select(a => new { a.Action, a.OrganizationId }).ToListAsync();
        actions.Select(a => a.Action).Order().ShouldBe(["network-model-of-care.add-item", "network-model-of-care.edit-item", "network-model-of-care.remove-item"]);
        actions.ShouldAllBe(a => a.OrganizationId == plan.Id);
        (await db.Set<ModelOfCareEvent>().CountAsync(e => e.SubjectId == id && e.PlanId == plan.Id)).ShouldBe(3);
    }

    [Fact]
    public async Task AnEditFromAStaleCopy_IsAConflict_AndKeepsTheOtherSave_OnTheApiAndThePage()
    {
        var api = await App.ApiClientAsync("planadmin2@example.org");
        var question = $"Describe transitions of care ({Guid.NewGuid():N}).";
        var created = await JsonAsync(await api.PostAsJsonAsync(Items, new { question }), HttpStatusCode.Created);
        var id = Id(created);
        var opened = created.GetProperty("updatedAt").GetDateTimeOffset();

        // Someone saves from the same copy first; a second save from that copy is refused and changes nothing.
        var first = await JsonAsync(await api.PutAsJsonAsync($"{Items}/{id}", new { question, owner = "First editor", status = "in-progress", updatedAt = opened }), HttpStatusCode.OK);
        var stale = await JsonAsync(await api.PutAsJsonAsync($"{Items}/{id}", new { question, owner = "Second editor", status = "complete", updatedAt = opened }), HttpStatusCode.Conflict);
        stale.GetProperty("detail").GetString()!.ShouldContain("after you opened it");
        await using (var db = App.SystemDb())
        {
            var item = await db.Set<ModelOfCareItem>().SingleAsync(i => i.Id == id);
            (item.Owner, item.Status).ShouldBe(("First editor", "in-progress"));
        }

        // From the current copy, or without a copy (as before), the edit is saved.
        var current = first.GetProperty("updatedAt").GetDateTimeOffset();
        (await api.PutAsJsonAsync($"{Items}/{id}", new { question, owner = "Second editor", status = "complete", updatedAt = current })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PutAsJsonAsync($"{Items}/{id}", new { question, owner = "Third editor", status = "complete" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The page sends the copy it showed: a page opened before the last save gets the conflict on the form.
        var pages = await App.PageClientAsync("planadmin2@example.org");
        var html = await pages.GetStringAsync(PageUrl);
        var key = id.ToString("N");
        var shown = Regex.Match(html, $"<form id=\"item-{key}\"[^>]*>\\s*<input type=\"hidden\" name=\"updatedAt\" value=\"([^\"]+)\"").Groups[1].Value;
        shown.ShouldNotBeEmpty();
        (await api.PutAsJsonAsync($"{Items}/{id}", new { question, owner = "Fourth editor", status = "complete" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await PageProblemAsync(await PostFormAsync(pages, $"handler=EditItem&id={id}",
            new() { ["question"] = question, ["owner"] = "Page editor", ["status"] = "complete", ["updatedAt"] = WebUtility.HtmlDecode(shown) }), HttpStatusCode.Conflict);
        refused.ShouldContain("after you opened it");
        await using (var db = App.SystemDb())
        {
            (await db.Set<ModelOfCareItem>().SingleAsync(i => i.Id == id)).Owner.ShouldBe("Fourth editor");
        }
    }

    [Fact]
    public async Task GoLive_AddEditRemove_ThroughTheApi_ValidatesTheSchedule_AndALiveEntryStays()
    {
        var plan = await App.OrganizationAsync("planadmin2@example.org");
        var admin = await App.ApiClientAsync("planadmin2@example.org");
        var (next, after) = NextPhases();

        (await ProblemFieldAsync(await admin.PostAsJsonAsync(GoLive, new { county = "Orange", population = "respite-services", goLive = next }), "county"))
            .ShouldContain("not in your plan's service area");
        (await ProblemFieldAsync(await admin.PostAsJsonAsync(GoLive, new { county = "Los Angeles", population = "respite-services", goLive = next.AddDays(14) }), "goLive"))
            .ShouldContain("January 1 or July 1");
        (await ProblemFieldAsync(await admin.PostAsJsonAsync(GoLive, new { county = "Los Angeles", population = "jetpacks", goLive = next }), "population"))
            .ShouldContain("neither a Population of Focus nor a Community Support");
        (await ProblemFieldAsync(await admin.PostAsJsonAsync(GoLive, new { county = "Los Angeles", population = "respite-services", goLive = "2019-01-01" }), "goLive"))
            .ShouldContain("before ECM and Community Supports started");

        var planned = await JsonAsync(await admin.PostAsJsonAsync(GoLive, new { county = "los angeles", population = "respite-services", goLive = next }), HttpStatusCode.Created);
        var plannedId = Id(planned);
        planned.GetProperty("county").GetString().ShouldBe("Los Angeles");
        planned.GetProperty("kind").GetString().ShouldBe("community-support");
        planned.GetProperty("live").GetBoolean().ShouldBeFalse();
        (await admin.PostAsJsonAsync(GoLive, new { county = "Los Angeles", population = "respite-services", goLive = after })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var moved = await JsonAsync(await admin.PutAsJsonAsync($"{GoLive}/{plannedId}", new { county = "Los Angeles", population = "day-habilitation", goLive = after }), HttpStatusCode.OK);
        moved.GetProperty("population").GetString().ShouldBe("day-habilitation");
        moved.GetProperty("goLive").GetString().ShouldBe(after.ToString("yyyy-MM-dd"));
        (await ProblemFieldAsync(await admin.PutAsJsonAsync($"{GoLive}/{plannedId}", new { county = "Los Angeles", population = "day-habilitation" }), "goLive")).ShouldContain("required");

        // A population that has gone live keeps its place in the schedule; its date can only be corrected into the past.
        var live = Id(await JsonAsync(await admin.PostAsJsonAsync(GoLive, new { county = "Los Angeles", population = "child-welfare", goLive = "2023-07-01" }), HttpStatusCode.Created));
        (await JsonAsync(await admin.PutAsJsonAsync($"{GoLive}/{live}", new { county = "Los Angeles", population = "child-welfare", goLive = next }), HttpStatusCode.Conflict))
            .GetProperty("detail").GetString()!.ShouldContain("after today");
        (await admin.PutAsJsonAsync($"{GoLive}/{live}", new { county = "Los Angeles", population = "child-ccs", goLive = "2023-07-01" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.DeleteAsync($"{GoLive}/{live}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemFieldAsync(await admin.PutAsJsonAsync($"{GoLive}/{live}", new { county = "Los Angeles", population = "child-welfare", goLive = "2023-01-01" }), "goLive"))
            .ShouldContain("live in Los Angeles County from 2023-07-01");
        (await JsonAsync(await admin.PutAsJsonAsync($"{GoLive}/{live}", new { county = "Los Angeles", population = "child-welfare", goLive = "2024-01-01" }), HttpStatusCode.OK))
            .GetProperty("live").GetBoolean().ShouldBeTrue();

        var otherPlan = await App.ApiClientAsync("planadmin@example.org");
        (await JsonAsync(await otherPlan.GetAsync(GoLive), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ShouldNotContain(g => Id(g) == plannedId);
        (await otherPlan.PutAsJsonAsync($"{GoLive}/{plannedId}", new { county = "Los Angeles", population = "day-habilitation", goLive = next })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherPlan.DeleteAsync($"{GoLive}/{plannedId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var provider = await App.ApiClientAsync("ecm@example.org");
        (await provider.GetAsync(GoLive)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await provider.PutAsJsonAsync($"{GoLive}/{plannedId}", new { county = "Los Angeles", population = "day-habilitation", goLive = next })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await JsonAsync(await admin.DeleteAsync($"{GoLive}/{plannedId}"), HttpStatusCode.OK);
        var schedule = (await JsonAsync(await admin.GetAsync(GoLive), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        schedule.ShouldNotContain(g => Id(g) == plannedId);
        schedule.Single(g => Id(g) == live).GetProperty("goLive").GetString().ShouldBe("2024-01-01");

        await using var db = App.SystemDb();
        var audit = await db.AuditEntries.Where(a => a.Target == $"/api/network/model-of-care/go-live/{plannedId}" && a.OrganizationId == plan.Id).Select(a => a.Action).ToListAsync();
        audit.Order().ShouldBe(["network-model-of-care.add-go-live", "network-model-of-care.edit-go-live", "network-model-of-care.remove-go-live"]);
        var history = await db.Set<ModelOfCareEvent>().Where(e => e.SubjectId == live).OrderBy(e => e.Id).ToListAsync();
        history.Select(e => e.Action).ShouldBe(["add", "edit"]);
        history[1].Detail!.ShouldContain("2023-07-01 → 2024-01-01");
    }

    [Fact]
    public async Task Page_AddsEditsAndRemovesInPlace_NamingTheFieldOnEachProblem_AndOnlyForThePlansOwnRows()
    {
        var plan = await App.OrganizationAsync("planadmin2@example.org");
        var pages = await App.PageClientAsync("planadmin2@example.org");
        var question = $"Describe how members are told about ECM ({Guid.NewGuid():N}).";

        var missing = await PageProblemAsync(await PostFormAsync(pages, "handler=AddItem", new() { ["question"] = " ", ["status"] = "not-started" }), HttpStatusCode.BadRequest);
        missing.ShouldContain("href=\"#question-new\">Question: Enter the state");
        missing.ShouldContain("id=\"question-new-error\"");

        (await PostFormAsync(pages, "handler=AddItem", new() { ["question"] = question, ["pageRef"] = "Part 1, p. 30", ["owner"] = "Member services", ["status"] = "in-progress" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = App.SystemDb())
        {
            var item = await db.Set<ModelOfCareItem>().SingleAsync(i => i.Question == question);
            item.PlanId.ShouldBe(plan.Id);
            item.Status.ShouldBe("in-progress");
            var key = item.Id.ToString("N");

            var page = await pages.GetStringAsync(PageUrl);
            page.ShouldContain($"id=\"question-{key}\"");
            page.ShouldContain($"form=\"item-{key}\"");

            var blank = await PageProblemAsync(await PostFormAsync(pages, $"handler=EditItem&id={item.Id}",
                new() { ["question"] = question, ["pageRef"] = "Part 1, p. 30", ["status"] = "finished" }), HttpStatusCode.BadRequest);
            blank.ShouldContain($"href=\"#status-{key}\">Status:");
            blank.ShouldContain($"id=\"status-{key}-error\"");

            (await PostFormAsync(pages, $"handler=EditItem&id={item.Id}",
                new() { ["question"] = question, ["pageRef"] = "Part 1, p. 31", ["response"] = "See P&P MS-12.", ["owner"] = "Member services", ["status"] = "complete" }))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var saved = await db.Set<ModelOfCareItem>().AsNoTracking().SingleAsync(i => i.Id == item.Id);
            saved.Status.ShouldBe("complete");
            saved.Page.ShouldBe("Part 1, p. 31");
            saved.Response.ShouldBe("See P&P MS-12.");

            // Another plan's page cannot reach the row.
            var otherPages = await App.PageClientAsync("planadmin@example.org");
            (await PostFormAsync(otherPages, $"handler=EditItem&id={item.Id}", new() { ["question"] = "Taken over", ["status"] = "complete" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await PostFormAsync(otherPages, $"handler=RemoveItem&id={item.Id}", new())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await db.Set<ModelOfCareItem>().AsNoTracking().SingleAsync(i => i.Id == item.Id)).Question.ShouldBe(question);

            (await PostFormAsync(pages, $"handler=RemoveItem&id={item.Id}", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await db.Set<ModelOfCareItem>().AnyAsync(i => i.Id == item.Id)).ShouldBeFalse();
            (await db.AuditEntries.Where(a => a.Target == $"/api/network/model-of-care/items/{item.Id}").Select(a => a.Action).ToListAsync()).Order()
                .ShouldBe(["network-model-of-care.add-item", "network-model-of-care.edit-item", "network-model-of-care.remove-item"]);
        }

        var (next, after) = NextPhases();
        var wrongDay = await PageProblemAsync(await PostFormAsync(pages, "handler=AddGoLive",
            new() { ["county"] = "Los Angeles", ["population"] = "asthma-remediation", ["goLive"] = next.AddDays(1).ToString("yyyy-MM-dd") }), HttpStatusCode.BadRequest);
        wrongDay.ShouldContain("href=\"#goLive-new\">Go-live:");
        wrongDay.ShouldContain("January 1 or July 1");
        wrongDay.ShouldContain($"value=\"{next.AddDays(1):yyyy-MM-dd}\"");
        var unreadable = await PageProblemAsync(await PostFormAsync(pages, "handler=AddGoLive",
            new() { ["county"] = "Los Angeles", ["population"] = "asthma-remediation", ["goLive"] = "next July" }), HttpStatusCode.BadRequest);
        unreadable.ShouldContain("href=\"#goLive-new\">Go-live: Enter the date as mm/dd/yyyy.");
        (await PostFormAsync(pages, "handler=AddGoLive", new() { ["county"] = "Los Angeles", ["population"] = "asthma-remediation", ["goLive"] = next.ToString("yyyy-MM-dd") }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = App.SystemDb())
        {
            var entry = await db.Set<GoLiveEntry>().SingleAsync(g => g.PlanId == plan.Id && g.County == "Los Angeles" && g.Population == "asthma-remediation");
            var duplicate = await PageProblemAsync(await PostFormAsync(pages, "handler=AddGoLive",
                new() { ["county"] = "Los Angeles", ["population"] = "asthma-remediation", ["goLive"] = after.ToString("yyyy-MM-dd") }), HttpStatusCode.Conflict);
            duplicate.ShouldContain("in your schedule already");

            (await PostFormAsync(pages, $"handler=EditGoLive&id={entry.Id}", new() { ["county"] = "Los Angeles", ["population"] = "asthma-remediation", ["goLive"] = after.ToString("yyyy-MM-dd") }))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await db.Set<GoLiveEntry>().AsNoTracking().SingleAsync(g => g.Id == entry.Id)).GoLive.ShouldBe(after);
            (await PostFormAsync(pages, $"handler=RemoveGoLive&id={entry.Id}", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await db.Set<GoLiveEntry>().AnyAsync(g => g.Id == entry.Id)).ShouldBeFalse();
            (await db.Set<ModelOfCareEvent>().Where(e => e.SubjectId == entry.Id).Select(e => e.Action).ToListAsync()).Order().ShouldBe(["add", "edit", "remove"]);
        }

        var provider = await App.PageClientAsync("ecm@example.org");
        var denied = await provider.GetAsync(PageUrl);
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.ToString().ShouldContain("access-denied");
    }
}

public sealed class ModelOfCareTests_Sqlite(SqliteApp app) : ModelOfCareTests(app);

public sealed class ModelOfCareTests_Postgres(PostgresApp app) : ModelOfCareTests(app);
