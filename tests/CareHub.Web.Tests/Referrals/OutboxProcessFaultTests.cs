using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Data;
using CareHub.Members;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Referrals.ReferralTestData;

namespace CareHub.Web.Tests.Referrals;

/// <summary>
/// Two real CareHub processes share one PostgreSQL database and its outbox. Clients take referrals through status
/// changes on both while events are delivered to an idempotent receiver, and one process is killed with SIGKILL.
/// Afterwards every change is whole or absent, and every event reached the receiver and was applied once.
/// </summary>
public sealed class OutboxProcessFaultTests
{
    private static readonly TimeSpan _load = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan _killAfter = TimeSpan.FromSeconds(3);

    private sealed class Instance(string name, Process process, Uri address) : IDisposable
    {
        public string Name { get; } = name;
        public Process Process { get; } = process;
        public Uri Address { get; } = address;
        public ConcurrentQueue<string> Output { get; } = new();

        public void Dispose()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.Kill(entireProcessTree: true);
                    Process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // never started or already gone
            }

            Process.Dispose();
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task TwoProcessesOneKilled_EveryChangeWholeOrAbsent_EveryEventAppliedOnce()
    {
        TestDatabase.RequirePostgres();
        // A hard bound on the whole test, whatever the processes do; they are killed in the finally block.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(4));
        var ct = bound.Token;
        await using var database = await TestDatabase.CreateAsync(TestProvider.Postgres);
        var dataDir = Directory.CreateTempSubdirectory("carehub-fault-").FullName;
        Instance? a = null, b = null;
        try
        {
            a = Start("a", database, dataDir);
            await WaitReadyAsync(a, ct); // A migrates and seeds the demo data; B starts on the prepared database
            b = Start("b", database, dataDir);
            await WaitReadyAsync(b, ct);

            var clientsA = await SignInAllAsync(a, ct);
            var clientsB = await SignInAllAsync(b, ct);
            var created = await PostOkAsync(clientsA.Admin, "/api/webhooks/subscriptions", new { url = "http://127.0.0.1:1/placeholder" });
            var subscription = created.GetProperty("id").GetGuid();
            using var receiver = new WebhookReceiver(created.GetProperty("secret").GetString()!, delay: TimeSpan.FromMilliseconds(30));
            Guid cboId;
            await using (var db = DatabaseSetup.CreateContext(database.Settings))
            {
                await db.Set<WebhookSubscription>().Where(s => s.Id == subscription).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, receiver.Url), ct);
                cboId = await db.Users.Where(u => u.Email == "cbo@example.org").Select(u => u.OrganizationId).SingleAsync(ct);
            }

            var members = await MembersAsync(database, 200, ct);
            var memberQueue = new ConcurrentQueue<Member>(members);
            var acknowledged = new ConcurrentDictionary<Guid, int>(); // referral → steps answered 2xx
            var unknown = 0; // requests whose answer was lost (the instance died under them)
            var sentToB = 0;
            var bKilled = false;
            var stopAt = DateTime.UtcNow + _load;

