using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CareHub.Testing;
using CareHub.Web.Tests.Referrals;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

// Firely's model properties are all nullable; a null where a test expects a value fails the assertion anyway.
#pragma warning disable CS8600, CS8602, CS8604

namespace CareHub.Web.Tests.Fhir;

public abstract class FhirTests(CareHubApp app)
{
    private static readonly FhirJsonDeserializer _parser = new(new DeserializerSettings());

    private CareHubApp App { get { app.Require(); return app; } }

    private static StringContent FhirBody(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+json");
        return _parser.DeserializeResource(text).ShouldBeOfType<T>();
    }

    private static string ServiceRequestJson(Guid memberId, Guid? cboId, string code = "medically-tailored-meals") => $$"""
        {
          "resourceType": "ServiceRequest",
          "status": "active",
          "intent": "order",
          "category": [{ "coding": [{ "system": "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes", "code": "food-insecurity" }] }],
          "code": { "coding": [{ "system": "urn:carehub:community-support", "code": "{{code}}" }] },
          "subject": { "reference": "Patient/{{memberId}}" },
          {{(cboId is null ? "" : $"\"performer\": [{{ \"reference\": \"Organization/{cboId}\" }}],")}}
          "occurrencePeriod": { "start": "2025-04-07", "end": "2025-05-04" },
          "quantityQuantity": { "value": 56, "unit": "meals" },
          "reasonCode": [{ "text": "Diabetes with two ED visits; needs medically tailored meals after discharge." }],
          "note": [{ "text": "Deliver to the home; no stairs." }]
        }
        """;

    private static string TaskJson(Guid referralId, Guid memberId, Guid? ownerId, Guid requesterId, string status = "requested", string code = "fulfill", string extra = "") => $$"""
        {
          "resourceType": "Task",
          {{(status == "requested" ? "" : $"\"id\": \"{referralId}\",")}}
          "status": "{{status}}",
          "intent": "order",
          "code": { "coding": [{ "system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "{{code}}" }] },
          "focus": { "reference": "ServiceRequest/{{referralId}}" },
          "for": { "reference": "Patient/{{memberId}}" },
          "authoredOn": "2025-04-01T10:00:00Z",
          "requester": { "reference": "Organization/{{requesterId}}" }
          {{(ownerId is null ? "" : $", \"owner\": {{ \"reference\": \"Organization/{ownerId}\" }}")}}
          {{extra}}
        }
        """;

    [Fact]
    public async Task ServiceRequestAndTask_DrivenThroughTheLifecycle_ReferrerSeesTheLoopClosed()
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var plan = await App.OrganizationAsync("plancm@example.org");
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");

