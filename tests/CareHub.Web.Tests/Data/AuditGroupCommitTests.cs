using CareHub.Audit;
using CareHub.Data;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CareHub.Web.Tests.Data;

/// <summary>On PostgreSQL the audit entries of reads are committed in groups: each caller's task completes once its
/// own entries are stored, concurrent callers share a commit, a failed group fails only its own callers, and entries
/// that belong with a change or a transaction are saved with it instead.</summary>
public sealed class AuditGroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset At => new(2026, 3, 2, 9, 30, 15, TimeSpan.Zero);

    [Fact]
    public async Task EachCallersEntries_AreStoredWhenItsTaskCompletes_AndConcurrentCallersShareCommits()
    {
        await using var database = await MigratedAsync();
        await using var commits = new AuditGroupCommit(database.Settings.ConnectionString);

        var callers = Enumerable.Range(0, 40).Select(async i =>
        {
            var member = Guid.NewGuid();
            await commits.WriteAsync([Entry(member, $"list {i}"), Entry(member, $"list {i}"), Entry(member, $"list {i}")]);
            await using var db = DatabaseSetup.CreateContext(database.Settings);
            return await db.AuditEntries.CountAsync(e => e.MemberId == member, Ct);
        }).ToList();

        (await Task.WhenAll(callers)).ShouldAllBe(stored => stored == 3);
        commits.Groups.ShouldBeLessThan(40, "callers that arrive while a group is written go into the next one together");

        await using var check = DatabaseSetup.CreateContext(database.Settings);
        (await check.AuditEntries.CountAsync(Ct)).ShouldBe(120);
    }

    [Fact]
    public async Task Entries_AreStoredAsGiven_NullsIncluded()
    {
        await using var database = await MigratedAsync();
        await using var commits = new AuditGroupCommit(database.Settings.ConnectionString);
        var member = Guid.NewGuid();
        var organization = Guid.NewGuid();

        await commits.WriteAsync(
        [
            new AuditEntry { At = At, UserId = "u-1", UserName = "cm@example.org", OrganizationId = organization, MemberId = member, Action = "member.list", Target = "/api/members?page=2", Source = "10.0.0.7", Detail = "results=1" },
            new AuditEntry { At = At.AddSeconds(1), Action = "member.list" },
        ]);

        await using var db = DatabaseSetup.CreateContext(database.Settings);
        var stored = await db.AuditEntries.OrderBy(e => e.Id).ToListAsync(Ct);
        stored.Count.ShouldBe(2);
        stored[0].ShouldSatisfyAllConditions(
            e => e.At.ShouldBe(At),
            e => e.UserId.ShouldBe("u-1"),
            e => e.UserName.ShouldBe("cm@example.org"),
            e => e.OrganizationId.ShouldBe(organization),
            e => e.MemberId.ShouldBe(member),
            e => e.Action.ShouldBe("member.list"),
            e => e.Target.ShouldBe("/api/members?page=2"),
            e => e.Source.ShouldBe("10.0.0.7"),
            e => e.Detail.ShouldBe("results=1"));
        stored[1].ShouldSatisfyAllConditions(
            e => e.At.ShouldBe(At.AddSeconds(1)),
            e => e.UserId.ShouldBeNull(),
            e => e.UserName.ShouldBeNull(),
            e => e.OrganizationId.ShouldBeNull(),
            e => e.MemberId.ShouldBeNull(),
            e => e.Target.ShouldBeNull(),
            e => e.Source.ShouldBeNull(),
            e => e.Detail.ShouldBeNull());
    }

    [Fact]
    public async Task AGroupThatCannotBeStored_FailsItsCallers_AndTheNextGroupIsStored()
    {
        await using var database = await MigratedAsync();
        await using var commits = new AuditGroupCommit(database.Settings.ConnectionString);

        var tooLong = new AuditEntry { At = At, Action = new string('x', 61) };
        var failed = await Should.ThrowAsync<PostgresException>(() => commits.WriteAsync([tooLong]));
        failed.SqlState.ShouldBe(PostgresErrorCodes.StringDataRightTruncation);

        var member = Guid.NewGuid();
        await commits.WriteAsync([Entry(member, "after the failure")]);
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        (await db.AuditEntries.Select(e => e.MemberId).ToListAsync(Ct)).ShouldBe([member]);
    }

    [Fact]
    public async Task TheTrail_CommitsReadsInGroups_ButSavesEntriesWithAPendingChangeOrInsideATransaction()
    {
        await using var database = await MigratedAsync();
        await using var commits = new AuditGroupCommit(database.Settings.ConnectionString);
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        var trail = new AuditTrail(db, new FakeTimeProvider(At), commits);
        var shown = new[] { Guid.NewGuid(), Guid.NewGuid() };

        await trail.RecordShownAsync("member.list", shown, "/api/members", ct: Ct);
        commits.Groups.ShouldBe(1);
        db.ChangeTracker.Entries<AuditEntry>().ShouldBeEmpty("a read's entries do not go through the context");

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await trail.RecordShownAsync("member.list", [Guid.NewGuid()], "/api/members", ct: Ct);
            await trail.RecordAsync("member.read", Guid.NewGuid(), "/api/members/x", ct: Ct);
            await transaction.RollbackAsync(Ct);
        }

        commits.Groups.ShouldBe(1, "inside a transaction the entries are the transaction's");
        await using var check = DatabaseSetup.CreateContext(database.Settings);
        (await check.AuditEntries.Select(e => e.MemberId!.Value).OrderBy(m => m).ToListAsync(Ct)).ShouldBe([.. shown.Order()], "rolled back with their transaction");

        db.ChangeTracker.Clear();
        db.AuditEntries.Add(new AuditEntry { At = At, Action = "member.update" });
        await trail.RecordAsync("member.read", shown[0], "/api/members/x", ct: Ct);
        commits.Groups.ShouldBe(1, "with a change pending, the entry is saved with it");
        (await check.AuditEntries.CountAsync(Ct)).ShouldBe(4);
    }

    private static AuditEntry Entry(Guid member, string detail) =>
        new() { At = At, UserName = "cm@example.org", MemberId = member, Action = "member.list", Target = "/api/members", Detail = detail };

    private static async Task<TestDatabase> MigratedAsync()
    {
        var database = await TestDatabase.CreateAsync(TestProvider.Postgres);
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        await db.Database.MigrateAsync(Ct);
        return database;
    }
}
