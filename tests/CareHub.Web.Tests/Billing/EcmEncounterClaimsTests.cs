using System.Net;
using System.Text.Json;
using CareHub.Billing;
using CareHub.Ecm;
using CareHub.Exchange;
using CareHub.Members;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Billing;

public abstract class EcmEncounterClaimsTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static readonly DateOnly _d1 = new(2031, 5, 6), _d2 = new(2031, 5, 13), _d3 = new(2031, 5, 20);
    private const string Period = "from=2031-05-01&to=2031-05-31";

    /// <summary>A member of the first plan enrolled in ECM with the first ECM provider, with outreach on D1 (two by
    /// phone, one in person, and the same phone attempt again on the provider's OTF), an assessment and a care plan
    /// on D2, and an OTF-only phone attempt on D3.</summary>
    private async Task<(Member Member, EcmCase Case)> ActivityAsync()
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var provider = await App.OrganizationAsync("ecm@example.org");
        var now = DateTimeOffset.UtcNow;
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = $"EE{Guid.NewGuid():N}"[..20],
            Cin = $"3{Guid.NewGuid():N}"[..9].ToUpperInvariant(),
            FirstName = "Encounter",
            LastName = "Coded",
            BirthDate = new DateOnly(1971, 8, 2),
            Sex = "M",
            County = "Los Angeles",
            CreatedAt = now,
        };
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
        await using var db = App.SystemDb();
        db.Members.Add(member);
        db.Add(c);
        db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = member.Id, OrganizationId = provider.Id, Reason = "ecm-assignment", SourceId = c.Id, GrantedAt = now });
        foreach (var modality in new[] { OutreachModality.Phone, OutreachModality.Phone, OutreachModality.InPerson })
        {
            db.Add(new OutreachAttempt { CaseId = c.Id, MemberId = member.Id, ProviderId = provider.Id, Date = _d1, Modality = modality, Outcome = "no-answer", RecordedAt = now });
        }

        db.Add(new EcmAssessment { CaseId = c.Id, MemberId = member.Id, FormCode = "cha", FormVersion = 1, AnswersJson = "{}", CompletedAt = new DateTimeOffset(_d2.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero) });
        db.Add(new CarePlanVersion { CaseId = c.Id, MemberId = member.Id, Version = 1, ProblemsAndGoals = "Housing", InterventionsJson = "[]", SavedAt = new DateTimeOffset(_d2.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero) });
        db.EcmOutreachRecords.Add(new EcmOutreachRecord { MemberId = member.Id, ProviderId = provider.Id, PlanId = plan.Id, AttemptDate = _d1, Method = "phone", ReportedAt = now });
        db.EcmOutreachRecords.Add(new EcmOutreachRecord { MemberId = member.Id, ProviderId = provider.Id, PlanId = plan.Id, AttemptDate = _d3, Method = "phone", ReportedAt = now });
        await db.SaveChangesAsync();
        return (member, c);
    }

    private async Task<List<JsonElement>> ItemsAsync(string email, Guid memberId)
    {
        var client = await App.ApiClientAsync(email);
        var response = await client.GetAsync($"/api/billing/ecm-encounters?{Period}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("memberId").GetGuid() == memberId).Select(i => i.Clone())];
    }

    private static (string Date, string Code, int Units) Row(JsonElement i) =>
        (i.GetProperty("date").GetString()!, string.Join(' ', [i.GetProperty("hcpcs").GetString()!, .. i.GetProperty("modifiers").EnumerateArray().Select(m => m.GetString()!)]),
            i.GetProperty("units").GetInt32());

    [Fact]
    public async Task Encounters_AreCodedFromOutreachAndCareManagement_ForTheProviderAndItsPlanOnly()
    {
        var (member, _) = await ActivityAsync();
        (string, string, int)[] expected = [("2031-05-06", "G9012 U8", 1), ("2031-05-06", "G9012 U8 GQ", 2), ("2031-05-13", "G9012 U2", 1), ("2031-05-20", "G9012 U8 GQ", 1)];
        (await ItemsAsync("ecm@example.org", member.Id)).Select(Row).ShouldBe(expected);
        (await ItemsAsync("planadmin@example.org", member.Id)).Select(Row).ShouldBe(expected);
        (await ItemsAsync("planadmin2@example.org", member.Id)).ShouldBeEmpty();
        (await ItemsAsync("ecm2@example.org", member.Id)).ShouldBeEmpty();

        var cbo = await App.ApiClientAsync("cbo@example.org");
        (await cbo.GetAsync($"/api/billing/ecm-encounters?{Period}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.MemberId == member.Id && a.Action == "billing.ecm-encounters")).ShouldBe(2);
    }

    [Fact]
    public async Task ClaimFile_HasOneClaimPerCase_WithTheCodedLines_AndReadsBack()
    {
        var (member, c) = await ActivityAsync();
        var client = await App.ApiClientAsync("ecm@example.org");
        var response = await client.GetAsync($"/api/billing/ecm-encounters/837p?{Period}");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/edi-x12");
        var (transactions, error) = Claim837.Read(await response.Content.ReadAsStringAsync());
        error.ShouldBeNull();
        var claim = transactions.SelectMany(t => t.Providers).SelectMany(p => p.Claims).Single(x => x.ClaimNumber == EcmEncounters.ClaimNumber(c.Id));
        claim.Subscriber.MemberId.ShouldBe(member.Cin);
        claim.Lines.Select(l => (l.From, l.Hcpcs + string.Concat(l.Modifiers.Select(m => " " + m)), l.Units))
            .ShouldBe([(_d1, "G9012 U8", 1m), (_d1, "G9012 U8 GQ", 2m), (_d2, "G9012 U2", 1m), (_d3, "G9012 U8 GQ", 1m)]);
    }

    [Fact]
    public async Task Encounters_BadPeriod_Is400NamingTheField()
    {
        var client = await App.ApiClientAsync("planadmin@example.org");
        var response = await client.GetAsync("/api/billing/ecm-encounters?from=2031-05-01&to=May");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("to", out _).ShouldBeTrue();
    }
}

public sealed class EcmEncounterClaimsTests_Sqlite(SqliteApp app) : EcmEncounterClaimsTests(app);

public sealed class EcmEncounterClaimsTests_Postgres(PostgresApp app) : EcmEncounterClaimsTests(app);
