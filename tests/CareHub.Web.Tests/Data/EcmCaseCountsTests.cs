using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CareHub.Web.Tests.Data;

/// <summary>The database keeps the case counts by plan, provider and status in step with the cases, whatever changes
/// them: cases there before the upgrade, cases added several at a time, moved to another status or provider, and
/// removed one by one or with their member.</summary>
public abstract class EcmCaseCountsTests(TestProvider provider)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeptCounts_MatchTheCases_ThroughEveryKindOfChange()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        var migrations = db.Database.GetMigrations().ToList();
        var counts = migrations.Single(m => m.EndsWith("_EcmCaseCounts", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.IndexOf(counts) - 1], Ct);

        var plan = Organization("Plan", OrganizationType.Plan);
        var otherPlan = Organization("Other plan", OrganizationType.Plan);
        var first = Organization("First provider", OrganizationType.EcmProvider);
        var second = Organization("Second provider", OrganizationType.EcmProvider);
        db.Organizations.AddRange(plan, otherPlan, first, second);
        var before = new[] { Case(db, plan, EcmStatus.Referred), Case(db, plan, EcmStatus.Enrolled, first), Case(db, otherPlan, EcmStatus.Enrolled, first) };
        await db.SaveChangesAsync(Ct);

        await migrator.MigrateAsync(null, Ct);
        (await KeptAsync(db)).ShouldBe(await ActualAsync(db), "cases there before the upgrade are counted");
        (await KeptAsync(db)).ShouldContain((plan.Id, first.Id, EcmStatus.Enrolled, 1));

        var added = Enumerable.Range(0, 6).Select(i => Case(db, plan, i % 2 == 0 ? EcmStatus.Referred : EcmStatus.Assigned, i % 3 == 0 ? second : first)).ToList();
        await db.SaveChangesAsync(Ct);
        (await KeptAsync(db)).ShouldBe(await ActualAsync(db), "cases added in one save");

        before[0].Status = EcmStatus.Authorized;
        added[0].ProviderId = first.Id;
        added[1].Status = EcmStatus.Enrolled;
        added[1].ProviderId = second.Id;
        added[2].PlanId = otherPlan.Id;
        added[3].LeadCareManager = "A. Lee";
        await db.SaveChangesAsync(Ct);
        (await KeptAsync(db)).ShouldBe(await ActualAsync(db), "cases moved to another status, provider or plan");

        db.Remove(added[4]);
        await db.SaveChangesAsync(Ct);
        await db.Members.IgnoreQueryFilters().Where(m => m.Id == added[5].MemberId).ExecuteDeleteAsync(Ct);
        db.ChangeTracker.Clear();
        (await KeptAsync(db)).ShouldBe(await ActualAsync(db), "cases removed, one with its member");

        var byProvider = (await KeptAsync(db)).Where(c => c.Provider == first.Id).Sum(c => c.Count);
        byProvider.ShouldBe(await db.Set<EcmCase>().IgnoreQueryFilters().CountAsync(c => c.ProviderId == first.Id, Ct));
    }

    protected static async Task<List<(Guid Plan, Guid Provider, EcmStatus Status, int Count)>> KeptAsync(CareHubDbContext db) =>
        [.. (await db.Set<EcmCaseCount>().AsNoTracking().Where(c => c.Count != 0).ToListAsync(Ct))
            .Select(c => (c.PlanId, c.ProviderId, c.Status, c.Count)).OrderBy(c => c.PlanId).ThenBy(c => c.ProviderId).ThenBy(c => c.Status.ToCode(), StringComparer.Ordinal)];

    protected static async Task<List<(Guid Plan, Guid Provider, EcmStatus Status, int Count)>> ActualAsync(CareHubDbContext db) =>
        [.. (await db.Set<EcmCase>().IgnoreQueryFilters().AsNoTracking().Select(c => new { c.PlanId, c.ProviderId, c.Status }).ToListAsync(Ct))
            .GroupBy(c => (c.PlanId, Provider: c.ProviderId ?? Guid.Empty, c.Status)).Select(g => (g.Key.PlanId, g.Key.Provider, g.Key.Status, g.Count()))
            .OrderBy(c => c.PlanId).ThenBy(c => c.Provider).ThenBy(c => c.Status.ToCode(), StringComparer.Ordinal)];

    protected static Organization Organization(string name, OrganizationType type) =>
        new() { Name = name, Type = type, Counties = ["Kern"], CreatedAt = DateTimeOffset.UtcNow };

    protected static EcmCase Case(CareHubDbContext db, Organization plan, EcmStatus status, Organization? withProvider = null)
    {
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "M" + Guid.NewGuid().ToString("N")[..10],
            FirstName = "Case",
            LastName = "Count",
            BirthDate = new DateOnly(1970, 1, 1),
            County = "Kern",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var c = new EcmCase
        {
            MemberId = member.Id,
            PlanId = plan.Id,
            Status = status,
            OpenMemberId = EcmStatus.IsOpen(status) ? member.Id : null,
            ProviderId = withProvider?.Id,
            Source = EcmSource.Identification,
            ReferredAt = DateTimeOffset.UtcNow,
            DecisionDueBy = new DateOnly(2026, 1, 1),
            StatusChangedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(member);
        db.Add(c);
        return c;
    }
}

public sealed class EcmCaseCountsTests_Sqlite() : EcmCaseCountsTests(TestProvider.Sqlite);

public sealed class EcmCaseCountsTests_Postgres() : EcmCaseCountsTests(TestProvider.Postgres)
{
    /// <summary>PostgreSQL moves the counts when a change commits, so a case added to a plan does not wait for
    /// another open transaction that added one to the same plan (the count row it changes is not held meanwhile).</summary>
    [Fact]
    public async Task ACaseAdded_DoesNotWaitForAnotherOpenTransactionOfTheSamePlan()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Postgres);
        await using var first = DatabaseSetup.CreateContext(database.Settings);
        await first.Database.MigrateAsync(Ct);
        var plan = Organization("Plan", OrganizationType.Plan);
        first.Organizations.Add(plan);
        await first.SaveChangesAsync(Ct);

        await using var open = await first.Database.BeginTransactionAsync(Ct);
        Case(first, plan, EcmStatus.Referred);
        await first.SaveChangesAsync(Ct);

        await using var second = DatabaseSetup.CreateContext(database.Settings);
        await second.Database.OpenConnectionAsync(Ct);
        await second.Database.ExecuteSqlRawAsync("SET lock_timeout = '3s'", Ct);
        Case(second, plan, EcmStatus.Referred);
        await second.SaveChangesAsync(Ct);

        await open.CommitAsync(Ct);
        (await KeptAsync(second)).ShouldBe(await ActualAsync(second));
        (await KeptAsync(second)).ShouldContain((plan.Id, Guid.Empty, EcmStatus.Referred, 2));
    }
}
