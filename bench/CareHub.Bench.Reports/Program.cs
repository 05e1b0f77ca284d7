using System.Diagnostics;
using System.Globalization;
using System.Text;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Reporting;
using CareHub.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// Quarterly reports benchmark: builds generated members with ECM cases, outreach, an identification run, Community
// Supports referrals, status changes and services over two years, then times the quarterly ECM and Community
// Supports reports (the app's own report code, on the database) and one drill-down. Writes bench/results/reports.md.
//   dotnet run -c Release --project bench/CareHub.Bench.Reports -- [--members 100000] [--postgres "Host=...;Username=...;Database=postgres"] [--keep-sqlite FILE]
var members = 100_000;
string? postgres = Environment.GetEnvironmentVariable("CAREHUB_BENCH_POSTGRES");
string? output = null;
string? keep = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--members": members = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--postgres": postgres = args[++i]; break;
        case "--output": output = args[++i]; break;
        case "--keep-sqlite": keep = args[++i]; break;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}"); return 2;
    }
}

output ??= Path.Combine(FindRoot(), "bench", "results", "reports.md");
var results = new List<(string Database, Bench.Figures Figures)>();
var dir = Directory.CreateTempSubdirectory("carehub-bench-reports-").FullName;
try
{
    var sqlite = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "bench.db")}");
    results.Add(("SQLite", await Bench.RunAsync(sqlite, members)));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (keep is not null)
    {
        File.Copy(Path.Combine(dir, "bench.db"), keep, overwrite: true);
    }

    Directory.Delete(dir, recursive: true);
}

