using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Referrals.ReferralTestData;

namespace CareHub.Web.Tests.Referrals;

/// <summary>Every channel changes a referral through the same writer: each change leaves exactly one history entry and
/// one outbox event for each subscriber, whether it came from a page, the JSON API or FHIR (create, PUT, PATCH).</summary>
public abstract class OnePathTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private async Task<(int History, int Events)> CountsAsync(Guid referralId, Guid subscriptionId)
    {
        await using var db = App.SystemDb();
        var history = await db.Set<ReferralStatusChange>().CountAsync(c => c.ReferralId == referralId);
        var events = await db.OutboxMessages.CountAsync(m => m.ReferralId == referralId && m.SubscriptionId == subscriptionId);
        return (history, events);
    }

    private async Task<Guid> SubscribeAsync()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var created = await PostOkAsync(admin, "/api/webhooks/subscriptions", new { url = "http://127.0.0.1:9/one-path", description = "one path test" });
        return created.GetProperty("id").GetGuid();
    }

    private async Task UnsubscribeAsync(Guid subscriptionId)
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        (await admin.DeleteAsync($"/api/webhooks/subscriptions/{subscriptionId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task JsonApiAndPage_EachChange_OneHistoryEntryAndOneEventPerSubscriber()
    {
        var subscription = await SubscribeAsync();
        try
        {
            var member = await NewMemberAsync(App);
            var cbo = await App.OrganizationAsync("cbo@example.org");
            var cm = await App.ApiClientAsync("plancm@example.org");
            var admin = await App.ApiClientAsync("planadmin@example.org");

            var id = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(member.Id, cbo.Id)));
            (await CountsAsync(id, subscription)).ShouldBe((1, 1));

            await PostOkAsync(admin, $"/api/referrals/{id}/decision", new { decision = "approve" });
            (await CountsAsync(id, subscription)).ShouldBe((2, 2));

            // The CBO accepts on the referral page (a form post with antiforgery).
            var pages = await App.PageClientAsync("cbo@example.org");
            var html = await pages.GetStringAsync($"/referrals/{id}");
            var posted = await pages.PostAsync($"/referrals/{id}?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html),
                ["note"] = "We can start next week.",
            }));
            posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await CountsAsync(id, subscription)).ShouldBe((3, 3));

            var detail = await cm.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/referrals/{id}");
            Status(detail).ShouldBe("accepted");
        }
        finally
        {
            await UnsubscribeAsync(subscription);
        }
    }

    [Fact]
    public async Task FhirCreatePutPatch_EachChange_OneHistoryEntryAndOneEventPerSubscriber()
    {
        var subscription = await SubscribeAsync();
        try
        {
            var member = await NewMemberAsync(App);
            var plan = await App.OrganizationAsync("plancm@example.org");
            var cbo = await App.OrganizationAsync("cbo@example.org");
            var cm = await App.ApiClientAsync("plancm@example.org");
            var admin = await App.ApiClientAsync("planadmin@example.org");
            var cboClient = await App.ApiClientAsync("cbo@example.org");

            var id = Id(await PostOkAsync(cm, "/api/referrals", MealsReferral(member.Id, null)));
            (await CountsAsync(id, subscription)).ShouldBe((1, 1));

            // FHIR create: a Task that names its owner assigns the CBO through the writer.
            var task = $$"""
                {
                  "resourceType": "Task", "status": "requested", "intent": "order",
                  "code": { "coding": [{ "system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill" }] },
                  "focus": { "reference": "ServiceRequest/{{id}}" }, "for": { "reference": "Patient/{{member.Id}}" },
                  "requester": { "reference": "Organization/{{plan.Id}}" }, "owner": { "reference": "Organization/{{cbo.Id}}" }
                }
                """;
            var created = await cm.PostAsync("/fhir/Task", new StringContent(task, Encoding.UTF8, "application/fhir+json"));
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            (await CountsAsync(id, subscription)).ShouldBe((2, 2));
            var timeline = (await cm.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/referrals/{id}")).GetProperty("timeline");
            timeline.GetArrayLength().ShouldBe(2);

            // FHIR PUT: the plan's decision as the Task's businessStatus.
            var current = JsonNode.Parse(await admin.GetStringAsync($"/fhir/Task/{id}"))!.AsObject();
            current["businessStatus"]!["coding"]![0]!["code"] = "approved";
            var put = await admin.PutAsync($"/fhir/Task/{id}", new StringContent(current.ToJsonString(), Encoding.UTF8, "application/fhir+json"));
            var putBody = await put.Content.ReadAsStringAsync();
            put.StatusCode.ShouldBe(HttpStatusCode.OK, putBody);
            JsonNode.Parse(putBody)!["businessStatus"]!["coding"]![0]!["code"]!.GetValue<string>().ShouldBe("approved");
            (await CountsAsync(id, subscription)).ShouldBe((3, 3));

            // FHIR PATCH: the CBO accepts.
            var patch = new StringContent("""[{ "op": "replace", "path": "/status", "value": "accepted" }]""", Encoding.UTF8, "application/json-patch+json");
            var patched = await cboClient.PatchAsync($"/fhir/Task/{id}", patch);
            patched.StatusCode.ShouldBe(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
            (await CountsAsync(id, subscription)).ShouldBe((4, 4));
            Status(await cm.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/referrals/{id}")).ShouldBe("accepted");

            // Another owner is refused with a reason, and nothing is written.
            await using var db = App.SystemDb();
            var other = await db.Organizations.FirstAsync(o => o.Type == CareHub.Common.OrganizationType.Cbo && o.Id != cbo.Id);
            var moved = JsonNode.Parse(await cm.GetStringAsync($"/fhir/Task/{id}"))!.AsObject();
            moved["owner"] = new JsonObject { ["reference"] = $"Organization/{other.Id}" };
            var refused = await cm.PutAsync($"/fhir/Task/{id}", new StringContent(moved.ToJsonString(), Encoding.UTF8, "application/fhir+json"));
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("Task.owner");
            (await CountsAsync(id, subscription)).ShouldBe((4, 4));
        }
        finally
        {
            await UnsubscribeAsync(subscription);
        }
    }
}

public sealed class OnePathTests_Sqlite(SqliteApp app) : OnePathTests(app);

public sealed class OnePathTests_Postgres(PostgresApp app) : OnePathTests(app);
