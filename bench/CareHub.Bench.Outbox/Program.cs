using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CareHub.Common;
using CareHub.Data;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Web;
using CareHub.Web.Features.Referrals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

// Outbox delivery benchmark: events per second from the outbox to a receiver that takes 100 ms per request, with one
// and with two dispatcher instances on one PostgreSQL database. Each instance is the app's own WebhookDispatcher with
// its default limits (requests in flight per instance and per subscription), running in this process.
//   dotnet run -c Release --project bench/CareHub.Bench.Outbox -- --postgres "Host=...;Username=...;Database=postgres" [--events 2000] [--latency-ms 100] [--note TEXT]
// With --claim-cost first it measures one claim among many delivered rows instead (see ClaimCost).
var events = 2000;
var latency = TimeSpan.FromMilliseconds(100);
var postgres = Environment.GetEnvironmentVariable("CAREHUB_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("CAREHUB_TEST_POSTGRES");
if (args.FirstOrDefault() == "--claim-cost")
{
    return await ClaimCost.RunAsync(args[1..], postgres);
}

string? output = null;
string? note = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--events": events = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--latency-ms": latency = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--postgres": postgres = args[++i]; break;
        case "--output": output = args[++i]; break;
        case "--note": note = args[++i]; break;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}"); return 2;
    }
}

if (string.IsNullOrWhiteSpace(postgres))
{
    Console.Error.WriteLine("Give a PostgreSQL server: --postgres \"Host=...;Username=...;Database=postgres\" (or CAREHUB_BENCH_POSTGRES).");
    return 2;
}

output ??= Path.Combine(FindRoot(), "bench", "results", "outbox.md");
var name = "carehub_bench_" + Guid.NewGuid().ToString("N")[..8];
await ExecAsync(postgres, $"CREATE DATABASE \"{name}\"");
var runs = new List<(int Instances, double Seconds, int Requests)>();
try
{
    var connection = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
    // Not Production: that would ask for a data-protection certificate, which nothing here uses.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
    builder.Configuration["ConnectionStrings:Postgres"] = connection;
    builder.Configuration["ConnectionStrings:Sqlite"] = "";
    builder.Configuration["CareHub:DataDirectory"] = Path.Combine(Path.GetTempPath(), name);
    builder.Configuration["CareHub:Webhooks:Enabled"] = "false";
    builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    builder.AddCareHub();
    await using var app = builder.Build();
    await app.PrepareDatabaseAsync();

    await using var receiver = await Receiver.StartAsync(latency);
    // A short unrecorded round first, so the recorded ones do not pay for starting up (JIT, connection pools).
    foreach (var (instances, count, recorded) in new[] { (1, Math.Min(200, events), false), (1, events, true), (2, events, true) })
    {
        var subscription = await ArrangeAsync(connection, receiver.Url, count);
        receiver.Reset();
        var options = new WebhookOptions { PollInterval = TimeSpan.FromMilliseconds(200), AllowPrivateNetworks = true, InstanceName = $"bench-{instances}" };
        var dispatchers = Enumerable.Range(0, instances)
            .Select(_ => ActivatorUtilities.CreateInstance<WebhookDispatcher>(app.Services, Options.Create(options))).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var d in dispatchers)
        {
            await d.StartAsync(CancellationToken.None);
        }

        while (receiver.Distinct < count)
        {
            await Task.Delay(20);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var d in dispatchers)
        {
            await d.StopAsync(CancellationToken.None);
            d.Dispose();
        }

        await using (var db = DatabaseSetup.CreateContext(new DatabaseSettings(DatabaseProvider.Postgres, connection)))
        {
            var pending = await db.OutboxMessages.CountAsync(m => m.SubscriptionId == subscription && m.DeliveredAt == null);
            Console.WriteLine($"{(recorded ? "" : "warm-up, ")}{instances} instance(s): {count} events in {seconds:F2} s = {count / seconds:F0} events/s ({receiver.Requests} requests, {pending} not yet marked delivered when stopped)");
        }

        if (recorded)
        {
            runs.Add((instances, seconds, receiver.Requests));
        }
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await ExecAsync(postgres, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
}

var report = new StringBuilder();
report.AppendLine("# Outbox delivery benchmark");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName} ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}), .NET {Environment.Version}, PostgreSQL.");
var defaults = new WebhookOptions();
report.AppendLine(CultureInfo.InvariantCulture, $"{events:N0} events, each for its own referral, to one subscription whose receiver answers after {latency.TotalMilliseconds:F0} ms; dispatchers with the default limits ({defaults.MaxInFlight} requests in flight per instance, {defaults.MaxInFlightPerSubscription} per subscription, claims of up to {defaults.BatchSize} rows), after an unrecorded warm-up round.");
if (note is not null)
{
    report.AppendLine();
    report.AppendLine(note);
}

report.AppendLine();
report.AppendLine("| Instances | Seconds | Events/s | Events/s per instance | Requests |");
report.AppendLine("|---:|---:|---:|---:|---:|");
foreach (var (instances, seconds, requests) in runs)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {instances} | {seconds:F2} | {events / seconds:F0} | {events / seconds / instances:F0} | {requests:N0} |");
}

await File.WriteAllTextAsync(output, report.ToString());
Console.WriteLine($"Wrote {output}");
return 0;

static async Task<Guid> ArrangeAsync(string connection, string url, int events)
{
    await using var db = DatabaseSetup.CreateContext(new DatabaseSettings(DatabaseProvider.Postgres, connection));
    var org = new Organization { Name = "Bench plan " + Guid.NewGuid().ToString("N")[..6], Type = OrganizationType.Plan, CreatedAt = DateTimeOffset.UtcNow };
    var sub = new WebhookSubscription { OrganizationId = org.Id, Url = url, Secret = Webhooks.NewSecret(), CreatedAt = DateTimeOffset.UtcNow };
    db.AddRange(org, sub);
    var now = DateTimeOffset.UtcNow;
    for (var i = 0; i < events; i++)
    {
        var e = new OutboxMessage { SubscriptionId = sub.Id, ReferralId = Guid.NewGuid(), EventType = Webhooks.StatusChanged, Payload = "", CreatedAt = now, NextAttemptAt = now };
        e.Payload = System.Text.Json.JsonSerializer.Serialize(new { id = e.EventId, type = Webhooks.StatusChanged, referral = new { id = e.ReferralId, status = "approved" } });
        db.Add(e);
    }

    await db.SaveChangesAsync();
    return sub.Id;
}

static async Task ExecAsync(string connection, string sql)
{
    await using var conn = new NpgsqlConnection(connection);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, conn);
    await cmd.ExecuteNonQueryAsync();
}

static string FindRoot()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "CareHub.slnx")))
    {
        d = d.Parent;
    }

    return d?.FullName ?? Directory.GetCurrentDirectory();
}

/// <summary>A receiver on 127.0.0.1 that answers 204 after a fixed latency and counts distinct event ids.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private int _requests;

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public int Distinct => _seen.Count;
    public int Requests => Volatile.Read(ref _requests);

    public void Reset()
    {
        _seen.Clear();
        Interlocked.Exchange(ref _requests, 0);
    }

    public static async Task<Receiver> StartAsync(TimeSpan latency)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/events", async (HttpContext http) =>
        {
            Interlocked.Increment(ref receiver._requests);
            await Task.Delay(latency);
            receiver._seen.TryAdd(http.Request.Headers[Webhooks.EventIdHeader].ToString(), 0);
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = app.Urls.First() + "/events";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
