using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CareHub.Billing;
using CareHub.Exchange;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Billing.BillingTestData;

namespace CareHub.Web.Tests.Billing;

public abstract class BillingApiTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static object InvoiceBody(string number, params object[] lines) => new { invoiceNumber = number, lines };

    private static object Line(Guid referral, string from, string to, decimal units, decimal amount) =>
        new { referralId = referral.ToString(), from, to, units, amount };

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement[] Lines(JsonElement invoice) => [.. invoice.GetProperty("lines").EnumerateArray()];

    [Fact]
    public async Task Invoice_EachRejectionHasItsOwnReason_AcceptedLinesAreCoded_AndResubmittingChangesNothing()
    {
        var mine = await AuthorizedReferralAsync(App);
        var billedBefore = await AuthorizedReferralAsync(App);
        var others = await AuthorizedReferralAsync(App, cboEmail: "ecm@example.org"); // a referral whose CBO is another organization
        var cbo = await App.ApiClientAsync("cbo@example.org");
        await Json(await cbo.PostAsJsonAsync("/api/billing/invoices", InvoiceBody(NewInvoiceNumber(), Line(billedBefore.Referral.Id, "2025-03-03", "2025-03-09", 14, 210))), HttpStatusCode.Created);

        var number = NewInvoiceNumber();
        var body = InvoiceBody(number,
            Line(mine.Referral.Id, "2025-03-03", "2025-03-09", 14, 210),            // 1 accepted
            Line(Guid.NewGuid(), "2025-03-03", "2025-03-09", 14, 210),              // 2 unknown referral
            Line(others.Referral.Id, "2025-03-03", "2025-03-09", 14, 210),          // 3 another organization's
            Line(mine.Referral.Id, "2025-03-25", "2025-04-02", 4, 60),              // 4 outside the authorization
            Line(mine.Referral.Id, "2025-03-10", "2025-03-30", 43, 600),            // 5 more meals than are left (42)
            Line(billedBefore.Referral.Id, "2025-03-08", "2025-03-12", 6, 90));     // 6 already billed
        var invoice = await Json(await cbo.PostAsJsonAsync("/api/billing/invoices", body), HttpStatusCode.Created);
        var lines = Lines(invoice);
        lines.Select(l => l.GetProperty("status").GetString()).ShouldBe(["accepted", "rejected", "rejected", "rejected", "rejected", "rejected"]);
        lines.Select(l => l.GetProperty("reasonCode").GetString()).ShouldBe([null, RejectionReasons.UnknownReferral, RejectionReasons.OtherOrganization,
            RejectionReasons.OutsideAuthorization, RejectionReasons.UnitsExceeded, RejectionReasons.AlreadyBilled]);
        lines[0].GetProperty("hcpcs").GetString().ShouldBe("S5170");
        lines[0].GetProperty("modifiers").EnumerateArray().Select(m => m.GetString()).ShouldBe(["U6"]);
        lines[4].GetProperty("reason").GetString()!.ShouldContain("only 42 of the 56 meals");
        lines[5].GetProperty("reason").GetString()!.ShouldContain("already billed");

        // The same invoice number again: the stored invoice, nothing added.
        var again = await Json(await cbo.PostAsJsonAsync("/api/billing/invoices", body), HttpStatusCode.OK);
        again.GetProperty("id").GetGuid().ShouldBe(invoice.GetProperty("id").GetGuid());
        await using var db = App.SystemDb();
        (await db.InvoiceLines.CountAsync(l => l.ReferralId == mine.Referral.Id && l.Status == "accepted")).ShouldBe(1);
        (await db.Invoices.CountAsync(i => i.InvoiceNumber == number)).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.MemberId == mine.Member.Id && a.Action == "billing.invoice")).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.MemberId == others.Member.Id && a.Action == "billing.invoice")).ShouldBe(0);
    }

    [Fact]
    public async Task Invoice_DollarsOverWhatIsLeft_AreRejected()
    {
        var home = await AuthorizedReferralAsync(App, service: "environmental-accessibility-adaptations", start: "2025-05-01", end: "2025-06-30", quantity: null, unit: null, amount: 3000m);
        var cbo = await App.ApiClientAsync("cbo@example.org");
        var invoice = await Json(await cbo.PostAsJsonAsync("/api/billing/invoices", InvoiceBody(NewInvoiceNumber(),
            Line(home.Referral.Id, "2025-05-02", "2025-05-02", 1, 2500), Line(home.Referral.Id, "2025-05-20", "2025-05-20", 1, 600))), HttpStatusCode.Created);
        Lines(invoice).Select(l => l.GetProperty("reasonCode").GetString()).ShouldBe([null, RejectionReasons.DollarsExceeded]);
        Lines(invoice)[1].GetProperty("reason").GetString()!.ShouldContain("only $500 of the $3,000");
        Lines(invoice)[0].GetProperty("hcpcs").GetString().ShouldBe("S5165");
    }

    [Fact]
    public async Task Invoice_Csv_TakesTheTemplateLayout_AndAProblemNamesLineAndColumn()
    {
        var mine = await AuthorizedReferralAsync(App);
        var cbo = await App.ApiClientAsync("cbo@example.org");
        var template = await cbo.GetStringAsync("/api/billing/invoices/template.csv");
        template.ShouldStartWith("invoiceNumber,referralId,memberCin,from,to,units,amount");
        var number = NewInvoiceNumber();
        var csv = $"invoiceNumber,referralId,memberCin,from,to,units,amount\n{number},{mine.Referral.Id},{mine.Member.Cin},2025-03-03,2025-03-09,14,210.00\n{number},{mine.Referral.Id},NOT-THEM,2025-03-10,2025-03-16,14,210.00\n";
        var invoice = await Json(await cbo.PostAsync("/api/billing/invoices", new StringContent(csv, Encoding.UTF8, "text/csv")), HttpStatusCode.Created);
        Lines(invoice).Select(l => l.GetProperty("reasonCode").GetString()).ShouldBe([null, RejectionReasons.MemberMismatch]);

        var bad = await cbo.PostAsync("/api/billing/invoices", new StringContent($"invoiceNumber,referralId,from,to,units,amount\nX,{mine.Referral.Id},03/10/2025,2025-03-16,1,5\n", Encoding.UTF8, "text/csv"));
        var problem = await Json(bad, HttpStatusCode.BadRequest);
        problem.GetProperty("line").GetInt32().ShouldBe(2);
        problem.GetProperty("column").GetString().ShouldBe("from");
    }

    [Fact]
    public async Task Claims837p_CboGetsItsLines_PlanGetsWhatIsBilledToIt_AndTheFileReadsBack()
    {
        var mine = await AuthorizedReferralAsync(App, start: "2024-02-01", end: "2024-02-29");
        var cbo = await App.ApiClientAsync("cbo@example.org");
        await Json(await cbo.PostAsJsonAsync("/api/billing/invoices", InvoiceBody(NewInvoiceNumber(),
            Line(mine.Referral.Id, "2024-02-01", "2024-02-07", 14, 210), Line(mine.Referral.Id, "2024-02-08", "2024-02-14", 14, 199.5m))), HttpStatusCode.Created);

        var response = await cbo.GetAsync("/api/billing/claims/837p?from=2024-02-01&to=2024-02-29");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/edi-x12");
        var (transactions, error) = Claim837.Read(await response.Content.ReadAsStringAsync());
        error.ShouldBeNull();
        var claim = transactions.SelectMany(t => t.Providers).SelectMany(p => p.Claims).Single(c => c.Subscriber.MemberId == mine.Member.Cin);
        claim.Total.ShouldBe(409.5m);
        claim.ClaimNumber.ShouldBe(ClaimCoding.ClaimNumber(mine.Authorization.Id));
        claim.Lines.Select(l => (l.Hcpcs, string.Join(' ', l.Modifiers), l.Units)).ShouldBe([("S5170", "U6", 14m), ("S5170", "U6", 14m)]);

        var plan = await App.ApiClientAsync("planadmin@example.org");
        var planFile = await plan.GetStringAsync("/api/billing/claims/837p?from=2024-02-01&to=2024-02-29");
        planFile.ShouldContain(claim.ClaimNumber);
        var otherPlan = await App.ApiClientAsync("planadmin2@example.org");
        (await otherPlan.GetStringAsync("/api/billing/claims/837p?from=2024-02-01&to=2024-02-29")).ShouldNotContain(claim.ClaimNumber);
        var otherCbo = await App.ApiClientAsync("ecm@example.org");
        (await otherCbo.GetAsync("/api/billing/claims/837p?from=2024-02-01&to=2024-02-29")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cbo.GetAsync("/api/billing/claims/837p?from=2024-02-30&to=2024-03-01")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.MemberId == mine.Member.Id && a.Action == "billing.claims-837p")).ShouldBe(2);
    }

    [Fact]
    public async Task Invoice_AnotherOrganizationsInvoice_IsNotFound()
    {
        var mine = await AuthorizedReferralAsync(App);
        var cbo = await App.ApiClientAsync("cbo@example.org");
        var invoice = await Json(await cbo.PostAsJsonAsync("/api/billing/invoices", InvoiceBody(NewInvoiceNumber(), Line(mine.Referral.Id, "2025-03-03", "2025-03-09", 14, 210))), HttpStatusCode.Created);
        var id = invoice.GetProperty("id").GetGuid();
        (await cbo.GetAsync($"/api/billing/invoices/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await App.ApiClientAsync("planadmin2@example.org")).GetAsync($"/api/billing/invoices/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await App.ApiClientAsync("planadmin@example.org")).GetAsync($"/api/billing/invoices/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await App.ApiClientAsync("ecm@example.org")).PostAsJsonAsync("/api/billing/invoices", InvoiceBody("X", Line(mine.Referral.Id, "2025-03-03", "2025-03-09", 1, 1))))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Remittance_MarksLinesPaidDeniedAdjusted_AndTheSameFileAgainChangesNothing()
    {
        var paid = await AuthorizedReferralAsync(App, start: "2024-05-01", end: "2024-05-31");
        var denied = await AuthorizedReferralAsync(App, start: "2024-05-01", end: "2024-05-31");
        var partial = await AuthorizedReferralAsync(App, start: "2024-05-01", end: "2024-05-31");
        var cbo = await App.ApiClientAsync("cbo@example.org");
        var number = NewInvoiceNumber();
        await Json(await cbo.PostAsJsonAsync("/api/billing/invoices", InvoiceBody(number,
            Line(paid.Referral.Id, "2024-05-01", "2024-05-07", 14, 210), Line(denied.Referral.Id, "2024-05-01", "2024-05-07", 14, 210),
            Line(partial.Referral.Id, "2024-05-01", "2024-05-07", 14, 210))), HttpStatusCode.Created);
        await using var db = App.SystemDb();
        var lines = await db.InvoiceLines.Where(l => l.ReferralId == paid.Referral.Id || l.ReferralId == denied.Referral.Id || l.ReferralId == partial.Referral.Id).ToListAsync();
        string Control(Guid referral) => lines.Single(l => l.ReferralId == referral).ControlNumber!;
        string Claim(Guid referral) => lines.Single(l => l.ReferralId == referral).ClaimNumber!;

        var isa = "ISA*00*          *00*          *ZZ*PLAN01         *ZZ*CAREHUB        *240615*0930*^*00501*000000011*0*T*:~";
        var body = new[]
        {
            "BPR*I*360*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240615", "TRN*1*EFT77*1512345678", "N1*PR*GOLDEN POPPY",
            $"CLP*{Claim(paid.Referral.Id)}*1*210*210**MC", $"SVC*HC:S5170:U6*210*210**14", $"REF*6R*{Control(paid.Referral.Id)}",
            $"CLP*{Claim(denied.Referral.Id)}*4*210*0**MC", "CAS*CO*197*210",
            $"CLP*{Claim(partial.Referral.Id)}*1*210*150**MC", "SVC*HC:S5170:U6*210*150**14", "CAS*CO*45*60", $"REF*6R*{Control(partial.Referral.Id)}",
        };
        var text = string.Join("\n", [isa, "GS*HP*PLAN01*CAREHUB*20240615*0930*11*X*005010X221A1~", "ST*835*0001*005010X221A1~",
            .. body.Select(b => b + "~"), $"SE*{body.Length + 2}*0001~", "GE*1*11~", "IEA*1*000000011~"]);
        var plan = await App.ApiClientAsync("planadmin@example.org");
        var result = await Json(await plan.PostAsync("/api/billing/remittances", new StringContent(text, Encoding.UTF8, "application/edi-x12")), HttpStatusCode.OK);
        (result.GetProperty("paid").GetInt32(), result.GetProperty("denied").GetInt32(), result.GetProperty("adjusted").GetInt32()).ShouldBe((1, 1, 1));

        var invoice = (await cbo.GetFromJsonAsync<JsonElement>("/api/billing/invoices")).EnumerateArray().Single(i => i.GetProperty("invoiceNumber").GetString() == number);
        (invoice.GetProperty("paid").GetInt32(), invoice.GetProperty("denied").GetInt32(), invoice.GetProperty("adjusted").GetInt32()).ShouldBe((1, 1, 1));
        invoice.GetProperty("paidAmount").GetDecimal().ShouldBe(360m);
        Lines(invoice)[1].GetProperty("adjustments").GetString().ShouldBe("CO-197 210");

        var remittedAt = await db.InvoiceLines.AsNoTracking().Where(l => l.ReferralId == partial.Referral.Id).Select(l => l.RemittedAt).SingleAsync();
        await Json(await plan.PostAsync("/api/billing/remittances", new StringContent(text, Encoding.UTF8, "application/edi-x12")), HttpStatusCode.OK);
        (await db.InvoiceLines.AsNoTracking().Where(l => l.ReferralId == partial.Referral.Id).Select(l => l.RemittedAt).SingleAsync()).ShouldBe(remittedAt);

        // A claim never billed to the plan, or a broken file: 400 naming the segment, nothing applied.
        var otherPlan = await App.ApiClientAsync("planadmin2@example.org");
        var refused = await Json(await otherPlan.PostAsync("/api/billing/remittances", new StringContent(text, Encoding.UTF8, "application/edi-x12")), HttpStatusCode.BadRequest);
        refused.GetProperty("segment").GetString()!.ShouldStartWith("CLP*");
        var broken = await Json(await plan.PostAsync("/api/billing/remittances", new StringContent(text.Replace("SE*14*0001", "SE*15*0001", StringComparison.Ordinal), Encoding.UTF8, "application/edi-x12")), HttpStatusCode.BadRequest);
        broken.GetProperty("segmentNumber").GetInt32().ShouldBe(16);
        broken.GetProperty("detail").GetString()!.ShouldContain("SE01 says 15");
    }
}

public sealed class BillingApiTests_Sqlite(SqliteApp app) : BillingApiTests(app);

public sealed class BillingApiTests_Postgres(PostgresApp app) : BillingApiTests(app);
