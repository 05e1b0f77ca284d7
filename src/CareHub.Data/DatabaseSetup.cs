using CareHub.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database CareHub uses. SQLite (a file under the data folder) unless a PostgreSQL connection string is
/// configured as <c>ConnectionStrings:Postgres</c> (environment variable <c>ConnectionStrings__Postgres</c>).
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration configuration, string contentRoot)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, postgres);
        }

        var sqlite = configuration.GetConnectionString("Sqlite");
        if (string.IsNullOrWhiteSpace(sqlite))
        {
            var dataDir = configuration["CareHub:DataDirectory"] ?? "data";
            dataDir = Path.GetFullPath(dataDir, contentRoot);
            Directory.CreateDirectory(dataDir);
            sqlite = $"Data Source={Path.Combine(dataDir, "carehub.db")}";
        }

        return new DatabaseSettings(DatabaseProvider.Sqlite, sqlite);
    }

    public string Describe() => Provider == DatabaseProvider.Postgres
        ? "PostgreSQL"
        : $"SQLite ({ConnectionString.Replace("Data Source=", "", StringComparison.OrdinalIgnoreCase)})";
}

public static class DatabaseSetup
{
    /// <summary>Registers <see cref="CareHubDbContext"/> for the configured provider, the audit trail (with its
    /// <see cref="AuditGroupCommit"/> on PostgreSQL), and data-protection keys stored in the database so that several
    /// app instances share them.</summary>
    public static IServiceCollection AddCareHubData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);

        // Contexts are pooled and their options built once: setting up a context for every request (options,
        // connection string, internal services) cost as much as a short query. Each request's context is given the
        // request's access scope when it is handed out.
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var connectionString = ForServing(settings.ConnectionString);
            services.AddPooledDbContextFactory<PostgresCareHubDbContext>(o => ConfigurePostgres(o, connectionString), PoolSize);
            services.AddScoped<CareHubDbContext>(sp => Lease<PostgresCareHubDbContext>(sp));
            services.AddSingleton(_ => new AuditGroupCommit(connectionString));
        }
        else
        {
            services.AddPooledDbContextFactory<SqliteCareHubDbContext>(o => ConfigureSqlite(o, settings.ConnectionString), PoolSize);
            services.AddScoped<CareHubDbContext>(sp => Lease<SqliteCareHubDbContext>(sp));
        }

        services.AddScoped<AuditTrail>();
        services.AddSingleton(sp => new Access.OrganizationGrants(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddDataProtection().SetApplicationName("CareHub").PersistKeysToDbContext<CareHubDbContext>();
        return services;
    }

    private const int PoolSize = 256;

    private static T Lease<T>(IServiceProvider services)
        where T : CareHubDbContext
    {
        var db = services.GetRequiredService<IDbContextFactory<T>>().CreateDbContext();
        db.Scope = services.GetRequiredService<IAccessScope>();
        db.Grants = services.GetRequiredService<Access.OrganizationGrants>();
        return db;
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__migrations"));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithoutJit(connectionString), o => o.MigrationsHistoryTable("__migrations"))
            .AddInterceptors(GenericPlans.Interceptor.Instance);

    /// <summary>
    /// The connection string with PostgreSQL's JIT compilation turned off for CareHub's sessions, unless its
    /// <c>Options</c> already say what to do with <c>jit</c>. CareHub's queries are short; JIT compiles a query when
    /// the planner's cost estimate is high (an organization-scoped count over a large plan, for example) and spent
    /// 260 ms compiling a count that runs in 10 ms without it.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) == true)
        {
            return connectionString;
        }

        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";
        return builder.ConnectionString;
    }

    /// <summary>The most statements a serving connection keeps prepared, unless the connection string says otherwise.</summary>
    public const int AutoPrepared = 64;

    /// <summary>
    /// The app's connection string: without JIT (<see cref="WithoutJit"/>), with the statements a connection runs
    /// again and again prepared on the server (Npgsql's <c>Max Auto Prepare</c>), and without resetting the session
    /// each time a connection goes back to the pool (<c>No Reset On Close</c>), unless the connection string sets them.
    /// The scoped queries nest the organization's filters several levels deep; planning them again on every request
    /// cost PostgreSQL more than running them (a FHIR Task search: about 9 ms of planning for 5 ms of work). The app
    /// keeps no session state (no settings, locks, cursors or temporary tables outlive a statement), while the reset
    /// ran five statements before every query of a request.
    /// </summary>
    public static string ForServing(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(WithoutJit(connectionString));
        var keys = connectionString.Replace(" ", "", StringComparison.Ordinal);
        if (!keys.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = AutoPrepared;
        }

        if (!keys.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, AuditGroupCommit> _groupCommits = new();

    /// <summary>An audit trail for a context created outside dependency injection (tools, benchmarks) that writes as
    /// the app's does: reads' entries committed in groups on PostgreSQL, through one group commit per database for the
    /// whole process.</summary>
    public static AuditTrail AuditTrailFor(CareHubDbContext db, DatabaseSettings settings, TimeProvider? clock = null) =>
        new(db, clock ?? TimeProvider.System, settings.Provider == DatabaseProvider.Postgres
            ? _groupCommits.GetOrAdd(settings.ConnectionString, cs => new AuditGroupCommit(ForServing(cs)))
            : null);

    /// <summary>Creates a context outside dependency injection (CLI, tests).</summary>
    public static CareHubDbContext CreateContext(DatabaseSettings settings, IAccessScope? scope = null)
    {
        scope ??= SystemAccessScope.Instance;
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var b = new DbContextOptionsBuilder<PostgresCareHubDbContext>();
            ConfigurePostgres(b, settings.ConnectionString);
            return new PostgresCareHubDbContext(b.Options) { Scope = scope };
        }

        var s = new DbContextOptionsBuilder<SqliteCareHubDbContext>();
        ConfigureSqlite(s, settings.ConnectionString);
        return new SqliteCareHubDbContext(s.Options) { Scope = scope };
    }

    /// <summary>Applies pending migrations. Safe to run from several instances at once on PostgreSQL
    /// (EF Core takes a migration lock).</summary>
    public static async Task MigrateAsync(this CareHubDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await db.Database.MigrateAsync(ct);
    }
}
