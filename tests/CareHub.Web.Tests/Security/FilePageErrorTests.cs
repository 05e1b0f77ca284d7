using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CareHub.Ecm;
using CareHub.Exchange;
using CareHub.Members;
using CareHub.Testing;
using CareHub.Web.Tests.Referrals;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Billing.BillingTestData;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// The upload pages (data exchange, billing, ECM transitions) and the roster and adequacy pages answer bad input
/// with 400 and the page: the summary links each field, the field is marked invalid and described by its message, a
/// rejected file's problems are listed with their line (or segment) and column, what was typed is kept, and nothing
/// is saved.
/// </summary>
public abstract partial class FilePageErrorTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static int _sequence;

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string page, string handler, string field, string? fileName, byte[]? content,
        Dictionary<string, string>? fields = null)
    {
        var html = await client.GetStringAsync(page);
        var form = new MultipartFormDataContent { { new StringContent(CareHubApp.AntiforgeryToken(html)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }

        if (fileName is not null)
        {
            var file = new ByteArrayContent(content ?? []);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, field, fileName);
        }

        return await client.PostAsync(handler.Length == 0 ? page : $"{page}?handler={handler}", form);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html);
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>The page answered 400 and names <paramref name="fieldIds"/>, and only them: each linked from the
    /// summary, marked invalid and described by its message, which is returned by field.</summary>
    private static async Task<(string Html, Dictionary<string, string> Messages)> RefusedAsync(HttpResponseMessage response, params string[] fieldIds)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, html[..Math.Min(html.Length, 400)]);
        var summary = Summary().Match(html);
        summary.Success.ShouldBeTrue("the page has no error summary");
        var messages = new Dictionary<string, string>();
        foreach (var id in fieldIds)
        {
            summary.Value.ShouldContain($"href=\"#{id}\"");
            var message = Regex.Match(html, $"<span id=\"{Regex.Escape(id)}-error\" class=\"field-error\">([^<]*)</span>");
            message.Success.ShouldBeTrue($"no message next to {id}");
            messages[id] = WebUtility.HtmlDecode(message.Groups[1].Value);
        }

        // Each field named is marked invalid and described by its message, and no other field is.
        var marked = Regex.Matches(html, "<(?:input|select|textarea)\\b[^>]*>").Select(m => m.Value).Where(tag => tag.Contains("aria-invalid=\"true\"", StringComparison.Ordinal))
            .Select(tag => Regex.Match(tag, "aria-describedby=\"([^\"]*)\"").Groups[1].Value.Split(' ').Single(d => d.EndsWith("-error", StringComparison.Ordinal))[..^6])
            .Distinct();
        marked.ShouldBe(fieldIds, ignoreOrder: true);
        return (html, messages);
    }

    /// <summary>The rows of the rejected file's table under <paramref name="fieldId"/>: (line or segment, column, problem).</summary>
    private static List<(string Line, string Column, string Problem)> FileRows(string html, string fieldId)
    {
        var table = Regex.Match(html, $"<table[^>]*data-testid=\"rejected\" data-field=\"{Regex.Escape(fieldId)}\">(.*?)</table>", RegexOptions.Singleline);
        table.Success.ShouldBeTrue($"no table of problems for {fieldId}");
        Summary().Match(html).Value.ShouldContain(table.Value, Case.Sensitive, "the problems are not in the summary");
        return
        [
            .. Regex.Matches(table.Groups[1].Value, "<tr><td class=\"num\">([^<]*)</td><td>(?:<code>)?([^<]*)(?:</code>)?</td><td>([^<]*)</td></tr>")
                .Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value), WebUtility.HtmlDecode(m.Groups[3].Value))),
        ];
    }

    [GeneratedRegex("<div id=\"error-summary\"[^>]*role=\"alert\".*?</ul>(?:<div class=\"table-scroll\".*?</table></div>)*", RegexOptions.Singleline)]
    private static partial Regex Summary();

    private static string X12(string kind, string version, IEnumerable<string> body)
    {
        var lines = body.ToList();
        return string.Join("\n", [$"ISA*00*          *00*          *ZZ*DHCS           *ZZ*PLAN01         *250102*0930*^*00501*000000002*0*T*:~",
            $"GS*{(kind == "834" ? "BE" : "HP")}*DHCS*PLAN01*20250102*0930*2*X*{version}~", $"ST*{kind}*0001*{version}~", .. lines.Select(b => b + "~"),
            $"SE*{lines.Count + 2}*0001~", "GE*1*2~", "IEA*1*000000002~"]);
    }

    [Fact]
    public async Task Enrollment834_UnknownCounty_IsListedWithItsSegment_OnTheFileField_AndAddsNoOne()
    {
        var id = $"3{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        var text = X12("834", "005010X220A1", ["BGN*00*ENR0002*20250102*0930****2", "N1*P5*DHCS*FI*999999999", "N1*IN*GOLDEN POPPY*FI*888888888",
            "INS*Y*18*021*28*A", $"REF*0F*{id}", "NM1*IL*1*RIVERA*ANA", "N3*100 MAIN ST", "N4*LOS ANGELES*CA*90012**CY*06999", "DMG*D8*19800115*F", "HD*021**HMO", "DTP*348*D8*20250101"]);
        var plan = await App.PageClientAsync("planadmin@example.org");

        var (html, messages) = await RefusedAsync(await UploadAsync(plan, "/exchange", "enrollment", "file", "enrollment.x12", Encoding.UTF8.GetBytes(text)), "file834");
        messages["file834"].ShouldStartWith("Nothing in enrollment.x12 was saved: segment 11 (N4*LOS ANGELES*CA*90012**CY*06999): ");
        var row = FileRows(html, "file834").ShouldHaveSingleItem();
        (row.Line, row.Column).ShouldBe(("11", "N4*LOS ANGELES*CA*90012**CY*06999"));
        row.Problem.ShouldContain("06999");
        html.ShouldContain("<th scope=\"col\" class=\"num\">Segment</th>");
        await using (var db = App.SystemDb())
        {
            (await db.Members.AnyAsync(m => m.Cin == id)).ShouldBeFalse();
        }

        // The same file with a county that exists is loaded from the page.
        var good = await UploadAsync(plan, "/exchange", "enrollment", "file", "enrollment.x12", Encoding.UTF8.GetBytes(text.Replace("*CY*06999", "*CY*06037", StringComparison.Ordinal)));
        var loaded = await good.Content.ReadAsStringAsync();
        good.StatusCode.ShouldBe(HttpStatusCode.OK, loaded[..Math.Min(loaded.Length, 400)]);
        loaded.ShouldContain("Enrollment loaded: 1 added");
        await using (var db = App.SystemDb())
        {
            (await db.Members.IgnoreQueryFilters().AnyAsync(m => m.Cin == id)).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Remittance835_MissingEmptyOrNotAText_File_NamesTheFileField()
    {
        var plan = await App.PageClientAsync("planadmin@example.org");
        (await RefusedAsync(await UploadAsync(plan, "/exchange", "remittance", "file", null, null), "file835")).Messages["file835"]
            .ShouldBe("Choose the X12 835 file to upload.");
        (await RefusedAsync(await UploadAsync(plan, "/exchange", "remittance", "file", "remit.x12", []), "file835")).Messages["file835"]
            .ShouldStartWith("remit.x12 is empty.");
        (await RefusedAsync(await UploadAsync(plan, "/exchange", "remittance", "file", "remit.pdf", Encoding.UTF8.GetBytes("%PDF-1.7")), "file835")).Messages["file835"]
            .ShouldBe("remit.pdf is a PDF document. Choose the X12 835 file as your system wrote it.");
        (await RefusedAsync(await UploadAsync(plan, "/exchange", "remittance", "file", "remit.x12", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]), "file835")).Messages["file835"]
            .ShouldStartWith("remit.x12 is not a text file");

        // A file that is not X12 at all is named on the field too, with the segment it stopped at.
        var (html, messages) = await RefusedAsync(await UploadAsync(plan, "/exchange", "remittance", "file", "remit.x12", Encoding.UTF8.GetBytes("hello")), "file835");
        messages["file835"].ShouldStartWith("Nothing in remit.x12 was saved: ");
        FileRows(html, "file835").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ReturnTransmissionFile_BadRows_ListEachProblemWithLineAndColumn_AndSaveNothing()
    {
        var member = await AssignedMemberAsync();
        var header = string.Join(',', MemberFiles.RtfColumns);
        var nobody = $"2{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        var csv = $"{header}\n{member.Cin},enrolled,2025-01-02,,,,,,,,,\n{nobody},sleeping,,,,,,,,,,\n";
        var ecm = await App.PageClientAsync("ecm@example.org");

        var (html, messages) = await RefusedAsync(await UploadAsync(ecm, "/exchange", "rtf", "file", "rtf.csv", Encoding.UTF8.GetBytes(csv)), "rtf");
        messages["rtf"].ShouldStartWith("Nothing in rtf.csv was saved: it has 2 problems");
        var rows = FileRows(html, "rtf");
        rows.Select(r => (r.Line, r.Column)).ShouldBe([("3", "ecmStatus"), ("3", "memberCin")], ignoreOrder: true);
        rows.Single(r => r.Column == "memberCin").Problem.ShouldContain("not a member assigned to your organization");
        html.ShouldContain("There are 2 problems");
        await using var db = App.SystemDb();
        (await db.EcmReturnRecords.AnyAsync(r => r.MemberId == member.Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task MemberInformationFile_BadDateOrUnknownProvider_IsNamedOnItsField()
    {
        var plan = await App.PageClientAsync("planadmin@example.org");
        var provider = await App.OrganizationAsync("ecm@example.org");
        var bad = await plan.GetAsync($"/exchange?handler=mif&providerId={provider.Id}&asOf=2025-02-30");
        var (html, messages) = await RefusedAsync(bad, "asOf");
        messages["asOf"].ShouldBe("Enter the date as mm/dd/yyyy.");
        html.ShouldContain("value=\"2025-02-30\"");
        Regex.IsMatch(html, $"<option value=\"{provider.Id}\" selected=\"selected\">").ShouldBeTrue("the provider chosen is not kept");

        var unknown = await plan.GetAsync($"/exchange?handler=mif&providerId={Guid.NewGuid()}&asOf=2025-02-01");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("<span id=\"providerId-error\" class=\"field-error\">Choose an ECM provider from the list.</span>");
    }

    [Fact]
    public async Task InvoiceCsv_BadDate_IsListedWithLineAndColumn_AndTooLargeIsNamed_AndNothingIsSaved()
    {
        var mine = await AuthorizedReferralAsync(App);
        var cbo = await App.PageClientAsync("cbo@example.org");
        var number = NewInvoiceNumber();
        var csv = $"invoiceNumber,referralId,memberCin,from,to,units,amount\n{number},{mine.Referral.Id},,2025-03-03,2025-03-09,14,210\n{number},{mine.Referral.Id},,03/10/2025,2025-03-16,1,5\n";

        var (html, messages) = await RefusedAsync(await UploadAsync(cbo, "/billing", "csv", "file", "march.csv", Encoding.UTF8.GetBytes(csv)), "file");
        messages["file"].ShouldBe("Nothing in march.csv was saved: line 3, column from: '03/10/2025' is not a date (YYYY-MM-DD). Fix it and send the whole file again.");
        FileRows(html, "file").ShouldBe([("3", "from", "'03/10/2025' is not a date (YYYY-MM-DD).")]);

        var large = Encoding.UTF8.GetBytes(csv + new string('x', 5 * 1024 * 1024));
        (await RefusedAsync(await UploadAsync(cbo, "/billing", "csv", "file", "big.csv", large), "file")).Messages["file"]
            .ShouldBe("big.csv is larger than 5 MB; split it and upload the parts one at a time.");
        (await RefusedAsync(await UploadAsync(cbo, "/billing", "csv", "file", "march.xlsx", Encoding.UTF8.GetBytes(csv)), "file")).Messages["file"]
            .ShouldBe("march.xlsx is a spreadsheet. Save it as CSV (comma separated values) and upload that.");

        await using var db = App.SystemDb();
        (await db.Invoices.AnyAsync(i => i.InvoiceNumber == number)).ShouldBeFalse();
    }

    [Fact]
    public async Task AFileFarOverThePagesLimit_Gets413_WithAPageSayingTheLimit_AndALinkBack()
    {
        var cbo = await App.PageClientAsync("cbo@example.org");
        var number = NewInvoiceNumber();
        var huge = Encoding.UTF8.GetBytes($"invoiceNumber,referralId,memberCin,from,to,units,amount\n{number}," + new string('x', 6 * 1024 * 1024));

        var response = await UploadAsync(cbo, "/billing", "csv", "file", "huge.csv", huge);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        html.ShouldContain("The file is too large");
        html.ShouldContain("at most 5 MB");
        html.ShouldContain("href=\"/billing\"");

        await using var db = App.SystemDb();
        (await db.Invoices.AnyAsync(i => i.InvoiceNumber == number)).ShouldBeFalse();
    }

    [Fact]
    public async Task InvoiceForm_NoNumberNoLinesOrUnitsNotANumber_NamesTheFields_KeepsWhatWasTyped_AndSavesNothing()
    {
        var cbo = await App.PageClientAsync("cbo@example.org");
        var (_, messages) = await RefusedAsync(await PostFormAsync(cbo, "/billing", "form", new Dictionary<string, string> { ["InvoiceNumber"] = "" }), "InvoiceNumber");
        messages["InvoiceNumber"].ShouldBe("Give your invoice number (1 to 50 characters).");

        var number = NewInvoiceNumber();
        (await RefusedAsync(await PostFormAsync(cbo, "/billing", "form", new Dictionary<string, string> { ["InvoiceNumber"] = number }), "lines"))
            .Messages["lines"].ShouldBe("Fill in at least one line: the referral id, dates, units and amount.");

        var mine = await AuthorizedReferralAsync(App);
        var (html, typed) = await RefusedAsync(await PostFormAsync(cbo, "/billing", "form", new Dictionary<string, string>
        {
            ["InvoiceNumber"] = number,
            ["Lines[0].ReferralId"] = mine.Referral.Id.ToString(),
            ["Lines[0].From"] = "2025-03-03",
            ["Lines[0].To"] = "2025-03-09",
            ["Lines[0].Units"] = "fourteen",
            ["Lines[0].Amount"] = "210.00",
        }), "Lines_0__Units");
        typed["Lines_0__Units"].ShouldStartWith("'fourteen' is not a number");
        html.ShouldContain("value=\"fourteen\"");
        html.ShouldContain($"value=\"{number}\"");
        html.ShouldContain("value=\"2025-03-03\"");

        await using var db = App.SystemDb();
        (await db.Invoices.AnyAsync(i => i.InvoiceNumber == number)).ShouldBeFalse();
    }

    [Fact]
    public async Task ClaimFile_PeriodEndingBeforeItStarts_NamesTheLastDate_WithDatesAsTheFieldShowsThem()
    {
        var cbo = await App.PageClientAsync("cbo@example.org");
        var (html, messages) = await RefusedAsync(await cbo.GetAsync("/billing?handler=claims&from=2024-03-01&to=2024-02-01"), "to");
        messages["to"].ShouldStartWith("The period must end on or after 03/01/2024");
        html.ShouldContain("value=\"2024-02-01\"");
        (await RefusedAsync(await cbo.GetAsync("/billing?handler=claims&from=2024-02-30&to=2024-03-01"), "from")).Messages["from"]
            .ShouldBe("Enter the first service date as mm/dd/yyyy.");
    }

    [Fact]
    public async Task Rosters_UnknownKindAndBadDate_OrUnknownFormat_AreNamed_AndNoRosterIsRecorded()
    {
        var plan = await App.PageClientAsync("planadmin@example.org");
        await using var db = App.SystemDb();
        var before = await db.Set<CareHub.Network.RosterSubmission>().CountAsync();

        var (html, messages) = await RefusedAsync(await plan.GetAsync("/network/rosters?kind=dental&county=Los%20Angeles&asOf=2025-02-30"), "kind", "asOf");
        messages["asOf"].ShouldBe("Enter the date as mm/dd/yyyy.");
        messages["kind"].ShouldBe("Choose ECM providers or Community Supports providers.");
        html.ShouldContain("value=\"2025-02-30\"");
        html.ShouldNotContain("data-testid=\"roster-preview\"");

        var download = await plan.GetAsync("/network/rosters?handler=Download&kind=ecm&county=Atlantis&asOf=2025-02-01&format=csv");
        (await RefusedAsync(download, "county")).Messages["county"].ShouldBe("Choose a county from the list, or all counties.");

        var format = await plan.GetAsync("/network/rosters?handler=Download&kind=ecm&asOf=2025-02-01&format=pdf");
        format.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Summary().Match(await format.Content.ReadAsStringAsync()).Value.ShouldContain("format must be");
        (await db.Set<CareHub.Network.RosterSubmission>().CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Adequacy_UnknownCountyAndADateOutOfRange_AreNamed_AndNothingIsComputed()
    {
        var plan = await App.PageClientAsync("planadmin@example.org");
        var (html, messages) = await RefusedAsync(await plan.GetAsync("/network/adequacy?county=Atlantis&asOf=1800-01-01"), "county", "asOf");
        messages["asOf"].ShouldBe("Enter a date from 01/01/1900 to 12/31/2200.");
        messages["county"].ShouldBe("Choose a county from the list, or all counties.");
        html.ShouldContain("value=\"1800-01-01\"");
        html.ShouldNotContain("data-testid=\"adequacy\"");
        await using var db = App.SystemDb();
        (await db.AuditEntries.AnyAsync(a => a.Action == "network-adequacy.read" && a.Detail!.Contains("Atlantis"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Transitions_BadRows_AreListedWithLineAndColumn_OnTheFieldTheyCameFrom_AndNothingIsImported()
    {
        var member = await ReferralTestData.NewMemberAsync(App, "planadmin@example.org");
        var csv = $"member_id,event,event_date,facility\n{member.PlanMemberId},discharge,2025-01-15,Harbor General\n,admit,01/16/2025,Harbor General\n";
        var plan = await App.PageClientAsync("planadmin@example.org");

        var (html, messages) = await RefusedAsync(await UploadAsync(plan, "/ecm/transitions", "", "Upload", "feed.csv", Encoding.UTF8.GetBytes(csv)), "Upload");
        messages["Upload"].ShouldStartWith("Nothing in feed.csv was saved: it has 2 problems");
        FileRows(html, "Upload").ShouldBe([("3", "member_id", "member_id is empty."), ("3", "event_date", "event_date \"01/16/2025\" is not a date (yyyy-MM-dd).")]);

        var pasted = await UploadAsync(plan, "/ecm/transitions", "", "Upload", null, null, new() { ["CsvText"] = csv });
        var (pastedHtml, pastedMessages) = await RefusedAsync(pasted, "CsvText");
        pastedMessages["CsvText"].ShouldStartWith("Nothing in the pasted rows was saved");
        pastedHtml.ShouldContain("01/16/2025,Harbor General");

        (await RefusedAsync(await UploadAsync(plan, "/ecm/transitions", "", "Upload", null, null), "Upload")).Messages["Upload"]
            .ShouldBe("Choose a CSV file, or paste the rows below.");
        (await RefusedAsync(await UploadAsync(plan, "/ecm/transitions", "", "Upload", "big.csv", Encoding.UTF8.GetBytes(new string('x', 5 * 1024 * 1024 + 1))), "Upload"))
            .Messages["Upload"].ShouldBe("big.csv is larger than 5 MB; split it and upload the parts one at a time.");

        await using var db = App.SystemDb();
        (await db.Set<TransitionEvent>().AnyAsync(t => t.MemberId == member.Id)).ShouldBeFalse();
    }

    /// <summary>A member of the first plan whose ECM case is assigned to the first ECM provider.</summary>
    private async Task<Member> AssignedMemberAsync()
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var provider = await App.OrganizationAsync("ecm@example.org");
        var n = Interlocked.Increment(ref _sequence);
        var now = DateTimeOffset.UtcNow;
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = $"FP{Guid.NewGuid():N}"[..20],
            Cin = $"5{Guid.NewGuid():N}"[..9].ToUpperInvariant(),
            FirstName = "Upload",
            LastName = $"Test{n}",
            BirthDate = new DateOnly(1966, 3, 9),
            Sex = "F",
            County = "Los Angeles",
            CreatedAt = now,
        };
        await using var db = App.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = "Los Angeles", Start = new DateOnly(2024, 1, 1) });
        var c = new EcmCase
        {
            MemberId = member.Id,
            PlanId = plan.Id,
            Status = EcmStatus.Enrolled,
            Source = "plan",
            Population = "homeless-adults",
            ReferredAt = now.AddDays(-30),
            DecisionDueBy = DateOnly.FromDateTime(now.UtcDateTime),
            ProviderId = provider.Id,
            AssignedAt = now.AddDays(-20),
            StatusChangedAt = now,
            OpenMemberId = member.Id,
        };
        db.Add(c);
        db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = member.Id, OrganizationId = provider.Id, Reason = "ecm-assignment", SourceId = c.Id, GrantedAt = now });
        await db.SaveChangesAsync();
        return member;
    }
}

public sealed class FilePageErrorTests_Sqlite(SqliteApp app) : FilePageErrorTests(app);

public sealed class FilePageErrorTests_Postgres(PostgresApp app) : FilePageErrorTests(app);
