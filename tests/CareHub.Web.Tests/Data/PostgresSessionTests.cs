using CareHub.Data;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Data;

/// <summary>CareHub's PostgreSQL sessions run without JIT compilation unless the connection string says otherwise.</summary>
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
}
