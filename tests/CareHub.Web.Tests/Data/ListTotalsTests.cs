using CareHub.Common;
using CareHub.Data.Access;
using CareHub.Members;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CareHub.Web.Tests.Data;

/// <summary>Totals of long lists are reused for a short while, per organization and list; short lists are counted every
/// time.</summary>
public abstract class ListTotalsTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private async Task<(string Family, Guid PlanId)> MembersAsync(int count)
    {
        var plan = await App.OrganizationAsync("plancm@example.org");
        var family = "Lt" + Guid.NewGuid().ToString("N")[..10];
        await using var db = App.SystemDb();
        for (var i = 0; i < count; i++)
        {
            db.Members.Add(NewMember(plan.Id, family, i));
        }

        await db.SaveChangesAsync();
        return (family, plan.Id);
    }

    private async Task AddMemberAsync(Guid planId, string family, int i, CancellationToken ct)
    {
        await using var write = App.SystemDb();
        write.Members.Add(NewMember(planId, family, i));
        await write.SaveChangesAsync(ct);
    }

    private static Member NewMember(Guid planId, string family, int i) => new()
    {
        PlanId = planId,
        PlanMemberId = $"LT{Guid.NewGuid():N}"[..20],
        FirstName = $"Total{i}",
        LastName = family,
        BirthDate = new DateOnly(1970, 1, 1),
        Sex = "F",
        County = "Los Angeles",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task ALongListsTotal_IsReusedForAWhile_PerOrganizationAndList()
    {
        var (family, planId) = await MembersAsync(4);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var totals = new ListTotals(clock, reuseFrom: 3);
        var plan = new FixedAccessScope(planId, OrganizationType.Plan);
        var other = new FixedAccessScope(Guid.NewGuid(), OrganizationType.Plan);
        var ct = TestContext.Current.CancellationToken;

        await using var db = App.SystemDb();
        var list = db.Members.Where(m => m.LastName == family);
        (await totals.CountAsync(list, plan, "members?" + family, ct)).ShouldBe(4);

        await AddMemberAsync(planId, family, 4, ct);

        (await totals.CountAsync(list, plan, "members?" + family, ct)).ShouldBe(4, "a long list's total is reused within the period");
        (await totals.CountAsync(list, other, "members?" + family, ct)).ShouldBe(5, "another organization never gets this one's total");
        (await totals.CountAsync(list, plan, "members?" + family + "&county=x", ct)).ShouldBe(5, "another filter is another list");

        clock.Advance(ListTotals.ReuseFor);
        (await totals.CountAsync(list, plan, "members?" + family, ct)).ShouldBe(5, "after the period the list is counted again");
    }

    [Fact]
    public async Task AnExactCountIgnoresWhatWasKept_AndKeepsTheNewTotal()
    {
        var (family, planId) = await MembersAsync(2);
        var totals = new ListTotals(new FakeTimeProvider(DateTimeOffset.UtcNow), reuseFrom: 2);
        var plan = new FixedAccessScope(planId, OrganizationType.Plan);
        var ct = TestContext.Current.CancellationToken;

        await using var db = App.SystemDb();
        var list = db.Members.Where(m => m.LastName == family);
        (await totals.CountAsync(list, plan, "referrals", ct)).ShouldBe(2);
        await AddMemberAsync(planId, family, 2, ct);

        (await totals.CountAsync(list, plan, "referrals", ct)).ShouldBe(2, "long from 2, so its total is kept");
        (await totals.CountAsync(list, plan, "referrals", ct, exact: true)).ShouldBe(3, "an exact count counts now");
        (await totals.CountAsync(list, plan, "referrals", ct)).ShouldBe(3, "and keeps the new total");
    }

    [Fact]
    public async Task AShortListsTotal_IsCountedEveryTime()
    {
        var (family, planId) = await MembersAsync(2);
        var totals = new ListTotals(new FakeTimeProvider(DateTimeOffset.UtcNow), reuseFrom: 3);
        var plan = new FixedAccessScope(planId, OrganizationType.Plan);
        var ct = TestContext.Current.CancellationToken;

        await using var db = App.SystemDb();
        var list = db.Members.Where(m => m.LastName == family);
        (await totals.CountAsync(list, plan, "members", ct)).ShouldBe(2);
        await AddMemberAsync(planId, family, 2, ct);

        (await totals.CountAsync(list, plan, "members", ct)).ShouldBe(3);
    }
}

public sealed class ListTotalsTests_Sqlite(SqliteApp app) : ListTotalsTests(app);

public sealed class ListTotalsTests_Postgres(PostgresApp app) : ListTotalsTests(app)
{
    [Fact]
    public async Task WhileOneCallerRecountsADueTotal_TheOthersReadTheKeptOne()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var totals = new ListTotals(clock, reuseFrom: 0);
        var scope = new FixedAccessScope(Guid.NewGuid(), OrganizationType.Plan);
        var ct = TestContext.Current.CancellationToken;
        await using var db = app.SystemDb();
        await using var other = app.SystemDb();
        var list = db.DataProtectionKeys.Where(k => k.Id > 0);
        var kept = await totals.CountAsync(list, scope, "keys", ct);
        clock.Advance(ListTotals.ReuseFor);

        // The first caller's count waits behind a lock on the table, so it is still under way when the second asks.
        await using var locker = app.SystemDb();
        await using var tx = await locker.Database.BeginTransactionAsync(ct);
        await locker.Database.ExecuteSqlRawAsync("""LOCK TABLE "DataProtectionKeys" IN ACCESS EXCLUSIVE MODE""", ct);
        var recount = totals.CountAsync(list, scope, "keys", ct);
        var meanwhile = totals.CountAsync(other.DataProtectionKeys.Where(k => k.Id > 0), scope, "keys", ct);
        var answeredFirst = await Task.WhenAny(meanwhile, Task.Delay(TimeSpan.FromSeconds(5), ct));
        var recountWaited = !recount.IsCompleted;
        await tx.RollbackAsync(ct);
        await Task.WhenAll(recount, meanwhile);

        answeredFirst.ShouldBe(meanwhile, "the second caller reads the kept total without counting again");
        recountWaited.ShouldBeTrue("the recount waited for the lock");
        (await meanwhile).ShouldBe(kept);
        (await recount).ShouldBe(kept);
    }
}
