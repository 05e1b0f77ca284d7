using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Web.Features.Ecm;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

// Worklist benchmark: builds 100,000 generated members with ECM cases and tasks, then times the worklist queries
// the app runs (care manager's tasks, provider caseload, stuck members, the plan's queue), with paging, through the
// app's own query code and organization scoping. Writes bench/results/worklist.md.
//   dotnet run -c Release --project bench/CareHub.Bench.Worklist -- [--members 100000] [--postgres "Host=...;Username=...;Database=postgres"]
// --reuse NAME keeps the databases under that name (SQLite in the temp directory, PostgreSQL as carehub_bench_NAME)
// and, when they already hold the same number of generated members, migrates and times them without building again;
// --build-only stops after building (with --reuse, to time the database later); --explain prints each query's SQL
// and plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL) once, before its timed runs.
var members = 100_000;
string? postgres = Environment.GetEnvironmentVariable("CAREHUB_BENCH_POSTGRES");
string? output = null;
string? note = null;
var sqliteOnly = false;
var postgresOnly = false;
var keep = false;
string? reuse = null;
var buildOnly = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--members": members = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--postgres": postgres = args[++i]; break;
        case "--output": output = args[++i]; break;
        case "--note": note = args[++i]; break;
        case "--sqlite-only": sqliteOnly = true; break;
        case "--postgres-only": postgresOnly = true; break;
        case "--keep-database": keep = true; break;
        case "--reuse": reuse = args[++i]; break;
        case "--build-only": buildOnly = true; break;
        case "--explain": Bench.Explain = true; break;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}"); return 2;
    }
}

output ??= Path.Combine(FindRoot(), "bench", "results", "worklist.md");
var catalog = CatalogLoader.LoadEmbedded().Catalog!;
var results = new List<(string Database, Bench.Figures Figures)>();

if (!postgresOnly)
{
    var dir = reuse is null ? Directory.CreateTempSubdirectory("carehub-bench-").FullName : Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "carehub-bench-" + reuse)).FullName;
    try
    {
        var sqlite = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "bench.db")}");
        results.Add(("SQLite", await Bench.RunAsync(sqlite, members, catalog, buildOnly)));
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (keep || reuse is not null)
        {
            Console.WriteLine($"SQLite database kept in {dir}");
        }
        else
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

if (!sqliteOnly && !string.IsNullOrWhiteSpace(postgres))
{
    var name = "carehub_bench_" + (reuse ?? Guid.NewGuid().ToString("N")[..8]);
    if (reuse is null || !await Bench.DatabaseExistsAsync(postgres, name))
    {
        await Bench.ExecAsync(postgres, $"CREATE DATABASE \"{name}\"");
    }

    try
    {
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString);
        results.Add(("PostgreSQL", await Bench.RunAsync(settings, members, catalog, buildOnly)));
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        if (keep || reuse is not null)
        {
            Console.WriteLine($"PostgreSQL database {name} kept");
        }
        else
        {
            await Bench.ExecAsync(postgres, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }
}

if (buildOnly)
{
    Console.WriteLine("Built; nothing timed, so no results written.");
    return 0;
}

// A hand-written "## Notes" section at the end (before and after, what changed, what is open) survives a rerun.
var notes = File.Exists(output) ? File.ReadAllText(output) : "";
var notesAt = notes.IndexOf("\n## Notes", StringComparison.Ordinal);
File.WriteAllText(output, Bench.Report(results, members, note) + (notesAt >= 0 ? notes[(notesAt + 1)..] : ""));
Console.WriteLine(File.ReadAllText(output));
Console.WriteLine($"Written to {output}");
return 0;

static string FindRoot()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "CareHub.slnx")))
    {
        d = d.Parent;
    }

    return d?.FullName ?? Directory.GetCurrentDirectory();
}

internal static class Bench
{
    public const int Providers = 10;

    /// <summary>Print each query's plan once (the first warm-up run).</summary>
    public static bool Explain { get; set; }
    public const int Runs = 25;

    /// <summary>The p95 a worklist query may take at 100,000 members (a list should feel instant), and twice that at
    /// larger sizes: a list should not grow with the plan.</summary>
    public static double BudgetMs(string database, int members) => (database == "PostgreSQL" ? 50 : 100) * (members > 100_000 ? 2 : 1);

