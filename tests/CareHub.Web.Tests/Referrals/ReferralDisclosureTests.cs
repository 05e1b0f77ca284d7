using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Referrals.ReferralTestData;

namespace CareHub.Web.Tests.Referrals;

/// <summary>
/// A CBO addressed by a referral sees the request without its clinical detail (reason, needs, attestations,
/// documents, the plan's reasons, the timeline's notes) until the plan authorizes it, through the JSON API, FHIR,
/// the document download and its webhook events; once authorized it sees all of it. The plan and the referrer
/// always see everything.
/// </summary>
public abstract class ReferralDisclosureTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private const string Reason = "Heart failure; two ED visits this year";
    private const string PendReason = "Send the latest echocardiogram";
    private static readonly byte[] _file = Encoding.UTF8.GetBytes("Discharge summary: ejection fraction 25%");

    private static object Referral(Guid memberId, Guid cboId) => new
    {
        memberId,
        communitySupportCode = "medically-tailored-meals",
        referrerKind = "plan-care-manager",
        cboId,
        reason = Reason + ".",
        needs = "Low-sodium meals, delivery to the home.",
        requestedStart = "2025-03-03",
        requestedEnd = "2025-03-30",
        requestedQuantity = 56,
        documents = new object[]
        {
            new { title = "Discharge summary", contentBase64 = Convert.ToBase64String(_file), contentType = "text/plain" },
            new { title = "Care plan", url = "https://records.example.org/care-plan/77" },
        },
    };

    private static void ShouldNotMention(string text, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            text.ShouldNotContain(secret, Case.Insensitive);
        }
    }

    [Fact]
    public async Task ACbo_SeesTheRequestWithoutClinicalDetail_UntilThePlanAuthorizes()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var subscription = new WebhookSubscription { OrganizationId = cbo.Id, Url = "https://receiver.example.org/carehub", Secret = "disclosure-test-secret", CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = App.SystemDb())
        {
            db.Add(subscription);
            await db.SaveChangesAsync();
        }

        try
        {
            var created = await PostOkAsync(cm, "/api/referrals", Referral(member.Id, cbo.Id));
            var id = Id(created);
            var fileId = created.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("hasContent").GetBoolean()).GetProperty("id").GetGuid();
            await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "pend", reason = PendReason });

            // The plan and the referrer see everything while the referral waits.
            var planView = await cm.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
            planView.GetProperty("reason").GetString().ShouldStartWith(Reason);
            planView.GetProperty("pendReason").GetString().ShouldBe(PendReason);
            planView.GetProperty("documents").GetArrayLength().ShouldBe(2);
            planView.GetProperty("clinicalDetailWithheld").ValueKind.ShouldBe(JsonValueKind.Null);
            (await (await cm.GetAsync($"/api/referrals/{id}/documents/{fileId}")).Content.ReadAsByteArrayAsync()).ShouldBe(_file);

            // The CBO sees who, what and when, and is told when the rest appears.
            var before = await cboClient.GetAsync($"/api/referrals/{id}");
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
            var beforeText = await before.Content.ReadAsStringAsync();
            ShouldNotMention(beforeText, Reason, "Low-sodium", "Discharge summary", "care-plan/77", PendReason);
            var withheld = JsonDocument.Parse(beforeText).RootElement;
            withheld.GetProperty("reason").ValueKind.ShouldBe(JsonValueKind.Null);
            withheld.GetProperty("documents").GetArrayLength().ShouldBe(0);
            withheld.GetProperty("clinicalDetailWithheld").GetString()!.ShouldContain("once the plan authorizes");
            withheld.GetProperty("summary").GetProperty("communitySupportCode").GetString().ShouldBe("medically-tailored-meals");
            withheld.GetProperty("summary").GetProperty("memberId").GetGuid().ShouldBe(member.Id);

            var download = await cboClient.GetAsync($"/api/referrals/{id}/documents/{fileId}");
            download.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            ShouldNotMention(await download.Content.ReadAsStringAsync(), "ejection fraction");

            var fhirRequest = await cboClient.GetAsync($"/fhir/ServiceRequest/{id}");
            fhirRequest.StatusCode.ShouldBe(HttpStatusCode.OK);
            ShouldNotMention(await fhirRequest.Content.ReadAsStringAsync(), Reason, "Low-sodium");
            var fhirTask = await cboClient.GetAsync($"/fhir/Task/{id}");
            fhirTask.StatusCode.ShouldBe(HttpStatusCode.OK);
            ShouldNotMention(await fhirTask.Content.ReadAsStringAsync(), PendReason);
            var fhirSearch = await cboClient.GetAsync($"/fhir/ServiceRequest?_id={id}");
            fhirSearch.StatusCode.ShouldBe(HttpStatusCode.OK);
            ShouldNotMention(await fhirSearch.Content.ReadAsStringAsync(), Reason, "Low-sodium");
            (await (await cm.GetAsync($"/fhir/ServiceRequest/{id}")).Content.ReadAsStringAsync()).ShouldContain(Reason);

            // Once authorized, the CBO sees all of it.
            await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve", quantity = 56 });
            var after = await cboClient.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
            after.GetProperty("reason").GetString().ShouldStartWith(Reason);
            after.GetProperty("needs").GetString()!.ShouldContain("Low-sodium");
            after.GetProperty("documents").GetArrayLength().ShouldBe(2);
            after.GetProperty("clinicalDetailWithheld").ValueKind.ShouldBe(JsonValueKind.Null);
            after.GetProperty("timeline").EnumerateArray().ShouldContain(t => (t.GetProperty("note").GetString() ?? "").Contains(PendReason));
            var allowed = await cboClient.GetAsync($"/api/referrals/{id}/documents/{fileId}");
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await allowed.Content.ReadAsByteArrayAsync()).ShouldBe(_file);
            (await (await cboClient.GetAsync($"/fhir/ServiceRequest/{id}")).Content.ReadAsStringAsync()).ShouldContain(Reason);

            // Webhook events to the CBO's receiver carry no note before authorization.
            await using (var db = App.SystemDb())
            {
                var events = (await db.OutboxMessages.AsNoTracking().Where(m => m.SubscriptionId == subscription.Id && m.ReferralId == id).ToListAsync())
                    .OrderBy(m => m.Id).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("referral")).ToList();
                events.Select(e => e.GetProperty("status").GetString()).ShouldBe(["submitted", "pended", "approved"]);
                events[1].GetProperty("note").GetString().ShouldBe(ReferralStatus.Pended.Label());
                ShouldNotMention(string.Join(" ", events.Take(2).Select(e => e.ToString())), PendReason, Reason);
            }
        }
        finally
        {
            await using var db = App.SystemDb();
            await db.Set<WebhookSubscription>().Where(s => s.Id == subscription.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false));
        }
    }

    [Fact]
    public async Task ADeniedReferral_StaysWithoutClinicalDetailForTheCbo_AndTheReferrerKeepsIt()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var id = Id(await PostOkAsync(cm, "/api/referrals", Referral(member.Id, cbo.Id)));
        await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "deny", reason = "Cardiac diet covered elsewhere", memberNotice = "Your request was denied; you may appeal." });

        var text = await (await cboClient.GetAsync($"/api/referrals/{id}")).Content.ReadAsStringAsync();
        ShouldNotMention(text, Reason, "Cardiac diet", "you may appeal");
        JsonDocument.Parse(text).RootElement.GetProperty("summary").GetProperty("status").GetString().ShouldBe("denied");
        (await cm.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}")).GetProperty("denialReason").GetString().ShouldBe("Cardiac diet covered elsewhere");
    }
}

public sealed class ReferralDisclosureTests_Sqlite(SqliteApp app) : ReferralDisclosureTests(app);

public sealed class ReferralDisclosureTests_Postgres(PostgresApp app) : ReferralDisclosureTests(app);
