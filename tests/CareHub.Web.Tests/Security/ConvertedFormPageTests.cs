using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Network;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Security.FormPages;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// The provider network pages (start page, application, gap report, training) and the plan's offerings page show
/// every refusal on the form that was sent: a value the input rules refuse (a date outside 1900-2200, an over-long
/// text) and a use case's own problem alike come back with the field marked, its message next to it, the summary
/// linking it and what was typed kept, and nothing is saved.
/// </summary>
public abstract class ConvertedFormPageTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A letter of interest from <paramref name="providerEmail"/> to the first demo plan.</summary>
    private async Task<Guid> LetterAsync(string providerEmail)
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var provider = await App.ApiClientAsync(providerEmail);
        var letter = await JsonAsync(await provider.PostAsJsonAsync("/api/network/letters-of-interest",
            new { planIds = new[] { plan.Id }, counties = new[] { "Los Angeles" }, message = "We would like to join your network." }), HttpStatusCode.Created);
        return letter.GetProperty("id").GetGuid();
    }

    /// <summary>A draft application of <paramref name="providerEmail"/> to the first demo plan, and its area codes.</summary>
    private async Task<(Guid Id, string[] Codes)> DraftApplicationAsync(string providerEmail)
    {
        var letter = await LetterAsync(providerEmail);
        var plan = await App.OrganizationAsync("planadmin@example.org");
        await JsonAsync(await (await App.ApiClientAsync("planadmin@example.org")).PostAsJsonAsync($"/api/network/letters-of-interest/{letter}/response", new { decision = "invite" }), HttpStatusCode.OK);
        var provider = await App.ApiClientAsync(providerEmail);
        var id = (await JsonAsync(await provider.PostAsJsonAsync("/api/network/applications", new { letterOfInterestId = letter, planId = plan.Id }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var view = await JsonAsync(await provider.GetAsync($"/api/network/applications/{id}"), HttpStatusCode.OK);
        return (id, [.. view.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("code").GetString()!)]);
    }

    [Fact]
    public async Task NetworkStartPage_DeclineWithoutReasonOrWithAnOverLongNote_MarksThatLettersNote_AndTheLetterWaits()
    {
        var letter = await LetterAsync("ecm2@example.org");
        var pages = await App.PageClientAsync("planadmin@example.org");
        var note = $"note-{letter}";

        var empty = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/network", "/network?handler=Respond",
            new() { ["letterId"] = letter.ToString(), ["decision"] = "decline", ["note"] = "" }), HttpStatusCode.BadRequest, note);
        Message(empty, note).ShouldBe("Give the reason for declining: the provider sees it.");

        // Longer than the use case takes, and longer than any text field takes: both shown on the note, as typed.
        var useCase = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/network", "/network?handler=Respond",
            new() { ["letterId"] = letter.ToString(), ["decision"] = "decline", ["note"] = new string('n', 2500) }), HttpStatusCode.BadRequest, note);
        Message(useCase, note)!.ShouldContain("2,000 characters");
        var filter = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/network", "/network?handler=Respond",
            new() { ["letterId"] = letter.ToString(), ["decision"] = "decline", ["note"] = new string('n', 4001) }), HttpStatusCode.BadRequest, note);
        Message(filter, note).ShouldBe("At most 4,000 characters (this has 4,001).");
        Value(filter, note).ShouldBe(new string('n', 4001));

        await using var db = App.SystemDb();
        (await db.Set<LetterResponse>().SingleAsync(r => r.LetterId == letter)).Decision.ShouldBe(LetterResponse.Pending);
    }

    [Fact]
    public async Task Application_TakesAnswersUpTo8000Characters_MarksLongerOnesAndBadEvidence_AndSubmitMarksEachAreaLeft()
    {
        var (id, codes) = await DraftApplicationAsync("ecm@example.org");
        var pages = await App.PageClientAsync("ecm@example.org");
        var url = $"/network/applications/{id}";
        var code = codes[0];

        var tooLong = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, url, $"{url}?handler=Answer",
            new() { ["code"] = code, ["response"] = new string('r', 8001), ["effort"] = "low-effort", ["notes"] = "Board policy" }), HttpStatusCode.BadRequest, $"response-{code}");
        Message(tooLong, $"response-{code}").ShouldBe("At most 8,000 characters (this has 8,001).");
        Value(tooLong, $"response-{code}").ShouldBe(new string('r', 8001));
        Value(tooLong, $"notes-{code}").ShouldBe("Board policy");
        tooLong.ShouldContain("<option value=\"low-effort\" selected=\"selected\">");

        var evidence = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, url, $"{url}?handler=Answer",
            new() { ["code"] = code, ["response"] = "Our policy.", ["effort"] = "low-effort", ["evidence"] = "Policy | ftp://files.example.org/policy.pdf" }), HttpStatusCode.BadRequest, $"evidence-{code}");
        Message(evidence, $"evidence-{code}")!.ShouldStartWith("Link 1: The url must be an http(s) link");
        Value(evidence, $"evidence-{code}").ShouldBe("Policy | ftp://files.example.org/policy.pdf");

        await using (var db = App.SystemDb())
        {
            (await db.Set<ApplicationArea>().SingleAsync(a => a.ApplicationId == id && a.Code == code)).Response.ShouldBeNull();
        }

        // A full 8,000-character answer is taken, through the page as through the API.
        (await PostFormAsync(pages, url, $"{url}?handler=Answer", new() { ["code"] = code, ["response"] = new string('r', 8000), ["effort"] = "low-effort" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await (await App.ApiClientAsync("ecm@example.org")).PutAsJsonAsync($"/api/network/applications/{id}/areas/{codes[1]}", new { response = new string('s', 8000), effort = "low-effort" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // Submitting with the other areas unanswered marks each of their responses and efforts.
        var left = codes.Skip(2).SelectMany(c => new[] { $"response-{c}", $"effort-{c}" }).ToArray();
        var submit = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, url, $"{url}?handler=Submit", new()), HttpStatusCode.BadRequest, left);
        Message(submit, $"response-{codes[2]}").ShouldBe("Give a response before you submit.");
        await using (var db = App.SystemDb())
        {
            (await db.Set<ApplicationArea>().SingleAsync(a => a.ApplicationId == id && a.Code == code)).Response!.Length.ShouldBe(8000);
            (await db.Set<NetworkApplication>().SingleAsync(a => a.Id == id)).Status.ShouldBe(ApplicationStatus.Draft);
        }
    }

    [Fact]
    public async Task GapReport_CheckInOutsideTheDatesOrInTheFuture_MarksHeldOn_AndRecordsNothing()
    {
        var (id, _) = await DraftApplicationAsync("cbo@example.org");
        var pages = await App.PageClientAsync("planadmin@example.org");
        var url = $"/network/applications/{id}/gaps";

        var outside = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, url, $"{url}?handler=CheckIn",
            new() { ["heldOn"] = "9999-12-31", ["notes"] = "Walked through the staffing plan" }), HttpStatusCode.BadRequest, "heldOn");
        Message(outside, "heldOn").ShouldBe("12/31/9999 is outside the dates CareHub accepts (01/01/1900 to 12/31/2200).");
        Value(outside, "heldOn").ShouldBe("9999-12-31");
        Value(outside, "notes").ShouldBe("Walked through the staffing plan");

        var later = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);
        var future = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, url, $"{url}?handler=CheckIn",
            new() { ["heldOn"] = later.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["notes"] = "Planned" }), HttpStatusCode.BadRequest, "heldOn");
        Message(future, "heldOn").ShouldBe($"{later.ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture)} is in the future: record a check-in once it has been held.");

        await using var db = App.SystemDb();
        (await db.Set<ApplicationCheckIn>().CountAsync(c => c.ApplicationId == id)).ShouldBe(0);
    }

    [Fact]
    public async Task Training_CompletionOutsideTheDatesOrInTheFuture_AndTooManyTopics_AreMarked_AndNothingIsSaved()
    {
        var provider = await App.OrganizationAsync("ecm2@example.org");
        var pages = await App.PageClientAsync("planadmin@example.org");
        var topic = TrainingRules.DefaultRequired[0].Topic;
        var staff = "Staff " + Guid.NewGuid().ToString("N")[..8];

        var outside = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/network/training", "/network/training",
            new() { ["providerId"] = provider.Id.ToString(), ["topic"] = topic, ["staffName"] = staff, ["completedOn"] = "2250-01-01" }), HttpStatusCode.BadRequest, "completedOn");
        Message(outside, "completedOn").ShouldBe("01/01/2250 is outside the dates CareHub accepts (01/01/1900 to 12/31/2200).");
        Value(outside, "staffName").ShouldBe(staff);
        outside.ShouldContain($"<option value=\"{provider.Id}\" selected=\"selected\">");

        var future = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/network/training", "/network/training",
            new() { ["providerId"] = provider.Id.ToString(), ["topic"] = topic, ["staffName"] = "", ["completedOn"] = "2199-01-01" }), HttpStatusCode.BadRequest, "staffName", "completedOn");
        Message(future, "completedOn").ShouldBe("01/01/2199 is in the future: record training once it is completed.");
        Message(future, "staffName").ShouldBe("Give the staff member's name (at most 200 characters).");

        // 41 topics run past 4,000 characters: the page takes the text, and the rule refuses the 41st topic.
        var lines = string.Join("\n", Enumerable.Range(1, 41).Select(i => $"topic-{i:00} | A required topic with a descriptive title, number {i:00}, for every care manager and supervisor on staff"));
        lines.Length.ShouldBeGreaterThan(4000);
        var topics = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/network/training", "/network/training?handler=Requirements",
            new() { ["requiredTopics"] = lines }), HttpStatusCode.BadRequest, "RequiredTopics");
        Message(topics, "RequiredTopics").ShouldBe("At most 40 required topics; 41 given.");
        Value(topics, "RequiredTopics").ShouldBe(lines);

        await using var db = App.SystemDb();
        (await db.Set<TrainingCompletion>().CountAsync(c => c.StaffName == staff)).ShouldBe(0);
        (await db.Set<PlanTrainingTopic>().CountAsync(t => t.Topic == "topic-01")).ShouldBe(0);
    }

    [Fact]
    public async Task Offerings_StartOutsideTheDatesOrNotJanuaryOrJuly_AndAnEndBeforeTheStart_AreMarked_AndNothingChanges()
    {
        var pages = await App.PageClientAsync("planadmin2@example.org");
        const string service = "day-habilitation";

        var outside = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/catalog/offerings", "/catalog/offerings",
            new() { ["County"] = "Los Angeles", ["Service"] = service, ["Start"] = "2250-01-01" }), HttpStatusCode.BadRequest, "Start");
        Message(outside, "Start").ShouldBe("01/01/2250 is outside the dates CareHub accepts (01/01/1900 to 12/31/2200).");
        outside.ShouldContain("<option selected=\"selected\">Los Angeles</option>");
        outside.ShouldContain($"<option value=\"{service}\" selected=\"selected\">");

        var march = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/catalog/offerings", "/catalog/offerings",
            new() { ["County"] = "Los Angeles", ["Service"] = service, ["Start"] = "2036-03-01" }), HttpStatusCode.UnprocessableEntity, "Start");
        Message(march, "Start").ShouldBe("An offering must start on January 1 or July 1; 03/01/2036 is neither.");
        Value(march, "Start").ShouldBe("2036-03-01");

        var admin = await App.ApiClientAsync("planadmin2@example.org");
        var offering = (await JsonAsync(await admin.PostAsJsonAsync("/api/catalog/offerings", new { county = "Los Angeles", communitySupportCode = service, start = "2036-01-01" }), HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var end = $"end-{offering}";
        var farEnd = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/catalog/offerings", $"/catalog/offerings?handler=End&id={offering}",
            new() { ["endDate"] = "9999-12-31" }), HttpStatusCode.BadRequest, end);
        Value(farEnd, end).ShouldBe("9999-12-31");
        var early = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/catalog/offerings", $"/catalog/offerings?handler=End&id={offering}",
            new() { ["endDate"] = "2035-12-31" }), HttpStatusCode.UnprocessableEntity, end);
        Message(early, end).ShouldBe("An offering cannot end (12/31/2035) before it starts (01/01/2036).");

        await using var db = App.SystemDb();
        (await db.PlanOfferings.SingleAsync(o => o.Id == offering)).End.ShouldBeNull();
        (await db.PlanOfferings.CountAsync(o => o.CommunitySupportCode == service && o.Start >= new DateOnly(2036, 1, 1) && o.Start < new DateOnly(2037, 1, 1))).ShouldBe(1);
    }
}

public sealed class ConvertedFormPageTests_Sqlite(SqliteApp app) : ConvertedFormPageTests(app);

public sealed class ConvertedFormPageTests_Postgres(PostgresApp app) : ConvertedFormPageTests(app);
