using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Network;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Network;

public abstract class NetworkApiTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    /// <summary>A provider's letter to both demo plans, the first plan's invitation and a fresh application to it.</summary>
    private async Task<(Guid Letter, Guid Application, HttpClient Provider, HttpClient Plan1, HttpClient Plan2, Guid Plan1Id, Guid Plan2Id)> InvitedApplicationAsync(string providerEmail)
    {
        var plan1 = await App.OrganizationAsync("planadmin@example.org");
        var plan2 = await App.OrganizationAsync("planadmin2@example.org");
        var provider = await App.ApiClientAsync(providerEmail);
        var admin1 = await App.ApiClientAsync("planadmin@example.org");
        var admin2 = await App.ApiClientAsync("planadmin2@example.org");
        var letter = Id(await OkAsync(await provider.PostAsJsonAsync("/api/network/letters-of-interest",
            new { planIds = new[] { plan1.Id, plan2.Id }, counties = new[] { "Los Angeles" }, message = "We would like to join your ECM network." }), HttpStatusCode.Created));
        (await provider.PostAsJsonAsync("/api/network/applications", new { letterOfInterestId = letter, planId = plan1.Id })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await OkAsync(await admin1.PostAsJsonAsync($"/api/network/letters-of-interest/{letter}/response", new { decision = "invite", note = "Please apply." }));
        var created = await OkAsync(await provider.PostAsJsonAsync("/api/network/applications", new { letterOfInterestId = letter, planId = plan1.Id }), HttpStatusCode.Created);
        created.GetProperty("status").GetString().ShouldBe("draft");
        return (letter, Id(created), provider, admin1, admin2, plan1.Id, plan2.Id);
    }

    private static async Task AnswerAllAsync(HttpClient provider, Guid application)
    {
        var view = await OkAsync(await provider.GetAsync($"/api/network/applications/{application}"));
        foreach (var area in view.GetProperty("areas").EnumerateArray())
        {
            var code = area.GetProperty("code").GetString();
            await OkAsync(await provider.PutAsJsonAsync($"/api/network/applications/{application}/areas/{code}", new
            {
                response = $"How we meet {code}.",
                effort = code == "data-exchange" ? "high-effort-2" : "low-effort",
                notes = "Board-approved policy.",
                evidence = new[] { new { name = "Policy", url = $"https://docs.example.org/{code}.pdf" } },
            }));
        }
    }

    [Fact]
    public async Task Template_InEffect_HasIdVersionAndTheModelOfCareAreas()
    {
        var client = await App.ApiClientAsync("ecm@example.org");
        var t = await OkAsync(await client.GetAsync("/api/network/templates?kind=ecm-certification"));
        t.GetProperty("id").GetString().ShouldBe("ecm-certification");
        t.GetProperty("version").GetInt32().ShouldBe(2);
        var areas = t.GetProperty("areas").EnumerateArray().ToList();
        areas.Select(a => a.GetProperty("code").GetString()).ShouldContain("outreach-engagement");
        areas.Select(a => a.GetProperty("code").GetString()).ShouldContain("policies-procedures");
        areas.ShouldAllBe(a => a.GetProperty("criteria").GetString()!.Length > 0 && a.GetProperty("recommendedEvidence").GetString()!.Length > 0);
        var old = await OkAsync(await client.GetAsync("/api/network/templates?kind=ecm-certification&asOf=2022-01-01"));
        old.GetProperty("version").GetInt32().ShouldBe(1);
        var bad = await client.GetAsync("/api/network/templates?kind=nope");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"kind\"");
    }

    [Fact]
    public async Task Letter_EachPlanAnswersOnItsOwn_AndOnlyAddressedPlansSeeIt()
    {
        var plan1 = await App.OrganizationAsync("planadmin@example.org");
        var provider = await App.ApiClientAsync("ecm2@example.org");
        var letter = Id(await OkAsync(await provider.PostAsJsonAsync("/api/network/letters-of-interest",
            new { planIds = new[] { plan1.Id }, counties = new[] { "Los Angeles" }, message = "Only to the first plan." }), HttpStatusCode.Created));

        var admin2 = await App.ApiClientAsync("planadmin2@example.org");
        var list2 = await OkAsync(await admin2.GetAsync("/api/network/letters-of-interest"));
        list2.GetProperty("items").EnumerateArray().ShouldNotContain(l => Id(l) == letter);
        (await admin2.PostAsJsonAsync($"/api/network/letters-of-interest/{letter}/response", new { decision = "invite" })).StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);

        var admin1 = await App.ApiClientAsync("planadmin@example.org");
        var declineWithoutReason = await admin1.PostAsJsonAsync($"/api/network/letters-of-interest/{letter}/response", new { decision = "decline" });
        declineWithoutReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await declineWithoutReason.Content.ReadAsStringAsync()).ShouldContain("\"note\"");
        await OkAsync(await admin1.PostAsJsonAsync($"/api/network/letters-of-interest/{letter}/response", new { decision = "decline", note = "Network adequate." }));
        var list1 = await OkAsync(await admin1.GetAsync("/api/network/letters-of-interest"));
        var mine = list1.GetProperty("items").EnumerateArray().Single(l => Id(l) == letter);
        mine.GetProperty("providerId").GetGuid().ShouldBe((await App.OrganizationAsync("ecm2@example.org")).Id);
        mine.GetProperty("planResponses").EnumerateArray().Single().GetProperty("decision").GetString().ShouldBe("decline");

        // Another provider never reads it.
        var other = await App.ApiClientAsync("ecm@example.org");
        (await OkAsync(await other.GetAsync("/api/network/letters-of-interest"))).GetProperty("items").EnumerateArray().ShouldNotContain(l => Id(l) == letter);
        (await provider.PostAsJsonAsync("/api/network/applications", new { letterOfInterestId = letter, planId = plan1.Id })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Application_StateMachine_NoNeedsMissingInformation_OpenGapBlocksCertification_ClosingItCertifies()
    {
        var (_, id, provider, admin1, _, plan1, _) = await InvitedApplicationAsync("ecm2@example.org");
        var early = await admin1.PostAsJsonAsync($"/api/network/applications/{id}/areas/training/review", new { compliant = true });
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var incomplete = await provider.PostAsync($"/api/network/applications/{id}/submit", null);
        incomplete.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await incomplete.Content.ReadAsStringAsync()).ShouldContain("has no response");
        var badEffort = await provider.PutAsJsonAsync($"/api/network/applications/{id}/areas/training", new { response = "x", effort = "huge" });
        badEffort.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badEffort.Content.ReadAsStringAsync()).ShouldContain("\"effort\"");

        await AnswerAllAsync(provider, id);
        (await OkAsync(await provider.PostAsync($"/api/network/applications/{id}/submit", null))).GetProperty("status").GetString().ShouldBe("submitted");
        (await provider.PutAsJsonAsync($"/api/network/applications/{id}/areas/training", new { response = "late change", effort = "low-effort" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // A No without the missing information is refused, naming the field; nothing is recorded.
        var bare = await admin1.PostAsJsonAsync($"/api/network/applications/{id}/areas/staffing-caseloads/review", new { compliant = false, comment = "Not enough" });
        bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var bareBody = await bare.Content.ReadAsStringAsync();
        bareBody.ShouldContain("\"missingInformation\"");
        bareBody.ShouldContain("\"expectedDocumentation\"");
        (await OkAsync(await admin1.GetAsync($"/api/network/applications/{id}/gaps"))).GetProperty("items").GetArrayLength().ShouldBe(0);

        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21).ToString("yyyy-MM-dd");
        var no = await OkAsync(await admin1.PostAsJsonAsync($"/api/network/applications/{id}/areas/staffing-caseloads/review",
            new { compliant = false, comment = "Caseloads unclear", missingInformation = "Caseload ratio per care manager", expectedDocumentation = "Staffing plan with ratios", dueDate = due }));
        no.GetProperty("status").GetString().ShouldBe("gap-closure");

        var view = await OkAsync(await admin1.GetAsync($"/api/network/applications/{id}"));
        foreach (var area in view.GetProperty("areas").EnumerateArray().Where(a => a.GetProperty("code").GetString() != "staffing-caseloads"))
        {
            var r = await OkAsync(await admin1.PostAsJsonAsync($"/api/network/applications/{id}/areas/{area.GetProperty("code").GetString()}/review", new { compliant = true, comment = "Meets" }));
            r.GetProperty("status").GetString().ShouldBe("gap-closure"); // every other area Yes, but the gap stays open
        }

        var gaps = await OkAsync(await provider.GetAsync($"/api/network/applications/{id}/gaps"));
        var gap = gaps.GetProperty("items").EnumerateArray().Single();
        gap.GetProperty("areaCode").GetString().ShouldBe("staffing-caseloads");
        gap.GetProperty("missingInformation").GetString().ShouldBe("Caseload ratio per care manager");
        gap.GetProperty("expectedDocumentation").GetString().ShouldBe("Staffing plan with ratios");
        gap.GetProperty("dueDate").GetString().ShouldBe(due);
        gap.GetProperty("status").GetString().ShouldBe("open");

        // The gap closure report downloads as a PDF (and the format is checked).
        var pdf = await provider.GetAsync($"/api/network/applications/{id}/gaps?format=pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdfBytes = await pdf.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(pdfBytes, 0, 5).ShouldBe("%PDF-");
        using (var pdfDoc = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdfBytes), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
        {
            pdfDoc.PageCount.ShouldBeGreaterThanOrEqualTo(1);
            pdfDoc.Info.Title.ShouldStartWith("Gap closure report: ");
        }

        (await provider.GetAsync($"/api/network/applications/{id}/gaps?format=doc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // The provider may change only the area with the gap, then resubmits.
        (await provider.PutAsJsonAsync($"/api/network/applications/{id}/areas/training", new { response = "x", effort = "low-effort" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await OkAsync(await provider.PutAsJsonAsync($"/api/network/applications/{id}/areas/staffing-caseloads",
            new { response = "One care manager per 40 members.", effort = "medium-effort", notes = "Staffing plan attached", evidence = new[] { new { name = "Staffing plan", url = "https://docs.example.org/staffing.pdf" } } }));
        (await OkAsync(await provider.PostAsync($"/api/network/applications/{id}/submit", null))).GetProperty("status").GetString().ShouldBe("submitted");
        var yes = await OkAsync(await admin1.PostAsJsonAsync($"/api/network/applications/{id}/areas/staffing-caseloads/review", new { compliant = true, comment = "Ratio documented" }));
        yes.GetProperty("status").GetString().ShouldBe("certified");

        var closed = await OkAsync(await provider.GetAsync($"/api/network/applications/{id}/gaps"));
        closed.GetProperty("items").EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("closed");
        var final = await OkAsync(await provider.GetAsync($"/api/network/applications/{id}"));
        final.GetProperty("status").GetString().ShouldBe("certified");
        final.GetProperty("providerId").GetGuid().ShouldBe((await App.OrganizationAsync("ecm2@example.org")).Id);
        final.GetProperty("planId").GetGuid().ShouldBe(plan1);
        var staffing = final.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "staffing-caseloads");
        staffing.GetProperty("compliant").GetBoolean().ShouldBeTrue();
        staffing.GetProperty("effort").GetString().ShouldBe("medium-effort");
        staffing.GetProperty("evidence")[0].GetProperty("url").GetString().ShouldBe("https://docs.example.org/staffing.pdf");

        await using var db = App.SystemDb();
        (await db.Set<ProviderCertification>().CountAsync(c => c.ApplicationId == id && c.PlanId == plan1)).ShouldBe(1);
        (await db.Set<ApplicationEvent>().CountAsync(e => e.ApplicationId == id && e.Action == "certify")).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.Target == $"/api/network/applications/{id}" && a.Action == "network-application.review")).ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Sharing_OnlyWithTheProvidersConsent_ThenTheSecondPlanReadsAndMayAccept()
    {
        var (_, id, provider, admin1, admin2, _, plan2) = await InvitedApplicationAsync("cbo@example.org");
        (await admin2.GetAsync($"/api/network/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin2.GetAsync($"/api/network/applications/{id}/gaps")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await OkAsync(await admin2.GetAsync("/api/network/applications"))).GetProperty("items").EnumerateArray().ShouldNotContain(a => Id(a) == id);

        // A plan cannot share on the provider's behalf, not even the addressed plan.
        (await admin1.PostAsJsonAsync($"/api/network/applications/{id}/shares", new { planId = plan2 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin2.GetAsync($"/api/network/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await OkAsync(await provider.PostAsJsonAsync($"/api/network/applications/{id}/shares", new { planId = plan2 }));
        var read = await OkAsync(await admin2.GetAsync($"/api/network/applications/{id}"));
        read.GetProperty("areas").GetArrayLength().ShouldBeGreaterThan(0);
        (await admin2.PostAsync($"/api/network/applications/{id}/acceptance", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict); // not certified yet
        (await OkAsync(await admin2.GetAsync("/api/network/applications"))).GetProperty("items").EnumerateArray().ShouldContain(a => Id(a) == id);

        // The second plan records its own review without the provider re-entering anything.
        await AnswerAllAsync(provider, id);
        await OkAsync(await provider.PostAsync($"/api/network/applications/{id}/submit", null));
        await OkAsync(await admin2.PostAsJsonAsync($"/api/network/applications/{id}/areas/services-offered/review", new { compliant = true, comment = "Fine for us" }));
        var asPlan2 = await OkAsync(await admin2.GetAsync($"/api/network/applications/{id}"));
        asPlan2.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "services-offered").GetProperty("compliant").GetBoolean().ShouldBeTrue();
        var asPlan1 = await OkAsync(await admin1.GetAsync($"/api/network/applications/{id}"));
        asPlan1.GetProperty("areas").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "services-offered").GetProperty("compliant").ValueKind.ShouldBe(JsonValueKind.Null);
        asPlan1.GetProperty("status").GetString().ShouldBe("submitted");
    }

    [Fact]
    public async Task Access_AProviderNeverSeesAnotherProvidersApplicationsOrFiles_APlanOnlyAddressedOrShared()
    {
        var (letter, id, provider, _, admin2, _, _) = await InvitedApplicationAsync("ecm2@example.org");
        using var content = new MultipartFormDataContent();
        var pdf = new ByteArrayContent("%PDF-1.4\n% staffing plan\n"u8.ToArray());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(pdf, "file", "staffing-plan.pdf");
        var file = await OkAsync(await provider.PostAsync($"/api/network/applications/{id}/areas/staffing-caseloads/files", content), HttpStatusCode.Created);
        var url = file.GetProperty("url").GetString()!;
        var download = await provider.GetAsync(url);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).ShouldStartWith("%PDF");

        using var exe = new MultipartFormDataContent { { new ByteArrayContent([0x4D, 0x5A, 0, 0]), "file", "tool.exe" } };
        var refused = await provider.PostAsync($"/api/network/applications/{id}/areas/staffing-caseloads/files", exe);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("\"file\"");
        using var fake = new MultipartFormDataContent { { new ByteArrayContent("not a pdf"u8.ToArray()), "file", "fake.pdf" } };
        (await provider.PostAsync($"/api/network/applications/{id}/areas/staffing-caseloads/files", fake)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var other = await App.ApiClientAsync("ecm@example.org");
        (await other.GetAsync($"/api/network/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/network/applications/{id}/gaps")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PutAsJsonAsync($"/api/network/applications/{id}/areas/training", new { response = "hijack", effort = "low-effort" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/network/applications", new { letterOfInterestId = letter, planId = (await App.OrganizationAsync("planadmin@example.org")).Id })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await OkAsync(await other.GetAsync("/api/network/applications"))).GetProperty("items").EnumerateArray().ShouldNotContain(a => Id(a) == id);
        var cbo = await App.ApiClientAsync("cbo@example.org");
        (await cbo.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The second plan, also addressed by the letter but not by this application, sees neither application nor file.
        (await admin2.GetAsync($"/api/network/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin2.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await OkAsync(await provider.PostAsJsonAsync($"/api/network/applications/{id}/shares", new { planId = (await App.OrganizationAsync("planadmin2@example.org")).Id }));
        (await admin2.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Every download is audited.
        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Target == url && a.Action == "network-evidence.download")).ShouldBe(2);
    }

    [Fact]
    public async Task Contract_CannotStartBeforeCertificationAndRequiredTraining_409NamesWhatIsMissing()
    {
        var admin2 = await App.ApiClientAsync("planadmin2@example.org");
        var eastside = await App.OrganizationAsync("ecm2@example.org");
        var start = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        var ecm = await admin2.PostAsJsonAsync("/api/network/contracts",
            new { providerId = eastside.Id, county = "Los Angeles", start, populations = new[] { "homelessness" }, communitySupports = Array.Empty<string>(), capacity = 40 });
        ecm.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var ecmBody = await ecm.Content.ReadAsStringAsync();
        ecmBody.ShouldContain("ECM certification");
        ecmBody.ShouldContain("required training");

        // A Community Supports contract needs no ECM certification, only the plan's training.
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var body = new { providerId = cbo.Id, county = "Los Angeles", start, populations = Array.Empty<string>(), communitySupports = new[] { "housing-deposits" }, capacity = 25 };
        var cs = await admin2.PostAsJsonAsync("/api/network/contracts", body);
        cs.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var csBody = await cs.Content.ReadAsStringAsync();
        csBody.ShouldNotContain("ECM certification");
        csBody.ShouldContain("trauma-informed-care");

        var topics = (await OkAsync(await admin2.GetAsync("/api/network/training/requirements"))).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("topic").GetString()!).ToList();
        topics.ShouldContain("trauma-informed-care");
        var invalid = await admin2.PostAsJsonAsync("/api/network/training", new { providerId = cbo.Id, topic = "juggling", staffName = "", completedOn = start });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var invalidBody = await invalid.Content.ReadAsStringAsync();
        invalidBody.ShouldContain("\"topic\"");
        invalidBody.ShouldContain("\"staffName\"");
        foreach (var topic in topics.Skip(1))
        {
            await OkAsync(await admin2.PostAsJsonAsync("/api/network/training", new { providerId = cbo.Id, topic, staffName = "Ana Ruiz", completedOn = start }), HttpStatusCode.Created);
        }

        var oneLeft = await admin2.PostAsJsonAsync("/api/network/contracts", body);
        oneLeft.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await oneLeft.Content.ReadAsStringAsync()).ShouldContain(topics[0]);

        // The provider records its own staff member's training for the last topic.
        var cboClient = await App.ApiClientAsync("cbo@example.org");
        await OkAsync(await cboClient.PostAsJsonAsync("/api/network/training", new { providerId = cbo.Id, topic = topics[0], staffName = "Jo Park", completedOn = start }), HttpStatusCode.Created);
        (await cboClient.PostAsJsonAsync("/api/network/training", new { providerId = eastside.Id, topic = topics[0], staffName = "Jo Park", completedOn = start })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var contract = await OkAsync(await admin2.PostAsJsonAsync("/api/network/contracts", body), HttpStatusCode.Created);
        (await OkAsync(await cboClient.GetAsync("/api/network/contracts"))).GetProperty("items").EnumerateArray().ShouldContain(c => Id(c) == Id(contract));
    }

    [Fact]
    public async Task Roster_CsvHasTheStateHeader_XlsxDownloads_AndEachIsRecorded()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var csv = await admin.GetAsync("/api/network/rosters?kind=ecm&county=Los%20Angeles&format=csv");
        var text = await csv.Content.ReadAsStringAsync();
        csv.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("provider_name,npi,tin,county,provider_type,populations,community_supports,capacity,contract_start,contract_end");
        lines.Skip(1).ShouldContain(l => l.StartsWith("Harbor Community Clinics,", StringComparison.Ordinal) && l.Contains(",Los Angeles,fqhc,", StringComparison.Ordinal));
        lines.Skip(1).ShouldAllBe(l => l.Contains(",Los Angeles,"));

        var xlsx = await admin.GetAsync("/api/network/rosters?kind=cs&format=xlsx");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync()).Take(2).ShouldBe("PK"u8.ToArray());

        var bad = await admin.GetAsync("/api/network/rosters?kind=dental&format=pdf");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badBody = await bad.Content.ReadAsStringAsync();
        badBody.ShouldContain("\"kind\"");
        badBody.ShouldContain("\"format\"");

        var history = await OkAsync(await admin.GetAsync("/api/network/rosters/submissions"));
        history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("format").GetString()).ShouldContain("xlsx");
        history.GetProperty("deadlines").GetArrayLength().ShouldBeGreaterThan(0);
        (await (await App.ApiClientAsync("ecm@example.org")).GetAsync("/api/network/rosters?kind=ecm")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Adequacy_RowsPerCountyAndService_WithShortfall()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var body = await OkAsync(await admin.GetAsync("/api/network/adequacy?county=Los%20Angeles"));
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.GetProperty("county").GetString() == "Los Angeles");
        var homeless = rows.Single(r => r.GetProperty("kind").GetString() == "ecm" && r.GetProperty("code").GetString() == "homelessness");
        homeless.GetProperty("providers").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        homeless.GetProperty("capacity").GetInt32().ShouldBeGreaterThanOrEqualTo(250);
        foreach (var r in rows)
        {
            r.GetProperty("shortfall").GetInt32().ShouldBe(Math.Max(0, r.GetProperty("eligible").GetInt32() - r.GetProperty("capacity").GetInt32()));
        }

        // The second plan sees only its own contracts.
        var admin2 = await App.ApiClientAsync("planadmin2@example.org");
        var rows2 = (await OkAsync(await admin2.GetAsync("/api/network/adequacy?county=Los%20Angeles"))).GetProperty("rows").EnumerateArray().ToList();
        rows2.Single(r => r.GetProperty("kind").GetString() == "ecm" && r.GetProperty("code").GetString() == "homelessness").GetProperty("capacity").GetInt32().ShouldBe(120);
    }

    [Fact]
    public async Task TrainingRequirements_ArePerPlan_AndGateThatPlansContractsOnly()
    {
        var plan2 = await App.OrganizationAsync("planadmin2@example.org");
        var admin1 = await App.ApiClientAsync("planadmin@example.org");
        var admin2 = await App.ApiClientAsync("planadmin2@example.org");
        var usual = TrainingRules.DefaultRequired.Select(t => new { topic = t.Topic, title = (string?)null }).ToArray();
        try
        {
            var bad = await admin2.PutAsJsonAsync("/api/network/training/requirements", new { items = new[] { new { topic = "program-overview", title = (string?)null }, new { topic = "Bad Code", title = (string?)"x" } } });
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bad.Content.ReadAsStringAsync()).ShouldContain("items[1].topic");

            var saved = await OkAsync(await admin2.PutAsJsonAsync("/api/network/training/requirements",
                new { items = new[] { new { topic = "program-overview", title = (string?)null }, new { topic = "pcch-billing-portal", title = (string?)"Pacific Coast billing portal" } } }));
            saved.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ShouldBe(["ECM and Community Supports 101", "Pacific Coast billing portal"]);
            (await OkAsync(await admin2.GetAsync("/api/network/training/requirements"))).GetProperty("items").GetArrayLength().ShouldBe(2);
            (await OkAsync(await admin1.GetAsync("/api/network/training/requirements"))).GetProperty("items").GetArrayLength().ShouldBe(TrainingRules.DefaultRequired.Count);
            var provider = await App.ApiClientAsync("ecm2@example.org");
            (await OkAsync(await provider.GetAsync($"/api/network/training/requirements?planId={plan2.Id}"))).GetProperty("items")[1].GetProperty("topic").GetString().ShouldBe("pcch-billing-portal");
            (await admin1.PostAsJsonAsync("/api/network/training", new { providerId = (await App.OrganizationAsync("ecm2@example.org")).Id, topic = "pcch-billing-portal", staffName = "A", completedOn = "2025-01-02" }))
                .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await provider.PutAsJsonAsync("/api/network/training/requirements", new { items = usual })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

            // A CBO without the plan's own topic cannot start a Community Supports contract with that plan.
            var cbo = await App.OrganizationAsync("cbo@example.org");
            var contract = await admin2.PostAsJsonAsync("/api/network/contracts", new
            {
                providerId = cbo.Id,
                county = "Los Angeles",
                start = "2031-01-01",
                end = "2031-12-31",
                populations = Array.Empty<string>(),
                communitySupports = new[] { "medically-tailored-meals" },
                capacity = 10
            });
            contract.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await contract.Content.ReadAsStringAsync()).ShouldContain("pcch-billing-portal");
        }
        finally
        {
            (await admin2.PutAsJsonAsync("/api/network/training/requirements", new { items = usual })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Adequacy_CommunitySupportDemand_CountsMembersThePlansReferralsAskedFor()
    {
        // Referrals in 2032 (no other test's data is there): two members of the first plan, one asked for twice, and
        // one member of the second plan, who does not count for the first.
        var first = await Billing.BillingTestData.AuthorizedReferralAsync(App, service: "asthma-remediation", start: "2032-03-01", end: "2032-03-30");
        await Billing.BillingTestData.AuthorizedReferralAsync(App, service: "asthma-remediation", start: "2032-04-01", end: "2032-04-30");
        await Billing.BillingTestData.AuthorizedReferralAsync(App, planEmail: "planadmin2@example.org", service: "asthma-remediation", start: "2032-03-01", end: "2032-03-30");
        await using (var db = App.SystemDb())
        {
            db.Referrals.Add(new CareHub.Referrals.Referral
            {
                MemberId = first.Member.Id,
                PlanId = first.Referral.PlanId,
                County = "Los Angeles",
                CommunitySupportCode = "asthma-remediation",
                ReferringOrganizationId = first.Referral.PlanId,
                ReferrerKind = "plan-care-manager",
                Reason = "Again.",
                RequestedStart = new DateOnly(2032, 5, 1),
                RequestedEnd = new DateOnly(2032, 5, 30),
                Status = CareHub.Referrals.ReferralStatus.Submitted,
                StatusChangedAt = DateTimeOffset.UtcNow,
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
                DecisionDueAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var admin = await App.ApiClientAsync("planadmin@example.org");
        var rows = (await OkAsync(await admin.GetAsync("/api/network/adequacy?county=Los%20Angeles&asOf=2032-06-30"))).GetProperty("rows").EnumerateArray().ToList();
        var asthma = rows.Single(r => r.GetProperty("kind").GetString() == "cs" && r.GetProperty("code").GetString() == "asthma-remediation");
        asthma.GetProperty("eligible").GetInt32().ShouldBe(2);
        asthma.GetProperty("shortfall").GetInt32().ShouldBe(Math.Max(0, 2 - asthma.GetProperty("capacity").GetInt32()));
        var outside = (await OkAsync(await admin.GetAsync("/api/network/adequacy?county=Los%20Angeles&asOf=2033-06-30"))).GetProperty("rows").EnumerateArray()
            .SingleOrDefault(r => r.GetProperty("kind").GetString() == "cs" && r.GetProperty("code").GetString() == "asthma-remediation");
        (outside.ValueKind == JsonValueKind.Undefined ? 0 : outside.GetProperty("eligible").GetInt32()).ShouldBe(0);
    }

    [Fact]
    public async Task Workspace_ProvidersSeeBothPlansWork_EachPlanOnlyItsOwn()
    {
        var plan1 = await App.OrganizationAsync("planadmin@example.org");
        var plan2 = await App.OrganizationAsync("planadmin2@example.org");
        foreach (var email in new[] { "ecm@example.org", "cbo@example.org" })
        {
            var client = await App.ApiClientAsync(email);
            var all = await OkAsync(await client.GetAsync("/api/network/workspace"));
            all.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe([plan1.Id, plan2.Id], ignoreOrder: true);
            var work = email.StartsWith("ecm", StringComparison.Ordinal) ? "ecmCases" : "referrals";
            var planIds = all.GetProperty(work).EnumerateArray().Select(c => c.GetProperty("planId").GetGuid()).Distinct().ToList();
            planIds.ShouldBe([plan1.Id, plan2.Id], ignoreOrder: true);
            var filtered = await OkAsync(await client.GetAsync($"/api/network/workspace?planId={plan2.Id}"));
            filtered.GetProperty(work).EnumerateArray().ShouldAllBe(c => c.GetProperty("planId").GetGuid() == plan2.Id);
            filtered.GetProperty(work).GetArrayLength().ShouldBeGreaterThan(0);
            filtered.GetProperty("contracts").EnumerateArray().ShouldAllBe(c => c.GetProperty("planId").GetGuid() == plan2.Id);
        }

        // The CBO's referrals of the second plan cover every status.
        var cboWork = await OkAsync(await (await App.ApiClientAsync("cbo@example.org")).GetAsync($"/api/network/workspace?planId={plan2.Id}"));
        cboWork.GetProperty("referrals").EnumerateArray().Select(r => r.GetProperty("status").GetString()).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8);

        // Each plan still sees only its own cases and referrals.
        var admin2 = await App.ApiClientAsync("planadmin2@example.org");
        var cases = await OkAsync(await admin2.GetAsync("/api/ecm/cases?pageSize=200"));
        var caseItems = cases.ValueKind == JsonValueKind.Array ? cases : cases.GetProperty("items");
        caseItems.GetArrayLength().ShouldBeGreaterThan(0);
        await using var db = App.SystemDb();
        var plan2CaseIds = await db.Set<CareHub.Ecm.EcmCase>().Where(c => c.PlanId == plan2.Id).Select(c => c.Id).ToListAsync();
        caseItems.EnumerateArray().ShouldAllBe(c => plan2CaseIds.Contains(c.GetProperty("id").GetGuid()));
        var referrals = await OkAsync(await admin2.GetAsync("/api/referrals?role=plan"));
        var referralItems = referrals.ValueKind == JsonValueKind.Array ? referrals : referrals.GetProperty("items");
        referralItems.EnumerateArray().ShouldAllBe(r => r.GetProperty("planId").GetGuid() == plan2.Id);
        (await admin2.GetAsync("/api/network/workspace")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class NetworkApiTests_Sqlite(SqliteApp app) : NetworkApiTests(app);

public sealed class NetworkApiTests_Postgres(PostgresApp app) : NetworkApiTests(app);
