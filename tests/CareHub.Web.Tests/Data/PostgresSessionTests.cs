using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Data;

/// <summary>CareHub's PostgreSQL sessions run without JIT compilation unless the connection string says otherwise, and
/// queries marked for a generic plan get one without changing the session for the queries after them.</summary>
public sealed class PostgresSessionTests
{
    [Theory]
    [InlineData("Host=db;Database=carehub", "-c jit=off")]
    [InlineData("Host=db;Database=carehub;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c jit=off")]
    [InlineData("Host=db;Database=carehub;Options=-c jit=on", "-c jit=on")]
    public void WithoutJit_AddsTheOption_UnlessJitIsAlreadySet(string connectionString, string options)
    {
        new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.WithoutJit(connectionString)).Options.ShouldBe(options);
    }

    [Theory]
    [InlineData("Host=db;Database=carehub", DatabaseSetup.AutoPrepared, true)]
    [InlineData("Host=db;Database=carehub;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db;Database=carehub;MaxAutoPrepare=10;NoResetOnClose=false", 10, false)]
    public void ServingSessions_PrepareRepeatedStatements_AndKeepTheirSession_UnlessTheConnectionStringSaysOtherwise(string connectionString, int prepared, bool noReset)
    {
        var serving = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.ForServing(connectionString));
        serving.MaxAutoPrepare.ShouldBe(prepared);
        serving.NoResetOnClose.ShouldBe(noReset);
        serving.Options.ShouldBe("-c jit=off");
    }

    [Fact]
    public async Task TheAppsSessions_HaveJitOff()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Postgres);
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        var jit = await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);
        jit.ShouldBe("off");
    }

    private static async Task<CareHubDbContext> WithOrganizations(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        var db = DatabaseSetup.CreateContext(database.Settings);
        await db.Database.MigrateAsync(ct);
        foreach (var name in new[] { "Plan A", "Plan B", "CBO C", "CBO D" })
        {
            db.Organizations.Add(new Organization { Name = name, Type = OrganizationType.Plan, Counties = ["Kern"], CreatedAt = DateTimeOffset.UtcNow });
        }

        await db.SaveChangesAsync(ct);
        return db;
    }

    private static Task<string> PlanCacheMode(CareHubDbContext db, bool generic)
    {
        var query = db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"");
        return (generic ? query.WithGenericPlan() : query).SingleAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AQueryMarkedForAGenericPlan_RunsWithOne_AndTheSessionKeepsItsSetting_EvenWhenTheQueryFails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(TestProvider.Postgres);
        await using var db = await WithOrganizations(database);
        await db.Database.OpenConnectionAsync(ct);

        (await PlanCacheMode(db, generic: true)).ShouldBe("force_generic_plan");
        (await PlanCacheMode(db, generic: false)).ShouldBe("auto");

        var failing = db.Database.SqlQueryRaw<int>("SELECT 1 / (count(*)::int - count(*)::int) AS \"Value\" FROM organizations").WithGenericPlan();
        await Should.ThrowAsync<Npgsql.PostgresException>(() => failing.SingleAsync(ct));
        (await PlanCacheMode(db, generic: false)).ShouldBe("auto");

        var marked = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Take(3).WithGenericPlan().Select(o => o.Name).ToListAsync(ct);
        marked.ShouldBe(["CBO C", "CBO D", "Plan A"]);
    }

    [Fact]
    public async Task OnSqlite_TheMarkChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        await using var db = await WithOrganizations(database);
        var marked = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Take(3).WithGenericPlan().Select(o => o.Name).ToListAsync(ct);
        marked.ShouldBe(["CBO C", "CBO D", "Plan A"]);
    }
}
