using System.Net;
using System.Text;
using System.Text.Json;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Billing;

public abstract class EnrollmentImportTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static string File(params string[] members)
    {
        var body = new List<string> { "BGN*00*ENR0001*20250102*0930****2", "N1*P5*DHCS*FI*999999999", "N1*IN*GOLDEN POPPY*FI*888888888" };
        body.AddRange(members.SelectMany(m => m.Split('\n')));
        return string.Join("\n", [
            "ISA*00*          *00*          *ZZ*DHCS           *ZZ*PLAN01         *250102*0930*^*00501*000000001*0*T*:~",
            "GS*BE*DHCS*PLAN01*20250102*0930*1*X*005010X220A1~", "ST*834*0001*005010X220A1~",
            .. body.Select(b => b + "~"), $"SE*{body.Count + 2}*0001~", "GE*1*1~", "IEA*1*000000001~"]);
    }

    private static string Member(string type, string id, string last = "RIVERA", string fips = "06037", string begin = "20250101", string? end = null, string street = "100 MAIN ST") =>
        string.Join('\n', new[] { $"INS*Y*18*{type}*28*A", $"REF*0F*{id}", $"NM1*IL*1*{last}*ANA", $"N3*{street}", $"N4*LOS ANGELES*CA*90012**CY*{fips}", "DMG*D8*19800115*F",
            $"HD*{type}**HMO", $"DTP*348*D8*{begin}" }.Concat(end is null ? [] : [$"DTP*349*D8*{end}"]));

    private async Task<JsonElement> PostAsync(string text, HttpStatusCode expected, string email = "planadmin@example.org")
    {
        var client = await App.ApiClientAsync(email);
        var response = await client.PostAsync("/api/enrollment/834", new StringContent(text, Encoding.UTF8, "application/edi-x12"));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static (int, int, int, int) Counts(JsonElement r) =>
        (r.GetProperty("added").GetInt32(), r.GetProperty("changed").GetInt32(), r.GetProperty("terminated").GetInt32(), r.GetProperty("unchanged").GetInt32());

    [Fact]
    public async Task Import_AddChangeTerminate_ThenTheSameFileChangesNothing()
    {
        var a = $"7{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        var b = $"6{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        Counts(await PostAsync(File(Member("021", a), Member("021", b, fips: "06059")), HttpStatusCode.OK)).ShouldBe((2, 0, 0, 0));

        await using (var db = App.SystemDb())
        {
            var added = await db.Members.SingleAsync(m => m.Cin == b);
            (added.LastName, added.County, added.BirthDate, added.Sex).ShouldBe(("RIVERA", "Orange", new DateOnly(1980, 1, 15), "F"));
            (await db.EnrollmentSpans.SingleAsync(s => s.MemberId == added.Id)).Start.ShouldBe(new DateOnly(2025, 1, 1));
            (await db.AuditEntries.CountAsync(e => e.MemberId == added.Id && e.Action == "enrollment.834")).ShouldBe(1);
        }

        var second = File(Member("001", a, street: "9 NEW RD"), Member("024", b, end: "20250331"));
        Counts(await PostAsync(second, HttpStatusCode.OK)).ShouldBe((0, 1, 1, 0));
        Counts(await PostAsync(second, HttpStatusCode.OK)).ShouldBe((0, 0, 0, 2));
        await using (var db = App.SystemDb())
        {
            (await db.Members.SingleAsync(m => m.Cin == a)).AddressLine.ShouldBe("9 NEW RD");
            var terminated = await db.Members.SingleAsync(m => m.Cin == b);
            (await db.EnrollmentSpans.SingleAsync(s => s.MemberId == terminated.Id)).End.ShouldBe(new DateOnly(2025, 3, 31));
        }
    }

    [Fact]
    public async Task Import_MalformedFile_Is400NamingTheSegment_AndNothingIsApplied()
    {
        var good = $"5{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        var text = File(Member("021", good), Member("021", "X1", fips: "06999"));
        var problem = await PostAsync(text, HttpStatusCode.BadRequest);
        problem.GetProperty("segmentNumber").GetInt32().ShouldBe(19);
        problem.GetProperty("segment").GetString().ShouldBe("N4*LOS ANGELES*CA*90012**CY*06999");
        problem.GetProperty("detail").GetString()!.ShouldContain("N406 '06999'");

        var unknown = await PostAsync(File(Member("021", good), Member("001", "NOBODY1")), HttpStatusCode.BadRequest);
        unknown.GetProperty("reason").GetString()!.ShouldContain("whom your plan does not have");
        await using var db = App.SystemDb();
        (await db.Members.AnyAsync(m => m.Cin == good)).ShouldBeFalse();
    }

    [Fact]
    public async Task Import_IsForPlanAdministrators()
    {
        var client = await App.ApiClientAsync("cbo@example.org");
        var response = await client.PostAsync("/api/enrollment/834", new StringContent(File(Member("021", "A1")), Encoding.UTF8, "application/edi-x12"));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class EnrollmentImportTests_Sqlite(SqliteApp app) : EnrollmentImportTests(app);

public sealed class EnrollmentImportTests_Postgres(PostgresApp app) : EnrollmentImportTests(app);
