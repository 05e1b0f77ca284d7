using CareHub.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CareHub.Data;

// Used only by the migrations tooling (scripts/migrations.sh).
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCareHubDbContext>
{
    public SqliteCareHubDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<SqliteCareHubDbContext>();
        DatabaseSetup.ConfigureSqlite(b, "Data Source=design.db");
        return new SqliteCareHubDbContext(b.Options) { Scope = SystemAccessScope.Instance };
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCareHubDbContext>
{
    public PostgresCareHubDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<PostgresCareHubDbContext>();
        DatabaseSetup.ConfigurePostgres(b, "Host=localhost;Database=carehub_design");
        return new PostgresCareHubDbContext(b.Options) { Scope = SystemAccessScope.Instance };
    }
}
