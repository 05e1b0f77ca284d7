using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Testing;
using CareHub.Web.Tests.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Each grant opens only what its reason needs: a CBO to which a member is referred sees the member's identity and
/// contact and the referral it holds, never the ECM record, claims or enrollment, nor another CBO's referral; the ECM
/// record and claims are the plan's and the assigned ECM provider's. Checked for every kind of member data in the
/// model, below the UI, and through the API and pages.
/// </summary>
public abstract class MinimumNecessaryTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    /// <summary>The kinds of member data a referral opens (through the referral it belongs to).</summary>
    private static readonly HashSet<Type> _referralData =
        [typeof(Referral), typeof(ReferralDocument), typeof(ReferralStatusChange), typeof(ServiceAuthorization), typeof(ServiceDelivery), typeof(ExtensionRequest)];

    private sealed record Arranged(Member Member, Guid CaseId, Guid ReferralId, Guid OtherReferralId, Organization Cbo, Organization OtherCbo, Organization Ecm);

    /// <summary>A member with claims and enrollment, an ECM case assigned to the first ECM provider, a meals referral
    /// to the first CBO (with a document), and a referral of another CBO.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        Organization otherCbo;
        await using (var db = App.SystemDb())
        {
            otherCbo = await db.Organizations.FirstAsync(o => o.Type == OrganizationType.Cbo && o.Id != cbo.Id);
            db.Encounters.Add(new Encounter
            {
                MemberId = member.Id,
                SourceId = $"CLM-{member.PlanMemberId}",
                EncounterClass = "inpatient",
                ServiceDate = new DateOnly(2024, 11, 2),
                PrimaryDiagnosis = "F20.9",
                Description = "Psychiatric admission",
                PaidAmount = 9000,
            });
            await db.SaveChangesAsync();
        }

        var plan = await App.ApiClientAsync("plancm@example.org");
        var created = await ReferralTestData.PostOkAsync(plan, "/api/ecm/cases", new { memberId = member.Id, source = "identification", reason = "High utilizer with serious mental illness" });
        var caseId = created.GetProperty("id").GetGuid();
        await ReferralTestData.PostOkAsync(plan, $"/api/ecm/cases/{caseId}/authorization", new { decision = "approved", reason = "Meets criteria" });
        await ReferralTestData.PostOkAsync(plan, $"/api/ecm/cases/{caseId}/assignment", new { providerId = ecm.Id });

        var referral = ReferralTestData.Id(await ReferralTestData.PostOkAsync(plan, "/api/referrals", ReferralTestData.MealsReferral(member.Id, cbo.Id)));
        var other = ReferralTestData.Id(await ReferralTestData.PostOkAsync(plan, "/api/referrals",
            ReferralTestData.MealsReferral(member.Id, otherCbo.Id, "2025-06-02", "2025-06-29")));
        return new Arranged(member, caseId, referral, other, cbo, otherCbo, ecm);
    }

    /// <summary>Rows of the member in every <see cref="IMemberData"/> entity of the model, as <paramref name="db"/> sees them.</summary>
    private static async Task<Dictionary<Type, int>> CountsAsync(CareHubDbContext db, Guid memberId)
    {
        var count = typeof(MinimumNecessaryTests).GetMethod(nameof(CountAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        var counts = new Dictionary<Type, int>();
        foreach (var type in db.Model.GetEntityTypes().Select(e => e.ClrType).Where(t => typeof(IMemberData).IsAssignableFrom(t)))
        {
            counts[type] = await (Task<int>)count.MakeGenericMethod(type).Invoke(null, [db, memberId])!;
        }

        return counts;
    }

    private static Task<int> CountAsync<T>(CareHubDbContext db, Guid memberId)
        where T : class, IMemberData => db.Set<T>().CountAsync(e => e.MemberId == memberId);

    [Fact]
    public async Task AReferralGrant_OpensTheMembersIdentityAndItsReferral_NeverTheRecord()
    {
        var a = await ArrangeAsync();
        Dictionary<Type, int> all;
        await using (var system = App.SystemDb())
        {
            all = await CountsAsync(system, a.Member.Id);
        }

        // The arranged data covers the record (ECM, claims, enrollment) and the referrals, so the checks below can fail.
        all[typeof(EcmCase)].ShouldBe(1);
        all[typeof(EcmCaseEvent)].ShouldBeGreaterThan(0);
        all[typeof(Encounter)].ShouldBe(1);
        all[typeof(EnrollmentSpan)].ShouldBe(1);
        all[typeof(Referral)].ShouldBe(2);
        all[typeof(ReferralDocument)].ShouldBe(2);
        all[typeof(ReferralStatusChange)].ShouldBeGreaterThanOrEqualTo(2);
        all.Keys.Count(t => !_referralData.Contains(t)).ShouldBeGreaterThan(8);

        await using (var cbo = App.ScopedDb(a.Cbo.Id, OrganizationType.Cbo))
        {
            (await cbo.Members.CountAsync(m => m.Id == a.Member.Id)).ShouldBe(1);
            var seen = await CountsAsync(cbo, a.Member.Id);
            foreach (var (type, n) in seen.Where(s => !_referralData.Contains(s.Key)))
            {
                n.ShouldBe(0, $"a CBO holding only a referral grant sees {type.Name} rows");
            }

            (await cbo.Referrals.Select(r => r.Id).ToListAsync()).ShouldContain(a.ReferralId);
            (await cbo.Referrals.AnyAsync(r => r.Id == a.OtherReferralId)).ShouldBeFalse("a CBO sees another CBO's referral");
            seen[typeof(ReferralDocument)].ShouldBe(1);
            (await cbo.Set<ReferralStatusChange>().AnyAsync(c => c.ReferralId == a.OtherReferralId)).ShouldBeFalse();
            (await cbo.MemberAccessGrants.AnyAsync(g => g.MemberId == a.Member.Id)).ShouldBeTrue();
        }

        await using (var other = App.ScopedDb(a.OtherCbo.Id, OrganizationType.Cbo))
        {
            (await other.Referrals.Where(r => r.MemberId == a.Member.Id).Select(r => r.Id).ToListAsync()).ShouldBe([a.OtherReferralId]);
            (await other.Set<EcmCase>().CountAsync(c => c.MemberId == a.Member.Id)).ShouldBe(0);
        }

        await using (var ecm = App.ScopedDb(a.Ecm.Id, OrganizationType.EcmProvider))
        {
            var seen = await CountsAsync(ecm, a.Member.Id);
            seen[typeof(EcmCase)].ShouldBe(1);
            seen[typeof(Encounter)].ShouldBe(1);
            seen[typeof(EnrollmentSpan)].ShouldBe(1);
            seen[typeof(Referral)].ShouldBe(0, "the ECM provider takes part in neither referral");
        }

        var planId = (await App.OrganizationAsync("plancm@example.org")).Id;
        await using (var plan = App.ScopedDb(planId, OrganizationType.Plan))
        {
            (await CountsAsync(plan, a.Member.Id)).ShouldBe(all);
        }
    }

    [Fact]
    public async Task ACbo_IsRefusedEveryEcmRoute_AndSeesNoClaimsOrEnrollment()
    {
        var a = await ArrangeAsync();
        var cbo = await App.ApiClientAsync("cbo@example.org");

        var member = await cbo.GetFromJsonAsync<JsonElement>($"/api/members/{a.Member.Id}");
        member.GetProperty("lastName").GetString().ShouldBe(a.Member.LastName);
        member.GetProperty("enrollment").GetArrayLength().ShouldBe(0);
        member.GetProperty("utilization").GetArrayLength().ShouldBe(0);
        (await cbo.GetStringAsync($"/api/members/{a.Member.Id}")).ShouldNotContain("F20.9");

        (await cbo.GetAsync($"/api/ecm/cases/{a.CaseId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cbo.GetAsync("/api/ecm/cases")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cbo.GetAsync($"/api/members/{a.Member.Id}/ecm-cases")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cbo.GetAsync("/api/ecm/assessment-forms")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cbo.PostAsJsonAsync("/api/ecm/cases", new { memberId = a.Member.Id, source = "cbo", reason = "Needs more help" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await cbo.GetAsync($"/api/referrals/{a.ReferralId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cbo.GetAsync($"/api/referrals/{a.OtherReferralId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var referrals = await cbo.GetStringAsync($"/api/members/{a.Member.Id}/referrals");
        referrals.ShouldContain(a.ReferralId.ToString());
        referrals.ShouldNotContain(a.OtherReferralId.ToString());

        var pages = await App.PageClientAsync("cbo@example.org");
        foreach (var url in new[] { $"/ecm/cases/{a.CaseId}", $"/members/{a.Member.Id}/ecm", "/ecm", "/ecm/worklist" })
        {
            var response = await pages.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            var denied = await pages.GetAsync(response.Headers.Location!);
            denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
        }

        var page = await pages.GetStringAsync($"/members/{a.Member.Id}");
        page.ShouldContain(a.Member.LastName);
        page.ShouldNotContain("F20.9");
        page.ShouldNotContain($"/ecm/cases/{a.CaseId}");

        // The same requests by the assigned ECM provider work, so the refusals above are about the role and grant.
        var ecm = await App.ApiClientAsync("ecm@example.org");
        (await ecm.GetAsync($"/api/ecm/cases/{a.CaseId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ecm.GetFromJsonAsync<JsonElement>($"/api/members/{a.Member.Id}")).GetProperty("utilization").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task ACbosUsageView_ListsOnlyTheAuthorizationsOfItsOwnReferral()
    {
        var a = await ArrangeAsync();
        var admin = await App.ApiClientAsync("planadmin@example.org");
        await ReferralTestData.PostOkAsync(admin, $"/api/referrals/{a.ReferralId}/decision", new { decision = "approve", cboId = a.Cbo.Id, quantity = 56 });
        await ReferralTestData.PostOkAsync(admin, $"/api/referrals/{a.OtherReferralId}/decision", new { decision = "approve", cboId = a.OtherCbo.Id, quantity = 56 });
        await using (var system = App.SystemDb())
        {
            (await system.ServiceAuthorizations.CountAsync(x => x.MemberId == a.Member.Id)).ShouldBe(2, "both referrals are authorized, so the check below can fail");
        }

        var cbo = await App.ApiClientAsync("cbo@example.org");
        var usage = await cbo.GetFromJsonAsync<JsonElement>($"/api/members/{a.Member.Id}/cs-usage");
        var referrals = usage.EnumerateArray().SelectMany(u => u.GetProperty("authorizations").EnumerateArray())
            .Select(x => x.GetProperty("referralId").GetGuid()).ToList();
        referrals.ShouldBe([a.ReferralId], "a CBO sees the authorization of its own referral, not another CBO's");
    }

    [Fact]
    public async Task AReferrer_CannotHandAMemberToACboOutsideThePlansNetwork()
    {
        var a = await ArrangeAsync();
        Organization outside;
        await using (var db = App.SystemDb())
        {
            outside = (await db.Organizations.Where(o => o.Type == OrganizationType.Cbo).ToListAsync())
                .First(o => !o.Counties.Contains(a.Member.County, StringComparer.OrdinalIgnoreCase));
        }

        var ecm = await App.ApiClientAsync("ecm@example.org");
        var refused = await ecm.PostAsJsonAsync("/api/referrals", ReferralTestData.MealsReferral(a.Member.Id, outside.Id, "2025-08-04", "2025-08-31"));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("cboId", out _).ShouldBeTrue(problem.ToString());
        await using (var db = App.SystemDb())
        {
            (await db.MemberAccessGrants.AnyAsync(g => g.MemberId == a.Member.Id && g.OrganizationId == outside.Id)).ShouldBeFalse();
            (await db.Referrals.AnyAsync(r => r.MemberId == a.Member.Id && r.CboId == outside.Id)).ShouldBeFalse();
        }

        // A CBO of the plan's network for the member's county is accepted from the same referrer.
        await ReferralTestData.PostOkAsync(ecm, "/api/referrals", ReferralTestData.MealsReferral(a.Member.Id, a.Cbo.Id, "2025-08-04", "2025-08-31"));
    }
}

public sealed class MinimumNecessaryTests_Sqlite(SqliteApp app) : MinimumNecessaryTests(app);

public sealed class MinimumNecessaryTests_Postgres(PostgresApp app) : MinimumNecessaryTests(app);
