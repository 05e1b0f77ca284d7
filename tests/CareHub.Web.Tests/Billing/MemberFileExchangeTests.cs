using System.Net;
using System.Text;
using System.Text.Json;
using CareHub.Ecm;
using CareHub.Exchange;
using CareHub.Members;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Billing;

public abstract class MemberFileExchangeTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static int _sequence;

    /// <summary>A member of the first plan whose ECM case is assigned to the first ECM provider.</summary>
    private async Task<Member> AssignedMemberAsync(bool cin = true)
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var provider = await App.OrganizationAsync("ecm@example.org");
        var n = Interlocked.Increment(ref _sequence);
        var now = DateTimeOffset.UtcNow;
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = $"MF{Guid.NewGuid():N}"[..20],
            Cin = cin ? $"4{Guid.NewGuid():N}"[..9].ToUpperInvariant() : null,
            FirstName = "Exchange",
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

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, string csv, string email = "ecm@example.org")
    {
        var client = await App.ApiClientAsync(email);
        var response = await client.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Mif_ListsTheProvidersAssignedMembers_ForThePlanOnly()
    {
        var member = await AssignedMemberAsync();
        var withoutCin = await AssignedMemberAsync(cin: false);
        var provider = await App.OrganizationAsync("ecm@example.org");
        var plan = await App.ApiClientAsync("planadmin@example.org");
        var response = await plan.GetAsync($"/api/exchange/mif?providerId={provider.Id}&asOf={DateTime.UtcNow:yyyy-MM-dd}");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var (rows, problems) = MemberFiles.ReadMif(await response.Content.ReadAsStringAsync());
        problems.ShouldBeEmpty();
        rows.ShouldNotContain(r => r.PlanMemberId == withoutCin.PlanMemberId);
        int.Parse(response.Headers.GetValues("CareHub-Members-Without-Cin").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
        var row = rows.Single(r => r.MemberCin == member.Cin);
        (row.LastName, row.EcmStatus, row.PopulationOfFocus, row.EnrollmentStart).ShouldBe((member.LastName, "enrolled", "homeless-adults", new DateOnly(2024, 1, 1)));

        var other = await App.ApiClientAsync("planadmin2@example.org");
        (await other.GetStringAsync($"/api/exchange/mif?providerId={provider.Id}")).ShouldNotContain(member.Cin!);
        (await (await App.ApiClientAsync("ecm@example.org")).GetAsync($"/api/exchange/mif?providerId={provider.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.MemberId == member.Id && a.Action == "exchange.mif")).ShouldBe(1);
    }

    [Fact]
    public async Task Rtf_AppliesOnce_SecondImportChangesNothing_BadRowRejectsTheFile()
    {
        var a = await AssignedMemberAsync();
        var b = await AssignedMemberAsync();
        var header = string.Join(',', MemberFiles.RtfColumns);
        var csv = $"{header}\n{a.Cin},enrolled,2025-02-01,,2025-02-20,2025-02-10,Dana Cruz,,,in-progress,2025-07-15,\n{b.Cin},disenrolled,2024-05-01,2025-06-30,,,,2025-06-30,Goals met,completed,2025-07-02,Service delivered\n";
        var (status, body) = await PostAsync("/api/exchange/rtf", csv);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        (body.GetProperty("applied").GetInt32(), body.GetProperty("unchanged").GetInt32()).ShouldBe((2, 0));
        (status, body) = await PostAsync("/api/exchange/rtf", csv);
        (body.GetProperty("applied").GetInt32(), body.GetProperty("unchanged").GetInt32()).ShouldBe((0, 2));

        // A member not assigned to the provider, and a bad date: the whole file is rejected, the good row not applied.
        var stranger = await AssignedMemberAsync();
        await using (var db = App.SystemDb())
        {
            var c = await db.Set<EcmCase>().SingleAsync(x => x.MemberId == stranger.Id);
            c.ProviderId = (await App.OrganizationAsync("ecm2@example.org")).Id;
            await db.SaveChangesAsync();
        }

        var bad = $"{header}\n{a.Cin},outreach,,,,,,,,,,\n{stranger.Cin},enrolled,2025-02-01,,,,,,,,,\n{b.Cin},enrolled,2025-02-31,,,,,,,,,\n";
        (status, body) = await PostAsync("/api/exchange/rtf", bad);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("applied").GetInt32().ShouldBe(0);
        var rejected = body.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("column").GetString())).ToList();
        rejected.ShouldBe([(3, "memberCin"), (4, "enrollmentStart")]);
        await using var check = App.SystemDb();
        (await check.EcmReturnRecords.SingleAsync(r => r.MemberId == a.Id)).EcmStatus.ShouldBe("enrolled");
        (await check.EcmReturnRecords.SingleAsync(r => r.MemberId == b.Id)).LoopClosureReason.ShouldBe("Service delivered");
    }

    [Fact]
    public async Task Otf_AppliesOnce_SecondImportChangesNothing_BadRowRejectsTheFile()
    {
        var a = await AssignedMemberAsync();
        var csv = $"memberCin,attemptDate,method,successful,minutes\n{a.Cin},2025-03-01,phone,N,5\n{a.Cin},2025-03-04,in-person,Y,40\n";
        var (status, body) = await PostAsync("/api/exchange/otf", csv);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("applied").GetInt32().ShouldBe(2);
        (_, body) = await PostAsync("/api/exchange/otf", csv);
        (body.GetProperty("applied").GetInt32(), body.GetProperty("unchanged").GetInt32()).ShouldBe((0, 2));

        (status, body) = await PostAsync("/api/exchange/otf", $"memberCin,attemptDate,method,successful\n{a.Cin},2025-03-09,pigeon,Y\n");
        status.ShouldBe(HttpStatusCode.BadRequest);
        var r = body.GetProperty("rejected")[0];
        (r.GetProperty("line").GetInt32(), r.GetProperty("column").GetString()).ShouldBe((2, "method"));
        await using var db = App.SystemDb();
        (await db.EcmOutreachRecords.CountAsync(x => x.MemberId == a.Id)).ShouldBe(2);
        (await (await App.ApiClientAsync("cbo@example.org")).PostAsync("/api/exchange/otf", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class MemberFileExchangeTests_Sqlite(SqliteApp app) : MemberFileExchangeTests(app);

public sealed class MemberFileExchangeTests_Postgres(PostgresApp app) : MemberFileExchangeTests(app);
