using System.Net;
using System.Text;
using System.Text.Json;
using CareHub.Exchange;
using CareHub.Testing;
using CareHub.Web.Features;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Billing.BillingTestData;

namespace CareHub.Web.Tests.Billing;

/// <summary>A bad upload answers 400 problem+json from the one mapper: the fields under <c>errors</c>, the message as
/// <c>detail</c>, and where the problem is (an X12 file's segment, a CSV file's line and column) at the top level.</summary>
public abstract class FileProblemTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        body.GetProperty("status").GetInt32().ShouldBe((int)expected);
        if (expected == HttpStatusCode.BadRequest)
        {
            body.GetProperty("title").GetString().ShouldBe(OutcomeHttp.InvalidTitle);
        }

        return body;
    }

    private static string[] Errors(JsonElement problem, string field) => [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    private static StringContent X12(string text) => new(text, Encoding.UTF8, "application/edi-x12");

    [Fact]
    public async Task InvoiceCsv_BadDate_NamesLineAndColumn_AndSavesNothing()
    {
        var mine = await AuthorizedReferralAsync(App);
        var cbo = await App.ApiClientAsync("cbo@example.org");
        var number = NewInvoiceNumber();
        var csv = $"invoiceNumber,referralId,memberCin,from,to,units,amount\n{number},{mine.Referral.Id},,2025-03-03,2025-03-09,14,210\n{number},{mine.Referral.Id},,03/10/2025,2025-03-16,1,5\n";
        var problem = await ProblemAsync(await cbo.PostAsync("/api/billing/invoices", new StringContent(csv, Encoding.UTF8, "text/csv")));
        (problem.GetProperty("line").GetInt32(), problem.GetProperty("column").GetString()).ShouldBe((3, "from"));
        problem.GetProperty("reason").GetString()!.ShouldContain("03/10/2025");
        Errors(problem, "from").ShouldHaveSingleItem().ShouldStartWith("Line 3, column from: ");
        problem.GetProperty("detail").GetString()!.ShouldEndWith("Nothing was saved.");
        await using var db = App.SystemDb();
        (await db.Invoices.AnyAsync(i => i.InvoiceNumber == number)).ShouldBeFalse();

        var empty = await ProblemAsync(await cbo.PostAsync("/api/billing/invoices", new StringContent("", Encoding.UTF8, "text/csv")));
        Errors(empty, "body").ShouldHaveSingleItem().ShouldContain("empty");
    }

    [Fact]
    public async Task Remittance835_ClaimNeverBilled_NamesTheSegment()
    {
        var claim = $"NB{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var body = new[] { "BPR*I*10*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240615", "TRN*1*EFT78*1512345678", "N1*PR*GOLDEN POPPY", $"CLP*{claim}*1*10*10**MC" };
        var text = string.Join("\n", ["ISA*00*          *00*          *ZZ*PLAN01         *ZZ*CAREHUB        *240615*0930*^*00501*000000012*0*T*:~",
            "GS*HP*PLAN01*CAREHUB*20240615*0930*12*X*005010X221A1~", "ST*835*0001*005010X221A1~", .. body.Select(b => b + "~"), $"SE*{body.Length + 2}*0001~", "GE*1*12~", "IEA*1*000000012~"]);
        var plan = await App.ApiClientAsync("planadmin@example.org");
        var problem = await ProblemAsync(await plan.PostAsync("/api/billing/remittances", X12(text)));
        (problem.GetProperty("segmentNumber").GetInt32(), problem.GetProperty("segment").GetString()).ShouldBe((7, $"CLP*{claim}"));
        problem.GetProperty("reason").GetString()!.ShouldContain("never billed");
        Errors(problem, "segment").ShouldHaveSingleItem().ShouldStartWith("The 835 was not applied. Segment 7 ");
        problem.GetProperty("detail").GetString().ShouldBe(Errors(problem, "segment")[0]);

        var broken = await ProblemAsync(await plan.PostAsync("/api/billing/remittances", X12(text.Replace($"SE*{body.Length + 2}*", $"SE*{body.Length + 3}*", StringComparison.Ordinal))));
        broken.GetProperty("segment").GetString()!.ShouldStartWith("SE*");
        broken.GetProperty("segmentNumber").GetInt32().ShouldBe(8);

        var empty = await ProblemAsync(await plan.PostAsync("/api/billing/remittances", X12("")));
        Errors(empty, "body").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Enrollment834_UnknownCounty_NamesTheSegment_AndAddsNoOne()
    {
        var id = $"3{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        var member = new[] { "INS*Y*18*021*28*A", $"REF*0F*{id}", "NM1*IL*1*RIVERA*ANA", "N3*100 MAIN ST", "N4*LOS ANGELES*CA*90012**CY*06999", "DMG*D8*19800115*F", "HD*021**HMO", "DTP*348*D8*20250101" };
        var body = new[] { "BGN*00*ENR0002*20250102*0930****2", "N1*P5*DHCS*FI*999999999", "N1*IN*GOLDEN POPPY*FI*888888888" }.Concat(member).ToList();
        var text = string.Join("\n", ["ISA*00*          *00*          *ZZ*DHCS           *ZZ*PLAN01         *250102*0930*^*00501*000000002*0*T*:~",
            "GS*BE*DHCS*PLAN01*20250102*0930*2*X*005010X220A1~", "ST*834*0001*005010X220A1~", .. body.Select(b => b + "~"), $"SE*{body.Count + 2}*0001~", "GE*1*2~", "IEA*1*000000002~"]);
        var plan = await App.ApiClientAsync("planadmin@example.org");
        var problem = await ProblemAsync(await plan.PostAsync("/api/enrollment/834", X12(text)));
        (problem.GetProperty("segmentNumber").GetInt32(), problem.GetProperty("segment").GetString()).ShouldBe((11, "N4*LOS ANGELES*CA*90012**CY*06999"));
        problem.GetProperty("reason").GetString()!.ShouldContain("06999");
        Errors(problem, "segment").ShouldHaveSingleItem().ShouldStartWith("The 834 was not applied. Segment 11 ");
        await using var db = App.SystemDb();
        (await db.Members.AnyAsync(m => m.Cin == id)).ShouldBeFalse();
    }

    [Fact]
    public async Task MemberFile_UnknownMember_ListsEachRow_UnderItsColumn()
    {
        var header = string.Join(',', MemberFiles.RtfColumns);
        var nobody = $"2{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        var csv = $"{header}\n{nobody},outreach,,,,,,,,,,\n";
        var ecm = await App.ApiClientAsync("ecm@example.org");
        var problem = await ProblemAsync(await ecm.PostAsync("/api/exchange/rtf", new StringContent(csv, Encoding.UTF8, "text/csv")));
        (problem.GetProperty("applied").GetInt32(), problem.GetProperty("unchanged").GetInt32()).ShouldBe((0, 0));
        var rejected = problem.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("column").GetString())).ToList();
        rejected.ShouldBe([(2, "memberCin")]);
        Errors(problem, "memberCin").ShouldHaveSingleItem().ShouldStartWith("Line 2: ");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("The file was not applied: 1 problem(s), first on line 2, column memberCin: ");

        var empty = await ProblemAsync(await ecm.PostAsync("/api/exchange/otf", new StringContent("", Encoding.UTF8, "text/csv")));
        empty.GetProperty("rejected")[0].GetProperty("column").GetString().ShouldBe("body");
        Errors(empty, "body").ShouldHaveSingleItem().ShouldContain("empty");
    }

    [Fact]
    public async Task Exports_BadPeriodOrUnknownInvoice_AreProblems()
    {
        var cbo = await App.ApiClientAsync("cbo@example.org");
        Errors(await ProblemAsync(await cbo.GetAsync("/api/billing/claims/837p?from=2024-02-30&to=2024-03-01")), "from").ShouldHaveSingleItem();
        Errors(await ProblemAsync(await cbo.GetAsync("/api/billing/claims/837p?from=2024-03-01&to=2024-02-01")), "to").ShouldHaveSingleItem();
        var plan = await App.ApiClientAsync("planadmin@example.org");
        Errors(await ProblemAsync(await plan.GetAsync("/api/exchange/mif?asOf=2025-01-01")), "providerId").ShouldHaveSingleItem();
        var missing = await ProblemAsync(await cbo.GetAsync($"/api/billing/invoices/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        missing.GetProperty("title").GetString().ShouldBe(OutcomeHttp.NotFoundTitle);
        (await ProblemAsync(await cbo.GetAsync("/api/exchange/templates/nothing.csv"), HttpStatusCode.NotFound)).GetProperty("detail").GetString()!.ShouldContain("mif, rtf or otf");
    }
}

public sealed class FileProblemTests_Sqlite(SqliteApp app) : FileProblemTests(app);

public sealed class FileProblemTests_Postgres(PostgresApp app) : FileProblemTests(app);
