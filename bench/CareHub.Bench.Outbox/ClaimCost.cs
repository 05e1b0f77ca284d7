using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// The cost of one claim (<see cref="OutboxLeases.ClaimAsync"/>, up to 64 rows) when the outbox holds many delivered
/// rows and a few thousand pending ones, on PostgreSQL and SQLite, with the plan of every statement the claim, a
/// renewal, a completion, a release and a retention batch run (EXPLAIN ANALYZE on PostgreSQL inside a transaction
/// that is rolled back, EXPLAIN QUERY PLAN on SQLite).
/// </summary>
internal static class ClaimCost
{
    private const int Limit = 64;

    public static async Task<int> RunAsync(string[] args, string? postgres)
    {
        var delivered = 300_000;
        var pending = 3_000;
        var rounds = 50;
        var sqlite = true;
        var pg = true;
        string? output = null;
        string? note = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--delivered": delivered = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--pending": pending = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--postgres": postgres = args[++i]; break;
                case "--sqlite-only": pg = false; break;
                case "--postgres-only": sqlite = false; break;
                case "--output": output = args[++i]; break;
                case "--note": note = args[++i]; break;
                default: Console.Error.WriteLine($"Unknown argument {args[i]}"); return 2;
            }
        }

        if (pg && string.IsNullOrWhiteSpace(postgres))
        {
            Console.Error.WriteLine("Give a PostgreSQL server: --postgres \"Host=...;Username=...;Database=postgres\" (or CAREHUB_BENCH_POSTGRES), or --sqlite-only.");
            return 2;
        }

        var report = new StringBuilder();
        report.AppendLine("# Outbox claim cost");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName} ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}), .NET {Environment.Version}, load average at the start {LoadAverage()}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"{delivered:N0} delivered rows (three per referral, delivered over the last 60 days) and {pending:N0} pending rows (due, each on a referral with delivered events) for one subscription; {rounds} claims of up to {Limit} rows, each released again (not timed) so every claim finds the same rows.");
        if (note is not null)
        {
            report.AppendLine();
            report.AppendLine(note);
        }

        if (pg)
        {
            var name = "carehub_bench_" + Guid.NewGuid().ToString("N")[..8];
            await ExecAsync(postgres!, $"CREATE DATABASE \"{name}\"");
            try
            {
                var connection = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
                await MeasureAsync("PostgreSQL", new DatabaseSettings(DatabaseProvider.Postgres, connection), delivered, pending, rounds, report);
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await ExecAsync(postgres!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
        }

        if (sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"carehub-claim-{Guid.NewGuid():N}.db");
            try
            {
                await MeasureAsync("SQLite", new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}"), delivered, pending, rounds, report);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(f);
                }
            }
        }

        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report.ToString());
            Console.WriteLine($"Wrote {output}");
        }

        return 0;
    }

    private static async Task MeasureAsync(string label, DatabaseSettings settings, int delivered, int pending, int rounds, StringBuilder report)
    {
        var recorder = new CommandRecorder();
        var subscription = await ArrangeAsync(settings, recorder, delivered, pending);
        Console.WriteLine($"{label}: {delivered:N0} delivered and {pending:N0} pending rows written");

        var times = new List<double>();
        for (var round = 0; round < rounds + 3; round++)
        {
            await using var db = Context(settings, recorder);
            var token = OutboxLeases.NewToken();
            var clock = Stopwatch.StartNew();
            var claimed = await OutboxLeases.ClaimAsync(db, token, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60), Limit, CancellationToken.None);
            var ms = clock.Elapsed.TotalMilliseconds;
            if (claimed.Count != Limit)
            {
                throw new InvalidOperationException($"Claimed {claimed.Count} rows, expected {Limit}.");
            }

            await OutboxLeases.ReleaseAsync(db, token, null, CancellationToken.None);
            if (round >= 3)
            {
                times.Add(ms); // the first rounds pay for start-up (JIT, connection pool, query compilation)
            }
        }

        times.Sort();
        var median = times[times.Count / 2];
        var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
        Console.WriteLine($"{label}: claim median {median:F1} ms, p95 {p95:F1} ms, min {times[0]:F1} ms");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"## {label}");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Claim of {Limit} rows: median {median:F1} ms, p95 {p95:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms ({times.Count} claims).");

        // The plans of what one delivery runs: the claim, a renewal, the completion, and a release.
        await using (var db = Context(settings, recorder))
        {
            var token = OutboxLeases.NewToken();
            var now = DateTimeOffset.UtcNow;
            recorder.Start();
            var claimed = await OutboxLeases.ClaimAsync(db, token, now, TimeSpan.FromSeconds(60), Limit, CancellationToken.None);
            var claim = recorder.Stop();
            recorder.Start();
            await OutboxLeases.RenewAsync(db, claimed[0].Id, token, now, TimeSpan.FromSeconds(60), CancellationToken.None);
            var renew = recorder.Stop();
            List<Recorded> complete;
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                recorder.Start();
                await OutboxLeases.CompleteAsync(db, claimed[0].Id, token, new(true, now, null, null, null), CancellationToken.None);
                complete = recorder.Stop();
                await tx.RollbackAsync();
            }

            recorder.Start();
            await OutboxLeases.ReleaseAsync(db, token, null, CancellationToken.None);
            var release = recorder.Stop();
            foreach (var (what, commands) in new[] { ("Claim", claim), ("Renew", renew), ("Complete", complete), ("Release", release) })
            {
                await AppendPlansAsync(report, db, what, commands);
            }
        }

        await WriteCleanupAsync(settings, recorder, report);
    }

    /// <summary>The plan of one retention batch (the delivered rows of the older half), and the time to remove them all
    /// in batches of the default size.</summary>
    private static async Task WriteCleanupAsync(DatabaseSettings settings, CommandRecorder recorder, StringBuilder report)
    {
        var before = DateTimeOffset.UtcNow.AddDays(-30);
        var batch = new WebhookOptions().CleanupBatchSize;
        await using var db = Context(settings, recorder);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            recorder.Start();
            await OutboxRetention.RemoveBatchAsync(db, failed: false, before, batch, CancellationToken.None);
            var commands = recorder.Stop();
            await tx.RollbackAsync();
            await AppendPlansAsync(report, db, "Retention batch", commands);
        }

        var clock = Stopwatch.StartNew();
        var removed = 0;
        var batches = 0;
        int last;
        do
        {
            last = await OutboxRetention.RemoveBatchAsync(db, failed: false, before, batch, CancellationToken.None);
            removed += last;
            batches++;
        }
        while (last == batch);

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{settings.Provider}: removed {removed:N0} delivered rows in {batches} batches, {seconds:F2} s");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Retention: {removed:N0} rows delivered more than 30 days ago removed in {batches} batches of up to {batch:N0} in {seconds:F2} s ({seconds * 1000 / batches:F0} ms per batch).");
    }

    private static CareHubDbContext Context(DatabaseSettings settings, CommandRecorder recorder)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var b = new DbContextOptionsBuilder<PostgresCareHubDbContext>();
            DatabaseSetup.ConfigurePostgres(b, settings.ConnectionString);
            b.AddInterceptors(recorder);
            return new PostgresCareHubDbContext(b.Options) { Scope = SystemAccessScope.Instance };
        }

        var s = new DbContextOptionsBuilder<SqliteCareHubDbContext>();
        DatabaseSetup.ConfigureSqlite(s, settings.ConnectionString);
        s.AddInterceptors(recorder);
        return new SqliteCareHubDbContext(s.Options) { Scope = SystemAccessScope.Instance };
    }

    private static async Task<Guid> ArrangeAsync(DatabaseSettings settings, CommandRecorder recorder, int delivered, int pending)
    {
        await using var db = Context(settings, recorder);
        await db.MigrateAsync();
        var org = new Organization { Name = "Bench plan", Type = OrganizationType.Plan, CreatedAt = DateTimeOffset.UtcNow };
        var sub = new WebhookSubscription { OrganizationId = org.Id, Url = "https://receiver.example.org/events", Secret = Webhooks.NewSecret(), CreatedAt = DateTimeOffset.UtcNow };
        db.AddRange(org, sub);
        await db.SaveChangesAsync();

        var now = DateTimeOffset.UtcNow;
        var referrals = Enumerable.Range(0, Math.Max(pending, delivered / 3)).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
        var payload = "{\"type\":\"referral.status-changed\",\"referral\":{\"status\":\"approved\",\"communitySupport\":\"medically-tailored-meals\"}," + new string(' ', 300) + "}";
        IEnumerable<OutboxMessage> Rows()
        {
            var span = TimeSpan.FromDays(60);
            for (var i = 0; i < delivered; i++)
            {
                var at = now - span + TimeSpan.FromTicks(span.Ticks / delivered * i);
                yield return new OutboxMessage { SubscriptionId = sub.Id, ReferralId = referrals[i % referrals.Length], EventType = Webhooks.StatusChanged, Payload = payload, CreatedAt = at, NextAttemptAt = at, Attempts = 1, DeliveredAt = at.AddSeconds(1) };
            }

            for (var i = 0; i < pending; i++)
            {
                var at = now.AddMinutes(-5);
                yield return new OutboxMessage { SubscriptionId = sub.Id, ReferralId = referrals[i], EventType = Webhooks.StatusChanged, Payload = payload, CreatedAt = at, NextAttemptAt = at };
            }
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        if (connection is NpgsqlConnection npgsql)
        {
            await using (var copy = await npgsql.BeginBinaryImportAsync("COPY outbox_messages (\"EventId\", \"SubscriptionId\", \"EventType\", \"ReferralId\", \"Payload\", \"CreatedAt\", \"NextAttemptAt\", \"Attempts\", \"DeliveredAt\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var r in Rows())
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(r.EventId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(r.SubscriptionId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(r.EventType, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(r.ReferralId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(r.Payload, NpgsqlDbType.Text);
                    await copy.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(r.NextAttemptAt, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(r.Attempts, NpgsqlDbType.Integer);
                    if (r.DeliveredAt is { } d)
                    {
                        await copy.WriteAsync(d, NpgsqlDbType.TimestampTz);
                    }
                    else
                    {
                        await copy.WriteNullAsync();
                    }
                }

                await copy.CompleteAsync();
            }

            // What autovacuum does soon after such a load in a running system.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE outbox_messages");
            return sub.Id;
        }

        var sqlite = (SqliteConnection)connection;
        await using (var tx = sqlite.BeginTransaction())
        {
            await using var insert = sqlite.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO outbox_messages ("EventId", "SubscriptionId", "EventType", "ReferralId", "Payload", "CreatedAt", "NextAttemptAt", "Attempts", "DeliveredAt")
                VALUES ($e, $s, $t, $r, $p, $c, $n, $a, $d)
                """;
            var ps = new[] { "$e", "$s", "$t", "$r", "$p", "$c", "$n", "$a", "$d" }.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
            foreach (var r in Rows())
            {
                // As EF Core stores them on SQLite: GUIDs as upper-case text, instants as UTC ticks.
                ps[0].Value = r.EventId.ToString().ToUpperInvariant();
                ps[1].Value = r.SubscriptionId.ToString().ToUpperInvariant();
                ps[2].Value = r.EventType;
                ps[3].Value = r.ReferralId.ToString().ToUpperInvariant();
                ps[4].Value = r.Payload;
                ps[5].Value = r.CreatedAt.UtcTicks;
                ps[6].Value = r.NextAttemptAt.UtcTicks;
                ps[7].Value = r.Attempts;
                ps[8].Value = r.DeliveredAt is { } d ? d.UtcTicks : DBNull.Value;
                await insert.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        return sub.Id;
    }

    /// <summary>Each recorded command under the heading <paramref name="what"/>, with its plan.</summary>
    private static async Task AppendPlansAsync(StringBuilder report, CareHubDbContext db, string what, IEnumerable<Recorded> commands)
    {
        foreach (var command in commands)
        {
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"{what}:");
            report.AppendLine();
            report.AppendLine("```");
            report.AppendLine(command.Text.Trim());
            report.AppendLine("--");
            report.AppendLine(await ExplainAsync(db, command));
            report.AppendLine("```");
        }
    }

    private static async Task<string> ExplainAsync(CareHubDbContext db, Recorded command)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var postgres = connection is NpgsqlConnection;
        await using var tx = await connection.BeginTransactionAsync();
        await using var explain = connection.CreateCommand();
        explain.Transaction = tx;
        explain.CommandText = (postgres ? "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON) " : "EXPLAIN QUERY PLAN ") + command.Text;
        foreach (var p in command.Parameters)
        {
            explain.Parameters.Add(p);
        }

        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                // SQLite: id, parent, notused, detail.
                lines.Add(postgres ? reader.GetString(0) : $"{reader.GetInt32(0)} {reader.GetInt32(1)} {reader.GetString(3)}");
            }
        }

        await tx.RollbackAsync();
        return string.Join('\n', lines);
    }

    private sealed record Recorded(string Text, IReadOnlyList<DbParameter> Parameters);

    /// <summary>Keeps a copy of each command (text and parameters) while recording.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        private List<Recorded>? _commands;

        public void Start() => _commands = [];

        public List<Recorded> Stop()
        {
            var commands = _commands ?? [];
            _commands = null;
            return commands;
        }

        private void Record(DbCommand command)
        {
            _commands?.Add(new Recorded(command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(Copy)]));
        }

        private static DbParameter Copy(DbParameter p) => p switch
        {
            NpgsqlParameter n => n.Clone(),
            SqliteParameter s => new SqliteParameter(s.ParameterName, s.Value) { SqliteType = s.SqliteType, Size = s.Size },
            _ => throw new NotSupportedException(p.GetType().Name),
        };

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static async Task ExecAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
