using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Testing;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Ecm;

public abstract class EcmPathTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<Member> NewMemberAsync(string county)
    {
        var plan = await App.OrganizationAsync("planadmin@example.org");
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "EP" + Guid.NewGuid().ToString("N")[..16],
            Cin = "8" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant() + "Q",
            FirstName = "Path",
            LastName = "Case" + Guid.NewGuid().ToString("N")[..4],
            BirthDate = new DateOnly(1971, 4, 2),
            County = county,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = App.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = county, Start = new DateOnly(2021, 1, 1) });
        await db.SaveChangesAsync();
        return member;
    }

    [Fact]
    public async Task Intake_PopulationNotYetLiveInTheMembersCounty_IsRefusedNamingPopulation()
    {
        var plan = await App.ApiClientAsync("planadmin@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var fresno = await NewMemberAsync("Fresno");
        var losAngeles = await NewMemberAsync("Los Angeles");
        object Transition(Member m) => new { memberId = m.Id, source = "wpc", population = "homelessness", transitionDate = "2022-01-01", providerId = ecm.Id };

        // Homelessness went live on 2022-01-01 only in the former WPC/HHP counties; Fresno followed on 2022-07-01.
        var refused = await plan.PostAsJsonAsync("/api/ecm/cases", Transition(fresno));
        var body = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("errors").GetProperty("population")[0].GetString()!.ShouldContain("goes live in Fresno County on 2022-07-01");

        await using (var db = App.SystemDb())
        {
            (await db.Set<EcmCase>().AnyAsync(c => c.MemberId == fresno.Id)).ShouldBeFalse();
        }

        var enrolled = await plan.PostAsJsonAsync("/api/ecm/cases", Transition(losAngeles));
        enrolled.StatusCode.ShouldBe(HttpStatusCode.Created, await enrolled.Content.ReadAsStringAsync());
        (await enrolled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("enrolled");

        // Today the population is live in Fresno too.
        var today = await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = fresno.Id, source = "pcp", population = "homelessness" });
        today.StatusCode.ShouldBe(HttpStatusCode.Created, await today.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PresumptiveEnrollment_NotAuthorizedInTime_EndsWithOneHistoryEntry_ClosesTasks_AndRevokesAccess()
    {
        var member = await NewMemberAsync("Los Angeles");
        var waiting = await NewMemberAsync("Los Angeles");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var expired = await AddPresumptiveAsync(member, ecm.Id, Today.AddDays(-1));
        var stillOpen = await AddPresumptiveAsync(waiting, ecm.Id, Today);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<SystemScopeSwitch>().UseSystem = true;
            var ended = await scope.ServiceProvider.GetRequiredService<ExpirePresumptiveEnrollments>().HandleAsync();
            ended.ShouldContain(expired);
            ended.ShouldNotContain(stillOpen);
        }

        await using var db = App.SystemDb();
        var c = await db.Set<EcmCase>().SingleAsync(x => x.Id == expired);
        c.Status.ShouldBe(EcmStatus.Disenrolled);
        c.DisenrollmentReason.ShouldBe(DisenrollmentReason.PresumptiveNotAuthorized);
        c.OpenMemberId.ShouldBeNull();
        c.PresumptiveDueBy.ShouldBeNull();
        var events = await db.Set<EcmCaseEvent>().Where(e => e.CaseId == expired).ToListAsync();
        events.Count(e => e.Kind == EcmEventKind.Status && e.Status == EcmStatus.Disenrolled).ShouldBe(1);
        events.ShouldContain(e => e.Detail!.Contains($"did not authorize the presumptive enrollment by {Today.AddDays(-1):yyyy-MM-dd}"));
        (await db.Set<EcmTask>().Where(t => t.CaseId == expired).AllAsync(t => t.CompletedAt != null)).ShouldBeTrue();
        (await db.MemberAccessGrants.SingleAsync(g => g.SourceId == expired)).RevokedAt.ShouldNotBeNull();
        (await db.AuditEntries.CountAsync(a => a.MemberId == member.Id && a.Action == EcmAuditActions.Authorize)).ShouldBe(1);

        var open = await db.Set<EcmCase>().SingleAsync(x => x.Id == stillOpen);
        open.Status.ShouldBe(EcmStatus.Enrolled);
        (await db.MemberAccessGrants.SingleAsync(g => g.SourceId == stillOpen)).RevokedAt.ShouldBeNull();

        // Running again changes nothing.
        await using var again = App.Services.CreateAsyncScope();
        again.ServiceProvider.GetRequiredService<SystemScopeSwitch>().UseSystem = true;
        (await again.ServiceProvider.GetRequiredService<ExpirePresumptiveEnrollments>().HandleAsync()).ShouldNotContain(expired);
        (await db.Set<EcmCaseEvent>().CountAsync(e => e.CaseId == expired)).ShouldBe(events.Count);
    }

    /// <summary>A presumptive enrollment as the provider's use case leaves it, with the plan's clock ending on <paramref name="dueBy"/>.</summary>
    private async Task<Guid> AddPresumptiveAsync(Member member, Guid providerId, DateOnly dueBy)
    {
        var now = DateTimeOffset.UtcNow.AddDays(-10);
        await using var db = App.SystemDb();
        var c = new EcmCase
        {
            MemberId = member.Id,
            PlanId = member.PlanId,
            OpenMemberId = member.Id,
            Source = EcmSource.EcmProvider,
            Status = EcmStatus.Enrolled,
            ReferredAt = now,
            StatusChangedAt = now,
            DecisionDueBy = dueBy,
            Presumptive = true,
            PresumptiveDueBy = dueBy,
            ProviderId = providerId,
            AssignedAt = now,
            EnrollmentDate = DateOnly.FromDateTime(now.UtcDateTime),
            EnrolledAt = now,
        };
        db.Add(c);
        db.Add(new EcmTask { CaseId = c.Id, MemberId = member.Id, OrganizationId = member.PlanId, Kind = EcmTaskKind.AuthorizationDecision, Title = "Authorize the presumptive ECM enrollment", DueDate = dueBy, CreatedAt = now });
        db.Add(new EcmTask { CaseId = c.Id, MemberId = member.Id, OrganizationId = providerId, Kind = EcmTaskKind.Assessment, Title = "Complete the comprehensive assessment", DueDate = dueBy.AddDays(20), CreatedAt = now });
        db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = member.Id, OrganizationId = providerId, Reason = "ecm-assignment", SourceId = c.Id, GrantedAt = now });
        await db.SaveChangesAsync();
        return c.Id;
    }
}

public sealed class EcmPathTests_Sqlite(SqliteApp app) : EcmPathTests(app);

public sealed class EcmPathTests_Postgres(PostgresApp app) : EcmPathTests(app);