    /// <summary>Wall time (median, p95) and the benchmark process's own CPU time per run (median): on SQLite the query
    /// runs in this process, so CPU time is its cost even when other work makes the machine wait for a core.</summary>
    public sealed record Timing(string Query, string Detail, double MedianMs, double P95Ms, double CpuMs, int Rows);

    public sealed record Figures(TimeSpan Build, bool Reused, int Members, int Cases, int Tasks, IReadOnlyList<Timing> Timings);

    public static async Task<bool> DatabaseExistsAsync(string connection, string name)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", conn);
        cmd.Parameters.AddWithValue("name", name);
        return await cmd.ExecuteScalarAsync() is not null;
    }

    public static async Task ExecAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<Figures> RunAsync(DatabaseSettings settings, int memberCount, ProgramCatalog catalog, bool buildOnly)
    {
        Console.WriteLine($"== {settings.Describe()}: building {memberCount:N0} members");
        var clock = TimeProvider.System;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var build = Stopwatch.StartNew();
        await using (var db = DatabaseSetup.CreateContext(settings))
        {
            // A reused database may build new indexes over a million rows.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.MigrateAsync();
        }

        // A database kept from an earlier run with the same members is reused: the migrations above bring its
        // schema (indexes) up to date, and only the timings run again.
        Organization plan;
        List<Organization> providers;
        int cases, tasks;
        var reused = false;
        await using (var db = DatabaseSetup.CreateContext(settings))
        {
            var existing = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Name == "Bench Health Plan");
            if (existing is not null && await db.Members.IgnoreQueryFilters().CountAsync(m => m.PlanId == existing.Id) == memberCount)
            {
                plan = existing;
                providers = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.EcmProvider && o.Name.StartsWith("Bench ECM Provider")).OrderBy(o => o.Name).ToListAsync();
                cases = await db.Set<EcmCase>().IgnoreQueryFilters().CountAsync();
                tasks = await db.Set<EcmTask>().IgnoreQueryFilters().CountAsync();
                reused = true;
            }
            else if (existing is not null)
            {
                throw new InvalidOperationException($"{settings.Describe()} holds another bench database; reuse it with its own --members or pick another --reuse name.");
            }
            else
            {
                (plan, providers, cases, tasks) = await BuildAsync(settings, memberCount, now, today);
            }
        }

        build.Stop();
        Console.WriteLine(reused ? $"  reused with {cases:N0} cases, {tasks:N0} tasks; migrated in {build.Elapsed.TotalSeconds:0.0} s" : $"\n  built in {build.Elapsed.TotalSeconds:0.0} s");
        await using (var db = DatabaseSetup.CreateContext(settings))
        {
            // PostgreSQL reads an index alone only for pages its visibility map marks all-visible, which (auto)vacuum
            // sets on a live database; a freshly loaded one is vacuumed here so the counts run as they would there.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            if (reused)
            {
                // The audit entries earlier runs wrote are removed, so every run writes its own into the table a fresh
                // build starts with (a reused database otherwise measures its inserts into a table that grows each run).
                await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries");
            }

            await db.Database.ExecuteSqlRawAsync(settings.Provider == DatabaseProvider.Postgres ? "VACUUM (ANALYZE)" : "ANALYZE");
        }

        if (buildOnly)
        {
            return new Figures(build.Elapsed, reused, memberCount, cases, tasks, []);
        }

        List<Guid> shownIds;
        await using (var db = DatabaseSetup.CreateContext(settings))
        {
            shownIds = await db.Members.OrderBy(m => m.PlanMemberId).Select(m => m.Id).Take(50).ToListAsync();
        }

        var planScope = new FixedAccessScope(plan.Id, OrganizationType.Plan, UserName: "bench-plan@example.org");
        var providerScope = new FixedAccessScope(providers[0].Id, OrganizationType.EcmProvider, UserName: "bench-provider@example.org");
        var timings = new List<Timing>
        {
            await TimeAsync(settings, providerScope, catalog, "Care manager's tasks due (provider)", "due today or overdue, page 1 of 25", q => Count(q.WorklistAsync(new WorklistFilter("due", null, null, 1, 25), "bench"))),
            await TimeAsync(settings, providerScope, catalog, "Care manager's tasks, deep page (provider)", "all open, page 40 of 25", q => Count(q.WorklistAsync(new WorklistFilter("all", null, null, 40, 25), "bench"))),
            await TimeAsync(settings, planScope, catalog, "Care manager's tasks due (plan)", "due today or overdue, page 1 of 25", q => Count(q.WorklistAsync(new WorklistFilter("due", null, null, 1, 25), "bench"))),
            await TimeAsync(settings, planScope, catalog, "Plan worklist sorted by member name", "all open, page 10 of 25", q => Count(q.WorklistAsync(new WorklistFilter("all", null, "name", 10, 25), "bench"))),
            await TimeAsync(settings, providerScope, catalog, "Provider caseload vs capacity", "counts by status", async q => (await q.CaseloadAsync()).Count),
            await TimeAsync(settings, planScope, catalog, "All providers' caseload (plan)", "counts by provider and status", async q => (await q.CaseloadAsync()).Count),
            await TimeAsync(settings, planScope, catalog, "Members stuck too long (plan)", "open, unchanged 14+ days, page 1 of 25", q => Count(q.ListAsync(new CaseFilter("open", null, null, true, "stuck", 1, 25), "bench"))),
            await TimeAsync(settings, planScope, catalog, "Members stuck too long, deep page (plan)", "page 100 of 25", q => Count(q.ListAsync(new CaseFilter("open", null, null, true, "stuck", 100, 25), "bench"))),
            await TimeAsync(settings, planScope, catalog, "Referrals awaiting decision (plan queue)", "referred, by decision due, page 1 of 25", q => Count(q.ListAsync(new CaseFilter("referred", null, null, false, "due", 1, 25), "bench"))),
            await TimeAsync(settings, providerScope, catalog, "Provider's open caseload list", "open, longest in status, page 1 of 25", q => Count(q.ListAsync(new CaseFilter("open", null, null, false, "stuck", 1, 25), "bench"))),
            await TimeAsync(settings, planScope, catalog, "Status counts for the queue cards (plan)", "group by status, overdue, stuck", async q => (await q.CountsAsync()).ByStatus.Count),
            await TimeAuditAsync(settings, planScope, 25, shownIds),
            await TimeAuditAsync(settings, planScope, 50, shownIds),
        };
        return new Figures(build.Elapsed, reused, memberCount, cases, tasks, timings);
    }

    private static async Task<(Organization Plan, List<Organization> Providers, int Cases, int Tasks)> BuildAsync(DatabaseSettings settings, int memberCount, DateTimeOffset now, DateOnly today)
    {
        var plan = new Organization { Name = "Bench Health Plan", Type = OrganizationType.Plan, Counties = ["Los Angeles", "Orange", "San Diego"], CreatedAt = now };
        var providers = Enumerable.Range(1, Providers).Select(i => new Organization
        {
            Name = $"Bench ECM Provider {i:00}",
            Type = OrganizationType.EcmProvider,
            Counties = ["Los Angeles"],
            Capacity = 3000,
            Languages = ["English", "Spanish"],
            CreatedAt = now,
        }).ToList();
        await using (var db = DatabaseSetup.CreateContext(settings))
        {
            db.Organizations.Add(plan);
            db.Organizations.AddRange(providers);
            await db.SaveChangesAsync();
        }

        var rng = new Random(20220101);
        var statuses = new[] { EcmStatus.Referred, EcmStatus.Authorized, EcmStatus.Assigned, EcmStatus.Accepted, EcmStatus.Outreach, EcmStatus.Enrolled, EcmStatus.Enrolled, EcmStatus.Enrolled, EcmStatus.Disenrolled, EcmStatus.Denied };
        var taskKinds = new[] { EcmTaskKind.Outreach, EcmTaskKind.Assessment, EcmTaskKind.CarePlan, EcmTaskKind.DischargeFollowUp, EcmTaskKind.FollowUp, EcmTaskKind.Reassessment };
        var cases = 0;
        var tasks = 0;
        const int chunk = 5000;
        for (var start = 0; start < memberCount; start += chunk)
        {
            await using var db = DatabaseSetup.CreateContext(settings);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(memberCount, start + chunk); i++)
            {
                var m = new Member
                {
                    PlanId = plan.Id,
                    PlanMemberId = "BM" + i.ToString("000000", CultureInfo.InvariantCulture),
                    FirstName = "Member",
                    LastName = "N" + (i * 7919 % 100000).ToString("00000", CultureInfo.InvariantCulture),
                    BirthDate = new DateOnly(1950, 1, 1).AddDays(rng.Next(0, 20000)),
                    County = "Los Angeles",
                    CreatedAt = now,
                };
                db.Members.Add(m);

                // Two in five members have an ECM case; members in a provider stage are granted to the provider.
                if (i % 5 >= 2)
                {
                    continue;
                }

                var status = statuses[rng.Next(statuses.Length)];
                var provider = providers[rng.Next(Providers)];
                var withProvider = EcmStatus.WithProvider.Contains(status) || status == EcmStatus.Disenrolled;
                var changed = now.AddDays(-rng.Next(0, 120));
                var c = new EcmCase
                {
                    MemberId = m.Id,
                    PlanId = plan.Id,
                    Status = status,
                    OpenMemberId = EcmStatus.IsOpen(status) ? m.Id : null,
                    Source = EcmSource.Identification,
                    ReferredAt = changed.AddDays(-rng.Next(0, 30)),
                    DecisionDueBy = DateOnly.FromDateTime(changed.UtcDateTime).AddDays(5),
                    StatusChangedAt = changed,
                    ProviderId = withProvider ? provider.Id : null,
                };
                db.Add(c);
                cases++;
                if (EcmStatus.WithProvider.Contains(status))
                {
                    db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = m.Id, OrganizationId = provider.Id, Reason = CareHub.Data.Access.MemberAccessGrants.EcmAssignment, SourceId = c.Id, GrantedAt = changed });
                }

                for (var t = rng.Next(1, 5); t > 0; t--)
                {
                    var owner = EcmStatus.WithProvider.Contains(status) && rng.Next(4) > 0 ? provider.Id : plan.Id;
                    var done = rng.NextDouble() < 0.6;
                    db.Add(new EcmTask
                    {
                        CaseId = c.Id,
                        MemberId = m.Id,
                        OrganizationId = owner,
                        Kind = taskKinds[rng.Next(taskKinds.Length)],
                        Title = "Bench task",
                        MemberSortName = Member.SortName(m.LastName, m.FirstName),
                        DueDate = today.AddDays(rng.Next(-60, 60)),
                        CreatedAt = changed,
                        CompletedAt = done ? now : null,
                        CompletedBy = done ? "bench" : null,
                    });
                    tasks++;
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            Console.Write($"\r  {Math.Min(memberCount, start + chunk):N0} members, {cases:N0} cases, {tasks:N0} tasks");
        }

        return (plan, providers, cases, tasks);
    }

    private static async Task<int> Count<T>(Task<Paged<T>> page) => (await page).Items.Count;

    private static CareHubDbContext ExplainingContext(DatabaseSettings settings, IAccessScope scope)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var b = new DbContextOptionsBuilder<PostgresCareHubDbContext>();
            DatabaseSetup.ConfigurePostgres(b, settings.ConnectionString);
            b.AddInterceptors(new ExplainInterceptor(postgres: true));
            return new PostgresCareHubDbContext(b.Options) { Scope = scope };
        }

        var s = new DbContextOptionsBuilder<SqliteCareHubDbContext>();
        DatabaseSetup.ConfigureSqlite(s, settings.ConnectionString);
        s.AddInterceptors(new ExplainInterceptor(postgres: false));
        return new SqliteCareHubDbContext(s.Options) { Scope = scope };
    }

    private static async Task<Timing> TimeAsync(DatabaseSettings settings, IAccessScope scope, ProgramCatalog catalog, string name, string detail, Func<EcmQueries, Task<int>> query)
    {
        var samples = new List<double>();
        var cpu = new List<double>();
        var rows = 0;
        for (var run = -3; run < Runs; run++)
        {
            await using var db = Explain && run == -3 ? ExplainingContext(settings, scope) : DatabaseSetup.CreateContext(settings, scope);
            var audit = DatabaseSetup.AuditTrailFor(db, settings);
            var queries = new EcmQueries(db, audit, TimeProvider.System, new EcmLookups(db, catalog));
            if (run == -3 && Explain)
            {
                Console.WriteLine($"-- {name} ({detail})");
            }

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            rows = await query(queries);
            sw.Stop();
            if (run >= 0)
            {
                samples.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
        }

        samples.Sort();
        cpu.Sort();
        var timing = new Timing(name, detail, samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.95) - 1], cpu[cpu.Count / 2], rows);
        Console.WriteLine($"  {name,-48} median {timing.MedianMs,8:0.0} ms   p95 {timing.P95Ms,8:0.0} ms   cpu {timing.CpuMs,6:0.0} ms   rows {rows}");
        return timing;
    }

    /// <summary>What a list pays for its audit: one entry per member shown, written in one round trip.</summary>
    private static async Task<Timing> TimeAuditAsync(DatabaseSettings settings, IAccessScope scope, int shown, IReadOnlyList<Guid> memberIds)
    {
        var samples = new List<double>();
        var cpu = new List<double>();
        for (var run = -3; run < Runs; run++)
        {
            await using var db = DatabaseSetup.CreateContext(settings, scope);
            var audit = DatabaseSetup.AuditTrailFor(db, settings);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            await audit.RecordShownAsync("member.list", memberIds.Take(shown), "members", "bench");
            sw.Stop();
            if (run >= 0)
            {
                samples.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }
        }

        samples.Sort();
        cpu.Sort();
        var timing = new Timing($"Audit of a list of {shown} members", $"{shown} entries, one per member shown, one round trip", samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.95) - 1], cpu[cpu.Count / 2], shown);
        Console.WriteLine($"  {timing.Query,-48} median {timing.MedianMs,8:0.0} ms   p95 {timing.P95Ms,8:0.0} ms   cpu {timing.CpuMs,6:0.0} ms");
        return timing;
    }

    public static string Report(IReadOnlyList<(string Database, Figures Figures)> results, int members, string? note)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Worklist benchmark");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Generated by `bench/CareHub.Bench.Worklist` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{members:N0} generated members of one plan; two in five have an ECM case (all statuses), each case 1-4 tasks (60% done), {Providers} ECM providers.");
        sb.AppendLine("Each query runs through the app's own query code (`EcmQueries`) with organization scoping (query filters, grants) and its audit entry,");
        sb.AppendLine(CultureInfo.InvariantCulture, $"on a fresh data context, {Runs} timed runs after 3 warm-up runs. Budget: p95 at most {BudgetMs("PostgreSQL", members):0} ms on PostgreSQL and {BudgetMs("SQLite", members):0} ms on SQLite{(members > 100_000 ? " (twice the budget at 100,000 members)" : "")}.");
        sb.AppendLine("App CPU is the median CPU time the benchmark process spent per run: the whole query on SQLite, the client's share on PostgreSQL.");
        sb.AppendLine();
        if (!string.IsNullOrWhiteSpace(note))
        {
            sb.AppendLine(note);
            sb.AppendLine();
        }

        foreach (var (database, f) in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"## {database}");
            sb.AppendLine();
            var built = f.Reused ? $"a database built by an earlier run, migrated to this build in {f.Build.TotalSeconds:0.0} s" : $"built in {f.Build.TotalSeconds:0.0} s";
            sb.AppendLine(CultureInfo.InvariantCulture, $"{f.Members:N0} members, {f.Cases:N0} cases, {f.Tasks:N0} tasks; {built}.");
            sb.AppendLine();
            sb.AppendLine("| query | what | median ms | p95 ms | app CPU ms | rows | within budget |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---|");
            foreach (var t in f.Timings)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {t.Query} | {t.Detail} | {t.MedianMs:0.0} | {t.P95Ms:0.0} | {t.CpuMs:0.0} | {t.Rows} | {(t.P95Ms <= BudgetMs(database, f.Members) ? "yes" : "**no**")} |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}

/// <summary>Prints a query's SQL and its plan before it runs: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE (which runs
/// it once more) on PostgreSQL.</summary>
internal sealed class ExplainInterceptor(bool postgres) : DbCommandInterceptor
{
    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (!command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            return result;
        }

        await using var explain = command.Connection!.CreateCommand();
        explain.Transaction = command.Transaction;
        explain.CommandText = (postgres ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ") + command.CommandText;
        foreach (DbParameter p in command.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = p.ParameterName;
            copy.DbType = p.DbType;
            copy.Value = p.Value;
            explain.Parameters.Add(copy);
        }

        Console.WriteLine(command.CommandText);
        await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Console.WriteLine("   " + (postgres ? reader.GetString(0) : reader.GetString(reader.FieldCount - 1)));
        }

        Console.WriteLine();
        return result;
    }
}
