using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Testing;
using CareHub.Web.Tests.Referrals;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Security.FormPages;

namespace CareHub.Web.Tests.Security;

/// <summary>Page form posts are held to the same input rules as the JSON API: dates outside 1900-2200 and
/// over-long text are refused naming the field, never a server error, and nothing changes. The referral pages show
/// the problem on their own form; any other page answers with a page that names the field and leads back.</summary>
public abstract class PageInputTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    [Fact]
    public async Task ReferralPagePosts_WithOutOfRangeDatesOrOverLongText_ShowTheFormWithTheFieldMarked_AndChangeNothing()
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var id = ReferralTestData.Id(await ReferralTestData.PostOkAsync(cm, "/api/referrals", ReferralTestData.MealsReferral(member.Id, cbo.Id)));
        var url = $"/referrals/{id}";

        // The plan's decision with an over-long reason, and an approval ending in 9999.
        var planPages = await App.PageClientAsync("planadmin@example.org");
        var pend = await ShouldShowFormMarkingAsync(await PostFormAsync(planPages, url, $"{url}?handler=Decide",
            new() { ["decision"] = "pend", ["reason"] = new string('x', 4001) }), HttpStatusCode.BadRequest, "pd-reason");
        Message(pend, "pd-reason").ShouldBe("At most 4,000 characters (this has 4,001).");
        Value(pend, "pd-reason").ShouldBe(new string('x', 4001));
        var approve = await ShouldShowFormMarkingAsync(await PostFormAsync(planPages, url, $"{url}?handler=Decide",
            new() { ["decision"] = "approve", ["start"] = "2025-03-03", ["end"] = "9999-12-31" }), HttpStatusCode.BadRequest, "ap-end");
        Message(approve, "ap-end").ShouldBe("12/31/9999 is outside the dates CareHub accepts (01/01/1900 to 12/31/2200).");
        Value(approve, "ap-end").ShouldBe("9999-12-31");
        Value(approve, "ap-start").ShouldBe("2025-03-03");
        ReferralTestData.Status(await admin.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}")).ShouldBe("submitted");

        // The CBO's schedule, service and close forms with dates far outside the range and an over-long note.
        await ReferralTestData.PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve", quantity = 56 });
        await ReferralTestData.PostOkAsync(await App.ApiClientAsync("cbo@example.org"), $"/api/referrals/{id}/accept", new { });
        var cboPages = await App.PageClientAsync("cbo@example.org");
        var schedule = await ShouldShowFormMarkingAsync(await PostFormAsync(cboPages, url, $"{url}?handler=Schedule",
            new() { ["at"] = "9999-12-31T10:00", ["note"] = "First delivery" }), HttpStatusCode.BadRequest, "sc-at");
        Value(schedule, "sc-note").ShouldBe("First delivery");
        await ShouldShowFormMarkingAsync(await PostFormAsync(cboPages, url, $"{url}?handler=Service",
            new() { ["serviceDate"] = "0001-01-01", ["quantity"] = "2" }), HttpStatusCode.BadRequest, "sv-date");
        await ShouldShowFormMarkingAsync(await PostFormAsync(cboPages, url, $"{url}?handler=Close",
            new() { ["outcome"] = "other", ["note"] = new string('y', 5000) }), HttpStatusCode.BadRequest, "cl-note");
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        ReferralTestData.Status(after).ShouldBe("accepted");
        after.GetProperty("deliveries").GetArrayLength().ShouldBe(0);

        // The referral form with a start in 2250 and an over-long reason: both marked, everything typed kept.
        var formUrl = $"/referrals/new?memberId={member.Id}&service=medically-tailored-meals";
        var form = await ShouldShowFormMarkingAsync(await PostFormAsync(await App.PageClientAsync("plancm@example.org"), formUrl, formUrl, new()
        {
            ["CboId"] = cbo.Id.ToString(),
            ["Service"] = "medically-tailored-meals",
            ["Start"] = "2250-01-01",
            ["End"] = "2250-01-28",
            ["Needs"] = "Low-sodium meals",
            ["Reason"] = new string('z', 4001),
        }), HttpStatusCode.BadRequest, "Start", "End", "Reason");
        Value(form, "Start").ShouldBe("2250-01-01");
        Value(form, "Needs").ShouldBe("Low-sodium meals");
        form.ShouldContain("<option value=\"medically-tailored-meals\" selected=\"selected\">");
        await using var db = App.SystemDb();
        (await db.Referrals.CountAsync(r => r.MemberId == member.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task OtherPagePosts_WithOutOfRangeDatesOrOverLongText_AreRefusedWithAPageNamingTheFieldInWords()
    {
        var pages = await App.PageClientAsync("planadmin2@example.org");
        var source = "Provider manual " + Guid.NewGuid().ToString("N")[..8];
        var response = await PostFormAsync(pages, "/catalog/policies", "/catalog/policies", new()
        {
            ["Service"] = "environmental-accessibility-adaptations",
            ["EffectiveFrom"] = "2250-01-01",
            ["Source"] = source,
            ["Notes"] = new string('n', 4001),
        });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        body.ShouldContain("<li data-field=\"EffectiveFrom\"><strong>Effective from</strong>: 01/01/2250 is outside the dates CareHub accepts (01/01/1900 to 12/31/2200).</li>");
        body.ShouldContain("<li data-field=\"Notes\"><strong>Notes</strong>: At most 4,000 characters (this has 4,001).</li>");
        body.ShouldContain("Nothing was saved.");
        body.ShouldContain("data-testid=\"back-to-form\" href=\"/catalog/policies\"");
        body.ShouldContain("href=\"/css/site.css\"");

        // A handler's post leads back to the page, not to the handler.
        var end = await PostFormAsync(pages, "/catalog/policies", $"/catalog/policies?handler=End&id={Guid.NewGuid()}", new() { ["effectiveTo"] = "0001-01-01" });
        (await end.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"back-to-form\" href=\"/catalog/policies?id=");

        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Action == "plan-policy.create" && a.Detail!.Contains(source))).ShouldBe(0);
    }
}

public sealed class PageInputTests_Sqlite(SqliteApp app) : PageInputTests(app);

public sealed class PageInputTests_Postgres(PostgresApp app) : PageInputTests(app);