        var created = await ReadAsync<ServiceRequest>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(ServiceRequestJson(member.Id, null))), HttpStatusCode.Created);
        var id = Guid.Parse(created.Id!);
        created.Code.Coding.ShouldContain(c => c.System == "urn:carehub:community-support" && c.Code == "medically-tailored-meals");
        created.Subject.Reference.ShouldBe($"Patient/{member.Id}");
        created.Requester.Reference.ShouldBe($"Organization/{plan.Id}");

        // The same referral through the JSON API.
        var api = await cm.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        api.GetProperty("channel").GetString().ShouldBe("fhir");
        api.GetProperty("summary").GetProperty("communitySupportCode").GetString().ShouldBe("medically-tailored-meals");

        var task = await ReadAsync<FhirTask>(await cm.PostAsync("/fhir/Task", FhirBody(TaskJson(id, member.Id, cbo.Id, plan.Id))), HttpStatusCode.Created);
        task.Id.ShouldBe(id.ToString());
        task.Status.ShouldBe(FhirTask.TaskStatus.Requested);
        task.Owner.Reference.ShouldBe($"Organization/{cbo.Id}");
        task.Code.Coding.Single().Code.ShouldBe("fulfill");

        var readBack = await ReadAsync<FhirTask>(await cm.GetAsync($"/fhir/Task/{id}"), HttpStatusCode.OK);
        readBack.Focus.Reference.ShouldBe($"ServiceRequest/{id}");

        // The plan authorizes (in the app or the JSON API); the CBO finds the Task by owner and status.
        var admin = await App.ApiClientAsync("planadmin@example.org");
        (await admin.PostAsJsonAsync($"/api/referrals/{id}/decision", new { decision = "approve" })).EnsureSuccessStatusCode();
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var open = await ReadAsync<Bundle>(await cboClient.GetAsync($"/fhir/Task?owner=Organization/{cbo.Id}&status=requested&_include=Task:focus"), HttpStatusCode.OK);
        open.Entry.ShouldContain(e => e.Resource is FhirTask && e.Resource.Id == id.ToString());
        open.Entry.ShouldContain(e => e.Resource is ServiceRequest && e.Resource.Id == id.ToString() && e.Search.Mode == Bundle.SearchEntryMode.Include);

        var accepted = await ReadAsync<FhirTask>(await cboClient.PutAsync($"/fhir/Task/{id}", FhirBody(TaskJson(id, member.Id, cbo.Id, plan.Id, "accepted"))), HttpStatusCode.OK);
        accepted.Status.ShouldBe(FhirTask.TaskStatus.Accepted);

        var patch = new StringContent("""[{ "op": "replace", "path": "/status", "value": "in-progress" }]""", Encoding.UTF8, "application/json-patch+json");
        var started = await ReadAsync<FhirTask>(await cboClient.PatchAsync($"/fhir/Task/{id}", patch), HttpStatusCode.OK);
        started.Status.ShouldBe(FhirTask.TaskStatus.InProgress);

        (await cboClient.PostAsJsonAsync($"/api/referrals/{id}/services", new { serviceDate = "2025-04-07", endDate = "2025-04-20", quantity = 28 })).EnsureSuccessStatusCode();
        var completedJson = TaskJson(id, member.Id, cbo.Id, plan.Id, "completed", extra: """
            , "output": [{ "type": { "coding": [{ "system": "urn:carehub:referral-outcome", "code": "services-completed" }] }, "valueString": "Four weeks of meals delivered." }]
            """);
        var completed = await ReadAsync<FhirTask>(await cboClient.PutAsync($"/fhir/Task/{id}", FhirBody(completedJson)), HttpStatusCode.OK);
        completed.Status.ShouldBe(FhirTask.TaskStatus.Completed);

        // The referrer's view: the Task is completed with outputs, the ServiceRequest completed, the JSON API closed.
        var view = await ReadAsync<FhirTask>(await cm.GetAsync($"/fhir/Task/{id}"), HttpStatusCode.OK);
        view.Status.ShouldBe(FhirTask.TaskStatus.Completed);
        view.Output.ShouldContain(o => o.Type.Coding.Any(c => c.Code == "resulting-activity") && ((CodeableConcept)o.Value).Text!.Contains("28 meals", StringComparison.Ordinal));
        view.Output.ShouldContain(o => o.Type.Coding.Any(c => c.System == "urn:carehub:referral-outcome" && c.Code == "services-completed"));
        (await ReadAsync<ServiceRequest>(await cm.GetAsync($"/fhir/ServiceRequest/{id}"), HttpStatusCode.OK)).Status.ShouldBe(RequestStatus.Completed);
        var closed = await cm.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}");
        closed.GetProperty("summary").GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("outcomeNote").GetString().ShouldBe("Four weeks of meals delivered.");

        var mine = await ReadAsync<Bundle>(await cm.GetAsync($"/fhir/Task?requester=Organization/{plan.Id}&_lastUpdated=gt2020-01-01T00:00:00Z"), HttpStatusCode.OK);
        mine.Entry.ShouldContain(e => e.Resource!.Id == id.ToString());
        var byPatient = await ReadAsync<Bundle>(await cm.GetAsync($"/fhir/ServiceRequest?patient=Patient/{member.Id}"), HttpStatusCode.OK);
        byPatient.Entry.Single().Resource!.Id.ShouldBe(id.ToString());
        var future = await ReadAsync<Bundle>(await cm.GetAsync($"/fhir/Task?patient={member.Id}&_lastUpdated=gt2099-01-01"), HttpStatusCode.OK);
        future.Entry.ShouldBeEmpty();

        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.MemberId == member.Id && a.Action == "cs-referral.accept")).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.MemberId == member.Id && a.Action == "cs-referral.read")).ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task InvalidResources_GiveOperationOutcomeWithThePath()
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var plan = await App.OrganizationAsync("plancm@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");

        var badStatus = ServiceRequestJson(member.Id, null).Replace("\"status\": \"active\"", "\"status\": \"bogus\"", StringComparison.Ordinal);
        var outcome = await ReadAsync<OperationOutcome>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(badStatus)), HttpStatusCode.BadRequest);
        outcome.Issue.ShouldContain(i => i.Expression.Any(e => e!.Contains("ServiceRequest.status", StringComparison.Ordinal)));

        var noSubject = ServiceRequestJson(member.Id, null).Replace($"\"subject\": {{ \"reference\": \"Patient/{member.Id}\" }},", "", StringComparison.Ordinal);
        outcome = await ReadAsync<OperationOutcome>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(noSubject)), HttpStatusCode.BadRequest);
        outcome.Issue.Single().Expression.ShouldBe(["ServiceRequest.subject"]);

        var badCode = ServiceRequestJson(member.Id, null, "space-travel");
        outcome = await ReadAsync<OperationOutcome>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(badCode)), HttpStatusCode.BadRequest);
        outcome.Issue.Single().Expression.ShouldBe(["ServiceRequest.code"]);
        outcome.Issue.Single().Diagnostics!.ShouldContain("not a Community Support");

        var sr = await ReadAsync<ServiceRequest>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(ServiceRequestJson(member.Id, null))), HttpStatusCode.Created);
        var id = Guid.Parse(sr.Id!);
        outcome = await ReadAsync<OperationOutcome>(await cm.PostAsync("/fhir/Task", FhirBody(TaskJson(id, member.Id, null, plan.Id, code: "approve"))), HttpStatusCode.BadRequest);
        outcome.Issue.Single().Expression.ShouldBe(["Task.code"]);
        outcome = await ReadAsync<OperationOutcome>(await cm.PutAsync($"/fhir/Task/{id}", FhirBody(TaskJson(id, member.Id, null, plan.Id, "received"))), HttpStatusCode.BadRequest);
        outcome.Issue.Single().Expression.ShouldBe(["Task.status"]);
        outcome = await ReadAsync<OperationOutcome>(await cm.PostAsync("/fhir/Task", FhirBody("""{ "resourceType": "Task", "status": "requested", "intent": "order", "code": { "coding": [{ "system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill" }] }, "focus": { "reference": "ServiceRequest/8d5e1c55-0000-0000-0000-000000000000" }, "unknownElement": 1 }""")), HttpStatusCode.BadRequest);
        outcome.Issue.ShouldContain(i => i.Expression.Any(e => e!.StartsWith("Task", StringComparison.Ordinal)));

        // A business rule (no ownerless acceptance, wrong transition) is an OperationOutcome too.
        var cbo = await App.OrganizationAsync("cbo@example.org");
        await ReadAsync<FhirTask>(await cm.PostAsync("/fhir/Task", FhirBody(TaskJson(id, member.Id, cbo.Id, plan.Id))), HttpStatusCode.Created);
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        outcome = await ReadAsync<OperationOutcome>(await cboClient.PutAsync($"/fhir/Task/{id}", FhirBody(TaskJson(id, member.Id, cbo.Id, plan.Id, "accepted"))), HttpStatusCode.Conflict);
        outcome.Issue.Single().Diagnostics!.ShouldContain("submitted");
    }

    [Fact]
    public async Task Cbo_SeesOnlyTheTasksItOwns_AndTheirPatients()
    {
        var mine = await ReferralTestData.NewMemberAsync(App);
        var theirs = await ReferralTestData.NewMemberAsync(App);
        var plan = await App.OrganizationAsync("plancm@example.org");
        var cbo = await App.OrganizationAsync("cbo@example.org");
        Guid otherCbo;
        await using (var db = App.SystemDb())
        {
            otherCbo = await db.Organizations.Where(o => o.Name == "Nourish Medically Tailored Meals").Select(o => o.Id).SingleAsync();
        }

        var cm = await App.ApiClientAsync("plancm@example.org");
        var a = await ReadAsync<ServiceRequest>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(ServiceRequestJson(mine.Id, cbo.Id))), HttpStatusCode.Created);
        var b = await ReadAsync<ServiceRequest>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(ServiceRequestJson(theirs.Id, otherCbo))), HttpStatusCode.Created);
        // A second referral of "mine" to the other CBO: the first CBO sees the member, but not that referral.
        var c = await ReadAsync<ServiceRequest>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(ServiceRequestJson(mine.Id, otherCbo, "housing-transition-navigation"))), HttpStatusCode.Created);

        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var tasks = await ReadAsync<Bundle>(await cboClient.GetAsync("/fhir/Task"), HttpStatusCode.OK);
        var ids = tasks.Entry.Select(e => e.Resource!.Id).ToList();
        ids.ShouldContain(a.Id);
        ids.ShouldNotContain(b.Id);
        ids.ShouldNotContain(c.Id);
        tasks.Entry.ShouldAllBe(e => ((FhirTask)e.Resource!).Owner!.Reference == $"Organization/{cbo.Id}");
        (await cboClient.GetAsync($"/fhir/Task/{c.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await cboClient.GetAsync($"/fhir/Task/{b.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await cboClient.GetAsync($"/fhir/Patient/{mine.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cboClient.GetAsync($"/fhir/Patient/{theirs.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var patients = await ReadAsync<Bundle>(await cboClient.GetAsync("/fhir/Patient"), HttpStatusCode.OK);
        patients.Entry.Select(e => e.Resource.Id).ShouldContain(mine.Id.ToString());
        patients.Entry.Select(e => e.Resource.Id).ShouldNotContain(theirs.Id.ToString());

        var consents = await ReadAsync<Bundle>(await cboClient.GetAsync($"/fhir/Consent?patient=Patient/{mine.Id}"), HttpStatusCode.OK);
        consents.Entry.ShouldAllBe(e => ((Consent)e.Resource).Organization.Single().Reference == $"Organization/{cbo.Id}");
        consents.Entry.Count.ShouldBe(1);

        // A CBO system with an API key gets the same view.
        var (key, prefix, hash) = CareHub.Organizations.ApiKeys.NewKey();
        await using (var db = App.SystemDb())
        {
            db.ApiKeys.Add(new CareHub.Organizations.ApiKey { OrganizationId = cbo.Id, Name = "referral platform", Role = "CsProviderStaff", Prefix = prefix, SecretHash = hash, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var system = App.CreateClient();
        system.DefaultRequestHeaders.Add("X-Api-Key", key);
        var viaKey = await ReadAsync<Bundle>(await system.GetAsync($"/fhir/Task?owner=Organization/{cbo.Id}"), HttpStatusCode.OK);
        viaKey.Entry.Select(e => e.Resource.Id).ShouldContain(a.Id);
        viaKey.Entry.Select(e => e.Resource.Id).ShouldNotContain(c.Id);
        (await system.GetAsync($"/fhir/Patient/{theirs.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The plan sees both and all three referrals.
        var planTasks = await ReadAsync<Bundle>(await cm.GetAsync($"/fhir/Task?requester=Organization/{plan.Id}"), HttpStatusCode.OK);
        planTasks.Entry.Select(e => e.Resource.Id).ShouldContain(b.Id);
        planTasks.Entry.Select(e => e.Resource.Id).ShouldContain(c.Id);
    }

    [Fact]
    public async Task CboRejectsTheTaskWithJsonPatch_ReferrerSeesTheReason()
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var sr = await ReadAsync<ServiceRequest>(await cm.PostAsync("/fhir/ServiceRequest", FhirBody(ServiceRequestJson(member.Id, cbo.Id))), HttpStatusCode.Created);
        var admin = await App.ApiClientAsync("planadmin@example.org");
        (await admin.PostAsJsonAsync($"/api/referrals/{sr.Id}/decision", new { decision = "approve" })).EnsureSuccessStatusCode();

        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var noReason = new StringContent("""[{ "op": "replace", "path": "/status", "value": "rejected" }]""", Encoding.UTF8, "application/json-patch+json");
        var missing = await ReadAsync<OperationOutcome>(await cboClient.PatchAsync($"/fhir/Task/{sr.Id}", noReason), HttpStatusCode.BadRequest);
        missing.Issue.Single().Expression.ShouldBe(["Task.statusReason"]);

        var patch = new StringContent("""
            [{ "op": "test", "path": "/status", "value": "requested" },
             { "op": "replace", "path": "/status", "value": "rejected" },
             { "op": "add", "path": "/statusReason", "value": { "coding": [{ "system": "urn:carehub:decline-reason", "code": "at-capacity" }], "text": "No openings until March." } }]
            """, Encoding.UTF8, "application/json-patch+json");
        var rejected = await ReadAsync<FhirTask>(await cboClient.PatchAsync($"/fhir/Task/{sr.Id}", patch), HttpStatusCode.OK);
        rejected.Status.ShouldBe(FhirTask.TaskStatus.Rejected);

        var view = await ReadAsync<FhirTask>(await cm.GetAsync($"/fhir/Task/{sr.Id}"), HttpStatusCode.OK);
        view.Status.ShouldBe(FhirTask.TaskStatus.Rejected);
        view.StatusReason.Text.ShouldBe("No openings until March.");
        var api = await cm.GetFromJsonAsync<JsonElement>($"/api/referrals/{sr.Id}");
        api.GetProperty("declineReason").GetString().ShouldBe("at-capacity");

        // A failed JSON Patch test changes nothing.
        var stale = new StringContent("""[{ "op": "test", "path": "/status", "value": "requested" }, { "op": "replace", "path": "/status", "value": "accepted" }]""", Encoding.UTF8, "application/json-patch+json");
        (await cm.PatchAsync($"/fhir/Task/{sr.Id}", stale)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Metadata_Organizations_AndIdempotentServiceRequest()
    {
        var anonymous = App.CreateClient();
        var cs = await ReadAsync<CapabilityStatement>(await anonymous.GetAsync("/fhir/metadata"), HttpStatusCode.OK);
        cs.FhirVersion.ShouldBe(FHIRVersion.N4_0_1);
        cs.Rest.Single().Resource.Select(r => r.Type).ShouldBe(["Patient", "Organization", "ServiceRequest", "Task", "Consent"]);
        (await anonymous.GetAsync("/fhir/Task")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var cboClient = await App.ApiClientAsync("cbo@example.org");
        var me = await cboClient.GetFromJsonAsync<JsonElement>("/api/me");
        var orgId = me.GetProperty("organizationId").GetString();
        var cbos = await ReadAsync<Bundle>(await cboClient.GetAsync("/fhir/Organization?type=cbo&name=open door"), HttpStatusCode.OK);
        cbos.Entry.Single().Resource.Id.ShouldBe(orgId);
        (await ReadAsync<Hl7.Fhir.Model.Organization>(await cboClient.GetAsync($"/fhir/Organization/{orgId}"), HttpStatusCode.OK)).Name.ShouldBe("Open Door Housing Collaborative");
        var plans = await ReadAsync<Bundle>(await cboClient.GetAsync("/fhir/Organization?type=http://terminology.hl7.org/CodeSystem/organization-type|pay"), HttpStatusCode.OK);
        var planNames = plans.Entry.Select(e => ((Hl7.Fhir.Model.Organization)e.Resource).Name).ToList();
        planNames.ShouldContain("Golden Poppy Health Plan");
        planNames.ShouldContain("Pacific Coast Community Health");
        (await cboClient.GetAsync("/fhir/Organization?type=bank")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var member = await ReferralTestData.NewMemberAsync(App);
        var cm = await App.ApiClientAsync("plancm@example.org");
        async Task<HttpResponseMessage> Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/ServiceRequest") { Content = FhirBody(ServiceRequestJson(member.Id, null)) };
            request.Headers.Add("Idempotency-Key", "fhir-" + member.Id);
            return await cm.SendAsync(request);
        }

        var first = await ReadAsync<ServiceRequest>(await Post(), HttpStatusCode.Created);
        var second = await ReadAsync<ServiceRequest>(await Post(), HttpStatusCode.OK);
        second.Id.ShouldBe(first.Id);
        var patient = await ReadAsync<Patient>(await cm.GetAsync($"/fhir/Patient/{member.Id}"), HttpStatusCode.OK);
        patient.Name.Single().Family.ShouldBe(member.LastName);
        patient.BirthDate.ShouldBe("1961-04-12");
    }
}

public sealed class FhirTests_Sqlite(SqliteApp app) : FhirTests(app);

public sealed class FhirTests_Postgres(PostgresApp app) : FhirTests(app);
