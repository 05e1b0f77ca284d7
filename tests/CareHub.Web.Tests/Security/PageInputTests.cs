using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Testing;
using CareHub.Web.Tests.Referrals;

namespace CareHub.Web.Tests.Security;

/// <summary>Page form posts are held to the same input rules as the JSON API: dates outside 1900-2200 and
/// over-long text are refused naming the field, never a server error, and nothing changes.</summary>
public abstract class PageInputTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    private static async Task ShouldBeRefusedNamingAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeLessThan(500, body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        body.ShouldContain($"data-field=\"{field}\"");
    }

    [Fact]
    public async Task PagePosts_WithOutOfRangeDatesOrOverLongText_AreRefusedNamingTheField_AndChangeNothing()
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var id = ReferralTestData.Id(await ReferralTestData.PostOkAsync(cm, "/api/referrals", ReferralTestData.MealsReferral(member.Id, cbo.Id)));
        var url = $"/referrals/{id}";

        // The plan's decision with an over-long reason, and an approval ending in 9999.
        var planPages = await App.PageClientAsync("planadmin@example.org");
        await ShouldBeRefusedNamingAsync(await PostFormAsync(planPages, url, $"{url}?handler=Decide",
            new() { ["decision"] = "pend", ["reason"] = new string('x', 4001) }), "reason");
        await ShouldBeRefusedNamingAsync(await PostFormAsync(planPages, url, $"{url}?handler=Decide",
            new() { ["decision"] = "approve", ["start"] = "2025-03-03", ["end"] = "9999-12-31" }), "end");
        ReferralTestData.Status(await admin.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}")).ShouldBe("submitted");

        // The CBO's schedule and service forms with dates far outside the range.
        await ReferralTestData.PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve", quantity = 56 });
        await ReferralTestData.PostOkAsync(await App.ApiClientAsync("cbo@example.org"), $"/api/referrals/{id}/accept", new { });
        var cboPages = await App.PageClientAsync("cbo@example.org");
        await ShouldBeRefusedNamingAsync(await PostFormAsync(cboPages, url, $"{url}?handler=Schedule",
            new() { ["at"] = "9999-12-31T10:00", ["note"] = "First delivery" }), "at");
        await ShouldBeRefusedNamingAsync(await PostFormAsync(cboPages, url, $"{url}?handler=Service",
            new() { ["serviceDate"] = "0001-01-01", ["quantity"] = "2" }), "serviceDate");
        await ShouldBeRefusedNamingAsync(await PostFormAsync(cboPages, url, $"{url}?handler=Close",
            new() { ["outcome"] = "other", ["note"] = new string('y', 5000) }), "note");
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        ReferralTestData.Status(after).ShouldBe("accepted");
        after.GetProperty("deliveries").GetArrayLength().ShouldBe(0);

        // The referral form with a start in 2250 and an over-long reason.
        var formUrl = $"/referrals/new?memberId={member.Id}&service=medically-tailored-meals";
        var form = await PostFormAsync(await App.PageClientAsync("plancm@example.org"), formUrl, formUrl, new()
        {
            ["CboId"] = cbo.Id.ToString(),
            ["Start"] = "2250-01-01",
            ["End"] = "2250-01-28",
            ["Reason"] = new string('z', 4001),
        });
        await ShouldBeRefusedNamingAsync(form, "Start");
        (await form.Content.ReadAsStringAsync()).ShouldContain("data-field=\"Reason\"");
    }
}

public sealed class PageInputTests_Sqlite(SqliteApp app) : PageInputTests(app);

public sealed class PageInputTests_Postgres(PostgresApp app) : PageInputTests(app);
