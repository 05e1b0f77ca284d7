using CareHub.Data;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CareHub.Web.Tests.Data;

/// <summary>Members stored before their names had search keys get the keys the app computes when the database is
/// upgraded, accents and spacing included, so searches find them as they find new members.</summary>
public abstract class MemberNameKeysMigrationTests(TestProvider provider)
{
    [Fact]
    public async Task Upgrading_GivesExistingMembersTheAppsNameKeys()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        var migrations = db.Database.GetMigrations().ToList();
        var keys = migrations.Single(m => m.EndsWith("_MemberNameKeys", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.IndexOf(keys) - 1], TestContext.Current.CancellationToken);

        // Rows written as the previous version stored them, in each database's own column types.
        var sqlite = provider == TestProvider.Sqlite;
        var plan = sqlite ? "'6B1A3C5E-0000-4000-8000-000000000001'" : "'6b1a3c5e-0000-4000-8000-000000000001'";
        var now = sqlite ? DateTimeOffset.UtcNow.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "now()";
        var (counties, no) = sqlite ? ("'[]'", "0") : ("ARRAY[]::text[]", "false");
        var rows = new List<string> { $"INSERT INTO organizations (\"Id\", \"Name\", \"Type\", \"Counties\", \"Languages\", \"CreatedAt\") VALUES ({plan}, 'Plan', 'Plan', {counties}, {counties}, {now})" };
        var names = new[] { (" josé ", "Peña Nguyễn"), ("Ann", "o''brien-SMITH"), ("Zoë", "Ibáñez") };
        for (var i = 0; i < names.Length; i++)
        {
            var id = sqlite ? $"'6B1A3C5E-0000-4000-8000-00000000010{i}'" : $"'6b1a3c5e-0000-4000-8000-00000000010{i}'";
            rows.Add("INSERT INTO members (\"Id\", \"PlanId\", \"PlanMemberId\", \"FirstName\", \"LastName\", \"BirthDate\", \"Sex\", \"County\", \"IsDual\", \"PreferredLanguage\", \"CreatedAt\") " +
                $"VALUES ({id}, {plan}, 'M{i}', '{names[i].Item1}', '{names[i].Item2}', '1980-01-01', 'U', 'Kern', {no}, 'English', {now})");
        }

        foreach (var sql in rows)
        {
            await db.Database.ExecuteSqlRawAsync(sql, TestContext.Current.CancellationToken);
        }

        await migrator.MigrateAsync(null, TestContext.Current.CancellationToken);

        var stored = await db.Members.IgnoreQueryFilters().AsNoTracking().OrderBy(m => m.PlanMemberId).ToListAsync(TestContext.Current.CancellationToken);
        stored.Select(m => (m.FirstNameKey, m.LastNameKey)).ShouldBe([("JOSE", "PENA NGUYEN"), ("ANN", "O'BRIEN-SMITH"), ("ZOE", "IBANEZ")]);
        stored.ShouldAllBe(m => m.FirstNameKey == Members.Member.NameKey(m.FirstName) && m.LastNameKey == Members.Member.NameKey(m.LastName));
    }
}

public sealed class MemberNameKeysMigrationTests_Sqlite() : MemberNameKeysMigrationTests(TestProvider.Sqlite);

public sealed class MemberNameKeysMigrationTests_Postgres() : MemberNameKeysMigrationTests(TestProvider.Postgres);
