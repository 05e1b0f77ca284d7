using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CareHub.Web.Tests.Referrals.ReferralTestData;

namespace CareHub.Web.Tests.Security;

/// <summary>Inputs that used to cause server errors are refused with the field named, and nothing is stored.</summary>
public abstract class InputHardeningTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", text);
        text.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
        text.ShouldNotContain("Bearer", Case.Insensitive, "no request headers");
        text.ShouldNotContain("Exception", Case.Sensitive, "no exception types");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> OutcomeAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+json", text);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        body.GetProperty("resourceType").GetString().ShouldBe("OperationOutcome");
        return body;
    }

    private async Task<int> ReferralsOfAsync(Guid memberId)
    {
        await using var db = App.SystemDb();
        return await db.Set<Referral>().CountAsync(r => r.MemberId == memberId);
    }

    [Fact]
    public async Task Check_WithStartInYearOne_Is400NamingTheField()
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/referrals/check", MealsReferral(member.Id, null, start: "0001-01-01", end: "0001-01-31")));
        problem.GetProperty("errors").GetProperty("requestedStart")[0].GetString()!.ShouldContain("1900-01-01");
    }

    [Fact]
    public async Task Create_WithEndInYear9999_Is400NamingTheField_AndStoresNothing()
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/referrals", MealsReferral(member.Id, null, end: "9999-12-31")));
        problem.GetProperty("errors").GetProperty("requestedEnd")[0].GetString()!.ShouldContain("2200-12-31");
        (await ReferralsOfAsync(member.Id)).ShouldBe(0);

        var early = await ProblemAsync(await client.PostAsJsonAsync("/api/referrals", MealsReferral(member.Id, null, start: "0001-01-01")));
        early.GetProperty("errors").TryGetProperty("requestedStart", out _).ShouldBeTrue();
        (await ReferralsOfAsync(member.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task FhirServiceRequest_WithStartInYearOne_IsOperationOutcome400()
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var json = $$"""
            {"resourceType":"ServiceRequest","status":"active","intent":"order",
             "code":{"coding":[{"system":"urn:carehub:community-support","code":"medically-tailored-meals"}]},
             "subject":{"reference":"Patient/{{member.Id}}"},
             "occurrencePeriod":{"start":"0001-01-01","end":"0001-02-01"},
             "quantityQuantity":{"value":56,"unit":"meals"},
             "reasonCode":[{"text":"Needs meals."}]}
            """;
        var outcome = await OutcomeAsync(await client.PostAsync("/fhir/ServiceRequest", new StringContent(json, Encoding.UTF8, "application/fhir+json")));
        outcome.GetProperty("issue")[0].GetProperty("expression")[0].GetString()!.ShouldStartWith("ServiceRequest.occurrencePeriod");
        (await ReferralsOfAsync(member.Id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"resourceType":"ServiceRequest"}]""")]
    [InlineData("42")]
    [InlineData("\"ServiceRequest\"")]
    [InlineData("{\"resourceType\":")]
    public async Task FhirResource_ThatIsNotAnObject_IsOperationOutcome400(string body)
    {
        var client = await App.ApiClientAsync("plancm@example.org");
        await OutcomeAsync(await client.PostAsync("/fhir/ServiceRequest", new StringContent(body, Encoding.UTF8, "application/fhir+json")));
        await OutcomeAsync(await client.PostAsync("/fhir/Task", new StringContent(body, Encoding.UTF8, "application/fhir+json")));
    }

    [Fact]
    public async Task JsonPatch_WithADuplicateKey_Is400_AndChangesNothing()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var client = await App.ApiClientAsync("plancm@example.org");
        var created = await PostOkAsync(client, "/api/referrals", MealsReferral(member.Id, cbo.Id));
        var id = Id(created);

        var patch = new StringContent("""[{ "op": "replace", "op": "remove", "path": "/status", "value": "cancelled" }]""", Encoding.UTF8, "application/json-patch+json");
        await OutcomeAsync(await client.PatchAsync($"/fhir/Task/{id}", patch));
        var nested = new StringContent("""[{ "op": "replace", "path": "/status", "value": {"a": 1, "a": 2} }]""", Encoding.UTF8, "application/json-patch+json");
        await OutcomeAsync(await client.PatchAsync($"/fhir/Task/{id}", nested));
        Status(await client.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}")).ShouldBe(Status(created));
    }

    [Fact]
    public async Task TransitionsRow_DatedYear9999_IsRefusedWithLineAndColumn()
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var csv = $"member_id,event,event_date,facility\n{member.PlanMemberId},discharge,9999-12-31,Harbor General\n";
        var problem = await ProblemAsync(await client.PostAsync("/api/ecm/transitions", new StringContent(csv, Encoding.UTF8, "text/csv")));
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString()!;
        message.ShouldContain("Line 2");
        message.ShouldContain("event_date");
        await using var db = App.SystemDb();
        (await db.Set<CareHub.Ecm.TransitionEvent>().CountAsync(t => t.MemberId == member.Id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("text/html\r\nX-Injected: 1", "application/octet-stream")]
    [InlineData("text/html", "application/octet-stream")]
    [InlineData("image/svg+xml", "application/octet-stream")]
    [InlineData("application/pdf; name=\"x\"", "application/pdf")]
    public async Task DocumentContentType_IsStoredSafe_AndTheFileDownloadsAsAnAttachment(string uploaded, string served)
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var body = JsonSerializer.SerializeToElement(MealsReferral(member.Id, null)).Deserialize<Dictionary<string, object?>>()!;
        body["documents"] = new[] { new { title = "Notes", contentType = uploaded, contentBase64 = Convert.ToBase64String("<script>alert(1)</script>"u8.ToArray()) } };
        var created = await PostOkAsync(client, "/api/referrals", body);
        var id = Id(created);
        var documentId = created.GetProperty("documents")[0].GetProperty("id").GetGuid();

        var download = await client.GetAsync($"/api/referrals/{id}/documents/{documentId}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe(served);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        download.Headers.Contains("X-Injected").ShouldBeFalse();
        download.Content.Headers.Contains("X-Injected").ShouldBeFalse();
    }

    [Fact]
    public async Task DocumentLink_IsNotARedirect()
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var created = await PostOkAsync(client, "/api/referrals", MealsReferral(member.Id, null));
        var documentId = created.GetProperty("documents")[0].GetProperty("id").GetGuid();
        var response = await client.GetAsync($"/api/referrals/{Id(created)}/documents/{documentId}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task Documents_OverTheTotalPerRequest_AreRefused()
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var body = JsonSerializer.SerializeToElement(MealsReferral(member.Id, null)).Deserialize<Dictionary<string, object?>>()!;
        var file = Convert.ToBase64String(new byte[3_565_158]); // 3.4 MiB each: under the body limit, over the 10 MiB total
        body["documents"] = Enumerable.Range(1, 3).Select(i => new { title = $"Scan {i}", contentType = "application/pdf", contentBase64 = file }).ToArray();
        var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/referrals", body));
        problem.GetProperty("errors").GetProperty("documents[2].contentBase64")[0].GetString()!.ShouldContain("together");
        (await ReferralsOfAsync(member.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task TooLargeBodies_Are413_OnEveryKindOfRoute()
    {
        var member = await NewMemberAsync(App);
        var client = await App.ApiClientAsync("plancm@example.org");
        var note = new string('x', 2 * 1024 * 1024);
        var response = await client.PostAsJsonAsync("/api/referrals/check", new { memberId = member.Id, reason = note });
        (await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge)).GetProperty("title").GetString().ShouldNotBeNullOrEmpty();

        var csv = "member_id,event,event_date,facility\n" + string.Concat(Enumerable.Repeat($"{member.PlanMemberId},admit,2025-01-01,{new string('H', 150)}\n", 40_000));
        var big = new StringContent(csv, Encoding.UTF8, "text/csv");
        await ProblemAsync(await client.PostAsync("/api/ecm/transitions", big), HttpStatusCode.RequestEntityTooLarge);

        // Without a declared length (chunked), the limit holds while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { memberId = member.Id, reason = note }))));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals/check") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);

        await OutcomeAsync(await client.PostAsync("/fhir/Task", new StringContent("{\"resourceType\":\"Task\",\"note\":[{\"text\":\"" + note + "\"}]}", Encoding.UTF8, "application/fhir+json")), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task FileUploadApis_TakeThePagesFileLimits()
    {
        var client = await App.ApiClientAsync("planadmin@example.org");

        // A 3 MiB 834 is read and judged on its content (not refused for its size, as the 1 MiB default would).
        var x12 = "ISA*00*" + new string(' ', 3 * 1024 * 1024) + "~";
        var judged = await client.PostAsync("/api/enrollment/834", new StringContent(x12, Encoding.UTF8, "text/plain"));
        judged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Above the exchange page's 20 MiB file limit the API refuses the body as the page does.
        var huge = new ByteArrayContent(new byte[(int)CareHub.Web.Security.RequestLimits.ExchangeFileBytes + 128 * 1024]);
        huge.Headers.ContentType = new("text/plain");
        await ProblemAsync(await client.PostAsync("/api/enrollment/834", huge), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task LongFreeText_IsRefusedWithTheFieldNamed()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var client = await App.ApiClientAsync("plancm@example.org");
        var created = await PostOkAsync(client, "/api/referrals", MealsReferral(member.Id, cbo.Id));
        var problem = await ProblemAsync(await client.PostAsJsonAsync($"/api/referrals/{Id(created)}/cancel", new { reason = new string('x', 100_000) }));
        problem.GetProperty("errors").GetProperty("reason")[0].GetString()!.ShouldContain("4,000");
        Status(await client.GetFromJsonAsync<JsonElement>($"/api/referrals/{Id(created)}")).ShouldBe(Status(created));
    }

    [Theory]
    [InlineData("""{"memberId": "not-a-guid"}""", "memberId")]
    [InlineData("""{"memberId": "7b0c4bde-0d52-4c3e-9c43-2b1b1c6fbe5c", "requestedStart": 12}""", "requestedStart")]
    [InlineData("""{"memberId": "7b0c4bde-0d52-4c3e-9c43-2b1b1c6fbe5c", "requestedQuantity": "many"}""", "requestedQuantity")]
    [InlineData("""{"memberId": "7b0c4bde-0d52-4c3e-9c43-2b1b1c6fbe5c", "documents": {"title": "x"}}""", "documents")]
    [InlineData("""{"memberId": "7b0c4bde-0d52-4c3e-9c43-2b1b1c6fbe5c", "reason": "a", "reason": "b"}""", "reason")]
    [InlineData("""{"memberId": """, "memberId")]
    [InlineData("""not json""", "body")]
    [InlineData("""{"memberId": "7b0c4bde-0d52-4c3e-9c43-2b1b1c6fbe5c", "requestedAmount": 1e300}""", "requestedAmount")]
    public async Task WronglyTypedJson_Is400ProblemNamingTheField(string json, string field)
    {
        var client = await App.ApiClientAsync("plancm@example.org");
        var problem = await ProblemAsync(await client.PostAsync("/api/referrals/check", new StringContent(json, Encoding.UTF8, "application/json")));
        problem.GetProperty("errors").TryGetProperty(field, out var messages).ShouldBeTrue(problem.ToString());
        messages[0].GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("/api/catalog/populations?asOf=not-a-date", "asOf")]
    [InlineData("/api/catalog/populations?asOf=0001-01-01", "asOf")]
    [InlineData("/api/catalog/community-supports?asOf=9999-12-31", "asOf")]
    [InlineData("/api/ecm/outreach?from=0001-01-01&to=9999-12-31", "from")]
    [InlineData("/api/audit?member=x", "member")]
    public async Task BadQueryValues_Are400NamingTheParameter(string url, string field)
    {
        var client = await App.ApiClientAsync(url.StartsWith("/api/audit", StringComparison.Ordinal) ? "auditor@example.org" : "planadmin@example.org");
        var problem = await ProblemAsync(await client.GetAsync(url));
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public void ExceptionHandler_AnswersFaultsWithoutDetail()
    {
        var (status, field, message) = CareHub.Web.Security.ApiExceptionHandler.Describe(new InvalidOperationException("secret connection string Host=db;Password=x"));
        status.ShouldBe(500);
        field.ShouldBeNull();
        message.ShouldNotContain("secret");
        message.ShouldNotContain("Password");
    }

    [Fact]
    public async Task InProduction_ApiFaultsAndBindingErrors_AreProblemJson_AndPagePostsReachTheErrorPage()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"carehub-dp-{Guid.NewGuid():N}.pfx");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=CareHub data protection test", rsa,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "test-password"));
        }

        // Without a certificate for the data-protection keys, Production does not start.
        using (var unprotected = App.WithWebHostBuilder(b => b.UseEnvironment("Production")))
        {
            Should.Throw<InvalidOperationException>(() => unprotected.CreateClient()).Message.ShouldContain("CareHub__DataProtection__Certificate");
        }

        using var production = App.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("CareHub:DataProtection:Certificate", pfx);
            b.UseSetting("CareHub:DataProtection:CertificatePassword", "test-password");
        });
        var client = production.CreateClient(new() { HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "plancm@example.org", password = CareHubApp.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var problem = await ProblemAsync(await client.PostAsync("/api/referrals/check", new StringContent("""{"memberId": 5}""", Encoding.UTF8, "application/json")));
        problem.GetProperty("errors").TryGetProperty("memberId", out _).ShouldBeTrue();
        await OutcomeAsync(await client.PostAsync("/fhir/ServiceRequest", new StringContent("[]", Encoding.UTF8, "application/fhir+json")));

        // New data-protection keys are stored encrypted with the certificate.
        var keys = production.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>();
        var key = keys.CreateNewKey(DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow.AddDays(120));
        await using (var db = App.SystemDb())
        {
            var xml = (await db.DataProtectionKeys.Where(k => k.FriendlyName == "key-" + key.KeyId.ToString()).SingleAsync()).Xml!;
            xml.ShouldContain("EncryptedData");
            xml.ShouldNotContain("<masterKey");
        }

        File.Delete(pfx);

        // The error page answers any method without an antiforgery token, so a failed form post shows it.
        var error = await production.CreateClient().PostAsync("/Error", new FormUrlEncodedContent([]));
        error.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await error.Content.ReadAsStringAsync()).ShouldContain("Something went wrong");
    }
}

public sealed class InputHardeningTests_Sqlite(SqliteApp app) : InputHardeningTests(app);

public sealed class InputHardeningTests_Postgres(PostgresApp app) : InputHardeningTests(app);