            async Task WorkerAsync(int worker)
            {
                var random = new Random(worker);
                while (DateTime.UtcNow < stopAt && memberQueue.TryDequeue(out var member))
                {
                    Guid? referral = null;
                    for (var step = 0; step < 3; step++)
                    {
                        var useB = !Volatile.Read(ref bKilled) && random.Next(2) == 0;
                        var clients = useB ? clientsB : clientsA;
                        if (useB)
                        {
                            Interlocked.Increment(ref sentToB);
                        }

                        try
                        {
                            using var response = step switch
                            {
                                0 => await clients.CareManager.PostAsJsonAsync("/api/referrals", MealsReferral(member.Id, cboId), ct),
                                1 => await clients.Admin.PostAsJsonAsync($"/api/referrals/{referral}/decision", new { decision = "approve" }, ct),
                                _ => await clients.Cbo.PostAsJsonAsync($"/api/referrals/{referral}/accept", new { }, ct),
                            };
                            var text = await response.Content.ReadAsStringAsync(ct);
                            ((int)response.StatusCode).ShouldBeLessThan(500, $"{(useB ? "b" : "a")}: {text}");
                            if (!response.IsSuccessStatusCode)
                            {
                                break;
                            }

                            referral ??= Id(JsonDocument.Parse(text).RootElement);
                            acknowledged.AddOrUpdate(referral.Value, 1, (_, n) => n + 1);
                        }
                        catch (HttpRequestException) when (useB)
                        {
                            Interlocked.Increment(ref unknown);
                            break; // the answer was lost with the instance: the change is whole or absent
                        }
                    }
                }
            }

            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() => WorkerAsync(w), ct)).ToList();
            await Task.Delay(_killAfter, ct);
            b.Process.Kill(); // SIGKILL: no shutdown, leases and requests in flight are left as they are
            Volatile.Write(ref bKilled, true);
            await b.Process.WaitForExitAsync(ct);
            await Task.WhenAll(workers);
            sentToB.ShouldBeGreaterThan(0);

            // The survivor delivers everything, including the rows B held when it died (once their leases run out).
            List<OutboxMessage> rows = [];
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                await using (var db = DatabaseSetup.CreateContext(database.Settings))
                {
                    rows = await db.OutboxMessages.AsNoTracking().Where(m => m.SubscriptionId == subscription).OrderBy(m => m.Id).ToListAsync(ct);
                }

                if (rows.All(r => r.DeliveredAt != null))
                {
                    break;
                }

                DateTime.UtcNow.ShouldBeLessThan(until, $"{rows.Count(r => r.DeliveredAt == null)} of {rows.Count} events still undelivered");
                await Task.Delay(200, ct);
            }

            rows.Count.ShouldBeGreaterThanOrEqualTo(9); // at least three referrals taken through; a busy machine manages few more in 8 s
            rows.ShouldAllBe(r => r.FailedAt == null && r.Attempts >= 1);

            // Every event reached the receiver and was applied exactly once (the receiver applies an event id once).
            receiver.Applied.Keys.ShouldBe(rows.Select(r => r.EventId), ignoreOrder: true);
            receiver.BadSignatures.ShouldBe(0);

            // Every change is whole or absent: each status change has its event and each event its status change,
            // and every change a client saw acknowledged is there.
            await using (var db = DatabaseSetup.CreateContext(database.Settings))
            {
                var memberIds = members.Select(m => m.Id).ToList();
                var referrals = await db.Referrals.AsNoTracking().Where(r => memberIds.Contains(r.MemberId)).ToListAsync(ct);
                var changes = await db.Set<ReferralStatusChange>().AsNoTracking().Where(c => memberIds.Contains(c.MemberId)).OrderBy(c => c.Id).ToListAsync(ct);
                referrals.Count.ShouldBeGreaterThanOrEqualTo(3);
                foreach (var referral in referrals)
                {
                    var mine = changes.Where(c => c.ReferralId == referral.Id).Select(c => Normalize(c.To.ToString())).ToList();
                    var events = rows.Where(r => r.ReferralId == referral.Id)
                        .Select(r => Normalize(JsonDocument.Parse(r.Payload).RootElement.GetProperty("referral").GetProperty("status").GetString()!)).ToList();
                    events.ShouldBe(mine, $"referral {referral.Id}: one event per status change, in order");
                    mine[^1].ShouldBe(Normalize(referral.Status.ToString()));
                    mine.Count.ShouldBeGreaterThanOrEqualTo(acknowledged.GetValueOrDefault(referral.Id), $"referral {referral.Id}: acknowledged changes kept");

                    var arrived = receiver.AppliedOrder.Where(e => rows.Any(r => r.EventId == e && r.ReferralId == referral.Id)).ToList();
                    arrived.ShouldBe(rows.Where(r => r.ReferralId == referral.Id).Select(r => r.EventId), $"referral {referral.Id}: events applied in order");
                }

                acknowledged.Keys.ShouldAllBe(id => referrals.Any(r => r.Id == id));
            }

            TestContext.Current.SendDiagnosticMessage(
                $"Fault test: {rows.Count} events, {receiver.Requests.Count} requests ({receiver.Requests.Count - rows.Count} repeats), {unknown} requests lost with the killed instance, {sentToB} sent to it.");
        }
        finally
        {
            a?.Dispose();
            b?.Dispose();
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // left for the OS to clean
            }
        }
    }

    private static string Normalize(string status) => status.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static Instance Start(string name, TestDatabase database, string dataDir)
    {
        var port = WebhookReceiver.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var dll = Path.Combine(AppContext.BaseDirectory, "CareHub.Web.dll");
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = info.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Testing";
        env["ASPNETCORE_URLS"] = address.ToString();
        env["ConnectionStrings__Postgres"] = database.Settings.ConnectionString;
        env["ConnectionStrings__Sqlite"] = "";
        env["CareHub__DataDirectory"] = Path.Combine(dataDir, name);
        env["CareHub__Demo__Enabled"] = "true";
        env["CareHub__Demo__Members"] = "200";
        env["CareHub__Webhooks__AllowPrivateNetworks"] = "true";
        env["CareHub__Webhooks__PollInterval"] = "00:00:00.200";
        env["CareHub__Webhooks__BaseBackoff"] = "00:00:00.200";
        env["CareHub__Webhooks__MaxBackoff"] = "00:00:01";
        env["CareHub__Webhooks__Lease"] = "00:00:03";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = new Process { StartInfo = info };
        var instance = new Instance(name, process, address);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { instance.Output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { instance.Output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return instance;
    }

    private static async Task WaitReadyAsync(Instance instance, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = instance.Address, Timeout = TimeSpan.FromSeconds(15) };
        // Starting (migrations and, for the first instance, the demo data) takes seconds on a quiet machine; allow for a
        // busy one. The fault itself is bounded below: load for 8 s, then at most 30 s to deliver everything.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(150);
        var last = "no answer";
        while (true)
        {
            instance.Process.HasExited.ShouldBeFalse($"instance {instance.Name} exited: {string.Join('\n', instance.Output.TakeLast(30))}");
            try
            {
                using var response = await http.GetAsync("/health/ready", ct);
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
                if (last == "200 Healthy")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow start
            }

            DateTime.UtcNow.ShouldBeLessThan(until, $"instance {instance.Name} did not become ready ({last}): {string.Join('\n', instance.Output.TakeLast(30))}");
            await Task.Delay(250, ct);
        }
    }

    private sealed record Clients(HttpClient CareManager, HttpClient Admin, HttpClient Cbo);

    private static async Task<Clients> SignInAllAsync(Instance instance, CancellationToken ct) =>
        new(await SignInAsync(instance, "plancm@example.org", ct), await SignInAsync(instance, "planadmin@example.org", ct), await SignInAsync(instance, "cbo@example.org", ct));

    private static async Task<HttpClient> SignInAsync(Instance instance, string email, CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = instance.Address, Timeout = TimeSpan.FromSeconds(20) };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password }, ct);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<CareHubApp.TokenResponse>(ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    private static async Task<List<Member>> MembersAsync(TestDatabase database, int count, CancellationToken ct)
    {
        await using var db = DatabaseSetup.CreateContext(database.Settings);
        var planId = await db.Users.Where(u => u.Email == "plancm@example.org").Select(u => u.OrganizationId).SingleAsync(ct);
        var members = Enumerable.Range(0, count).Select(n => new Member
        {
            PlanId = planId,
            PlanMemberId = $"FT{Guid.NewGuid():N}"[..20],
            Cin = $"8{n:0000000}F",
            FirstName = "Fault",
            LastName = $"Test{n}",
            BirthDate = new DateOnly(1958, 6, 2),
            Sex = "M",
            County = "Los Angeles",
            CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Members.AddRange(members);
        db.EnrollmentSpans.AddRange(members.Select(m => new EnrollmentSpan { MemberId = m.Id, PlanId = planId, County = "Los Angeles", Start = new DateOnly(2022, 1, 1) }));
        await db.SaveChangesAsync(ct);
        return members;
    }
}
