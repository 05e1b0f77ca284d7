using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Testing;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CareHub.Web.Tests.Data;

/// <summary>A plan's member lists start from what is known of its grants: a grant the app saves reaches them at once,
/// one saved elsewhere within <see cref="OrganizationGrants.KnownFor"/>, and a revoked one leaves them at once.</summary>
public abstract class OrganizationGrantsTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private sealed record Setting(Guid PlanId, Guid Own, Guid Other);

    /// <summary>A plan of its own with one member, and a member of another plan it may be granted.</summary>
    private async Task<Setting> PlanAsync()
    {
        var otherPlan = await App.OrganizationAsync("planadmin2@example.org");
        await using var db = App.SystemDb();
        var plan = new Organization { Name = "Grants plan " + Guid.NewGuid().ToString("N")[..8], Type = OrganizationType.Plan, CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(plan);
        var own = NewMember(plan.Id);
        var other = NewMember(otherPlan.Id);
        db.Members.AddRange(own, other);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new Setting(plan.Id, own.Id, other.Id);
    }

    private static Member NewMember(Guid planId) => new()
    {
        PlanId = planId,
        PlanMemberId = $"OG{Guid.NewGuid():N}"[..20],
        FirstName = "Granted",
        LastName = "Member",
        BirthDate = new DateOnly(1966, 6, 6),
        Sex = "M",
        County = "Los Angeles",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private async Task<List<Guid>> ListedAsync(Setting s, OrganizationGrants? grants)
    {
        await using var db = App.ScopedDb(s.PlanId, OrganizationType.Plan);
        var members = await db.MembersInViewAsync(grants, TestContext.Current.CancellationToken);
        return await members.Where(m => m.Id == s.Own || m.Id == s.Other).Select(m => m.Id).OrderBy(id => id == s.Own ? 0 : 1)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    private async Task<MemberAccessGrant> GrantAsync(Setting s, OrganizationGrants? told)
    {
        await using var db = App.SystemDb();
        db.Grants = told;
        var grant = new MemberAccessGrant { MemberId = s.Other, OrganizationId = s.PlanId, Reason = MemberAccessGrants.EcmAssignment, GrantedAt = DateTimeOffset.UtcNow };
        db.MemberAccessGrants.Add(grant);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return grant;
    }

    private async Task RevokeAsync(MemberAccessGrant grant)
    {
        await using var db = App.SystemDb();
        var g = await db.MemberAccessGrants.SingleAsync(x => x.Id == grant.Id, TestContext.Current.CancellationToken);
        g.RevokedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AGrantTheAppSaves_ReachesThePlansList_AtOnce_AndARevokedOneLeavesIt_AtOnce()
    {
        var s = await PlanAsync();
        var grants = App.Services.GetRequiredService<OrganizationGrants>();
        (await ListedAsync(s, grants)).ShouldBe([s.Own]);

        var grant = await GrantAsync(s, grants);
        (await ListedAsync(s, grants)).ShouldBe([s.Own, s.Other]);

        await RevokeAsync(grant);
        (await ListedAsync(s, grants)).ShouldBe([s.Own]);
    }

    [Fact]
    public async Task AGrantSavedElsewhere_ReachesThePlansList_WithinKnownFor()
    {
        var s = await PlanAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var grants = new OrganizationGrants(clock);
        (await ListedAsync(s, grants)).ShouldBe([s.Own]);

        await GrantAsync(s, told: null);
        (await ListedAsync(s, grants)).ShouldBe([s.Own], "what was known a moment ago still holds");
        (await ListedAsync(s, grants: null)).ShouldBe([s.Own, s.Other], "the database is asked without what is known");

        clock.Advance(OrganizationGrants.KnownFor);
        (await ListedAsync(s, grants)).ShouldBe([s.Own, s.Other]);
    }

    [Fact]
    public async Task APlansOwnMembers_AreReadWithoutTheFilters_OnlyWhileItHoldsNoGrant()
    {
        var s = await PlanAsync();
        var ownNames = CompiledForEachModel.Of((CareHubDbContext db, Guid plan) => Participants.OwnMemberNamesShape.Invoke(db, plan).Select(m => m.Id));
        async Task<List<Guid>?> OwnAsync()
        {
            await using var db = App.ScopedDb(s.PlanId, OrganizationType.Plan);
            if (await db.PlanReadingOwnMembersAsync(grants: null, TestContext.Current.CancellationToken) is not { } plan)
            {
                return null;
            }

            plan.ShouldBe(s.PlanId);
            var ids = await ownNames.For(db)(db, plan).ToListAsync(TestContext.Current.CancellationToken);
            return [.. ids.Where(id => id == s.Own || id == s.Other)];
        }

        (await OwnAsync()).ShouldBe([s.Own]);
        var grant = await GrantAsync(s, told: null);
        (await OwnAsync()).ShouldBeNull("a plan holding a grant is left to the scoping filters");
        await RevokeAsync(grant);
        (await OwnAsync()).ShouldBe([s.Own]);

        await using var provider = App.ScopedDb(s.PlanId, OrganizationType.EcmProvider);
        (await provider.PlanReadingOwnMembersAsync(grants: null, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task TheAppsContexts_TellWhatIsKnown_OfTheGrantsTheySave()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
        db.Grants.ShouldBeSameAs(App.Services.GetRequiredService<OrganizationGrants>());
    }
}

public sealed class OrganizationGrantsTests_Sqlite(SqliteApp app) : OrganizationGrantsTests(app);

public sealed class OrganizationGrantsTests_Postgres(PostgresApp app) : OrganizationGrantsTests(app);