if (!string.IsNullOrWhiteSpace(postgres))
{
    var name = "carehub_bench_" + Guid.NewGuid().ToString("N")[..8];
    await Bench.ExecAsync(postgres, $"CREATE DATABASE \"{name}\"");
    try
    {
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString);
        results.Add(("PostgreSQL", await Bench.RunAsync(settings, members)));
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        await Bench.ExecAsync(postgres, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}

File.WriteAllText(output, Bench.Report(results, members));
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
    public const int Runs = 5;
    public static readonly Quarter Quarter = Quarter.Create(2025, 2);
    private static readonly string[] _counties = ["Los Angeles", "Orange", "San Diego"];
    private static readonly string[] _populations = ["adult-high-utilizer", "homelessness", "adult-smi-sud", "child-high-utilizer", "incarceration-transition"];
    private static readonly string[] _services = ["medically-tailored-meals", "housing-deposits", "housing-transition-navigation", "recuperative-care", "respite-services", "asthma-remediation"];

    public sealed record Timing(string Report, double FirstMs, double MedianMs, int Rows);

    public sealed record Figures(TimeSpan Build, int Members, int Cases, int Referrals, int Rows, IReadOnlyList<Timing> Timings);

    public static async Task ExecAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<Figures> RunAsync(DatabaseSettings settings, int memberCount)
    {
        Console.WriteLine($"== {settings.Describe()}: building {memberCount:N0} members");
        var build = Stopwatch.StartNew();
        await using (var db = DatabaseSetup.CreateContext(settings))
        {
            await db.MigrateAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var plan = new Organization { Name = "Bench Health Plan", Type = OrganizationType.Plan, Counties = [.. _counties], CreatedAt = now };
        var providers = Enumerable.Range(1, 10).Select(i => new Organization { Name = $"Bench ECM Provider {i:00}", Type = OrganizationType.EcmProvider, Capacity = 3000, CreatedAt = now }).ToList();
        var cbo = new Organization { Name = "Bench CBO", Type = OrganizationType.Cbo, CreatedAt = now };
        var run = new IdentificationRunRecord { PlanId = plan.Id, AsOf = Quarter.Last.AddDays(-10), RuleVersion = "current", Status = RunStatus.Completed, RequestedAt = now };
        await using (var db = DatabaseSetup.CreateContext(settings))
        {
            db.Organizations.Add(plan);
            db.Organizations.AddRange(providers);
            db.Organizations.Add(cbo);
            db.IdentificationRuns.Add(run);
            await db.SaveChangesAsync();
        }

        // Activity spread over 2024-2025 (eight quarters), so the reported quarter holds about an eighth of it.
        var origin = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rng = new Random(20250401);
        DateTimeOffset At() => origin.AddMinutes(rng.Next(0, 730 * 24 * 60));
        int cases = 0, referrals = 0, rows = 0;
        const int chunk = 5000;
        for (var start = 0; start < memberCount; start += chunk)
        {
            await using var db = DatabaseSetup.CreateContext(settings);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(memberCount, start + chunk); i++)
            {
                var county = _counties[rng.Next(_counties.Length)];
                var m = new Member { PlanId = plan.Id, PlanMemberId = $"B{i:D8}", FirstName = "Bench", LastName = $"Member{i:D8}", BirthDate = new DateOnly(1960, 1, 1).AddDays(rng.Next(20000)), County = county, CreatedAt = now };
                db.Members.Add(m);
                db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = m.Id, PlanId = plan.Id, County = county, Start = new DateOnly(2022, 1, 1) });
                rows += 2;
                if (rng.Next(5) == 0)
                {
                    db.Determinations.Add(new DeterminationRecord { RunId = run.Id, MemberId = m.Id, Population = _populations[rng.Next(_populations.Length)], RuleVersion = "x", Eligible = rng.Next(3) > 0, EvidenceText = "bench", County = county });
                    rows++;
                }

                if (rng.Next(100) < 15)
                {
                    var referred = At();
                    var c = new EcmCase
                    {
                        MemberId = m.Id,
                        PlanId = plan.Id,
                        Source = EcmSource.Identification,
                        Population = _populations[rng.Next(_populations.Length)],
                        Status = EcmStatus.Enrolled,
                        ReferredAt = referred,
                        DecidedAt = referred.AddDays(3),
                        AssignedAt = referred.AddDays(5),
                        EnrolledAt = rng.Next(3) > 0 ? referred.AddDays(20) : null,
                        ProviderId = providers[rng.Next(providers.Count)].Id,
                        StatusChangedAt = referred,
                    };
                    if (rng.Next(4) == 0)
                    {
                        c.DisenrolledAt = referred.AddDays(rng.Next(30, 300));
                        c.DisenrollmentReason = DisenrollmentReason.All[rng.Next(DisenrollmentReason.All.Count)];
                    }

                    db.Add(c);
                    for (var k = rng.Next(4); k > 0; k--)
                    {
                        db.Add(new OutreachAttempt { CaseId = c.Id, MemberId = m.Id, ProviderId = c.ProviderId!.Value, Date = DateOnly.FromDateTime(referred.AddDays(5 + k).UtcDateTime), Modality = "phone", Outcome = "reached" });
                        rows++;
                    }

                    cases++;
                    rows++;
                }

                if (rng.Next(100) < 10)
                {
                    var created = At();
                    var r = new Referral
                    {
                        MemberId = m.Id,
                        PlanId = plan.Id,
                        County = county,
                        CommunitySupportCode = _services[rng.Next(_services.Length)],
                        ReferringOrganizationId = plan.Id,
                        ReferrerKind = "plan-care-manager",
                        Reason = "bench",
                        CboId = cbo.Id,
                        CreatedAt = created,
                        UpdatedAt = created,
                        StatusChangedAt = created,
                        DecisionDueAt = created.AddHours(120),
                        DecidedAt = created.AddHours(rng.Next(2, 160)),
                        RequestedStart = new DateOnly(2024, 1, 1),
                        RequestedEnd = new DateOnly(2025, 12, 31),
                        Status = ReferralStatus.Closed,
                    };
                    var denied = rng.Next(6) == 0;
                    r.DenialReason = denied ? "Criteria not met" : null;
                    db.Referrals.Add(r);
                    db.Add(new ReferralStatusChange { ReferralId = r.Id, MemberId = m.Id, From = ReferralStatus.Submitted, To = denied ? ReferralStatus.Denied : ReferralStatus.Approved, At = r.DecidedAt!.Value });
                    rows += 2;
                    if (!denied)
                    {
                        for (var k = rng.Next(1, 6); k > 0; k--)
                        {
                            db.Add(new ServiceDelivery { MemberId = m.Id, ReferralId = r.Id, CboId = cbo.Id, ServiceDate = DateOnly.FromDateTime(created.AddDays(7 * k).UtcDateTime), Quantity = 14, Amount = 150m, RecordedAt = created });
                            rows++;
                        }

                        db.Add(new ReferralStatusChange { ReferralId = r.Id, MemberId = m.Id, From = ReferralStatus.InService, To = ReferralStatus.Closed, At = created.AddDays(60) });
                        rows++;
                    }

                    referrals++;
                }
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        build.Stop();
        Console.WriteLine($"   built in {build.Elapsed.TotalSeconds:0.0} s: {cases:N0} ECM cases, {referrals:N0} referrals, {rows:N0} rows");

        var scope = new FixedAccessScope(plan.Id, OrganizationType.Plan, "bench", "bench", Roles.PlanAdmin);
        var timings = new List<Timing>
        {
            await TimeAsync(settings, scope, "Quarterly ECM report", async db =>
                (await new EcmQuarterlyReport(db, new ReportFacts(db)).HandleAsync(new EcmQuarterlyReport.Input(plan.Id, Quarter), default)).Rows.Count),
            await TimeAsync(settings, scope, "Quarterly Community Supports report", async db =>
                (await new CommunitySupportsQuarterlyReport(db, new ReportFacts(db)).HandleAsync(new CommunitySupportsQuarterlyReport.Input(plan.Id, Quarter), default)).Rows.Count),
            await TimeAsync(settings, scope, "Drill-down: ECM enrolled, one population and county, first page", async db =>
                (await new ReportMembers(db, new ReportFacts(db), DatabaseSetup.AuditTrailFor(db, settings))
                    .HandleAsync(new ReportMembers.Input(plan.Id, "ecm", "enrolled", Quarter, _populations[0], _counties[0]), "bench", default)).Members.Count),
        };
        return new Figures(build.Elapsed, memberCount, cases, referrals, rows, timings);
    }

    private static async Task<Timing> TimeAsync(DatabaseSettings settings, IAccessScope scope, string name, Func<CareHubDbContext, Task<int>> query)
    {
        var times = new List<double>();
        var count = 0;
        for (var i = 0; i <= Runs; i++)
        {
            await using var db = DatabaseSetup.CreateContext(settings, scope);
            var sw = Stopwatch.StartNew();
            count = await query(db);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        var warm = times.Skip(1).Order().ToList();
        var t = new Timing(name, times[0], warm[warm.Count / 2], count);
        Console.WriteLine($"   {name}: first {t.FirstMs:0} ms, median {t.MedianMs:0} ms ({count} rows)");
        return t;
    }

    public static string Report(IReadOnlyList<(string Database, Figures Figures)> results, int members)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Quarterly reports benchmark");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/CareHub.Bench.Reports` on {Environment.ProcessorCount} cores, {members:N0} members.");
        sb.AppendLine("The data: 15% of members with an ECM case (a third not enrolled, a quarter disenrolled), up to three outreach attempts,");
        sb.AppendLine("20% identified in one run, 10% with a Community Supports referral (one in six denied) and up to five services, all spread");
        sb.AppendLine(CultureInfo.InvariantCulture, $"over 2024-2025; the reports are for {Quarter}. Times are the app's own report code on the database, as the plan's user");
        sb.AppendLine("(first run, then the median of five); the drill-down writes an audit entry per member shown.");
        sb.AppendLine();
        foreach (var (database, f) in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"## {database}");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Built {f.Rows:N0} rows ({f.Cases:N0} ECM cases, {f.Referrals:N0} referrals) in {f.Build.TotalSeconds:0} s.");
            sb.AppendLine();
            sb.AppendLine("| report | first run (ms) | median (ms) | rows |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var t in f.Timings)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {t.Report} | {t.FirstMs:0} | {t.MedianMs:0} | {t.Rows} |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
