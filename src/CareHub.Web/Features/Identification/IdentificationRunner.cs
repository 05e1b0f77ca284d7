using System.Text.Json;
using System.Threading.Channels;
using CareHub.Data;
using CareHub.Identification;
using CareHub.Identification.Runs;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Identification;

/// <summary>
/// Runs identification for one plan over the members in the database: exports them as plan-data files, runs the
/// engine with the catalog's rules, and saves the determinations and the completed status in one transaction.
/// A failure marks the run failed with the reason and saves no determination.
/// </summary>
public sealed class IdentificationRunner(CareHubDbContext db, IPopulationRuleSource rules, TimeProvider clock, ILogger<IdentificationRunner> log)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public async Task<IdentificationRunRecord> QueueAsync(Guid planId, DateOnly asOf, string ruleVersion, string? requestedBy, CancellationToken ct = default)
    {
        var run = new IdentificationRunRecord
        {
            PlanId = planId,
            AsOf = asOf,
            RuleVersion = ruleVersion,
            Status = RunStatus.Queued,
            Source = "CareHub database (members, enrollment, claims)",
            RequestedBy = requestedBy,
            RequestedAt = clock.GetUtcNow(),
        };
        db.IdentificationRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    public async Task ExecuteAsync(Guid runId, CancellationToken ct = default)
    {
        var run = await db.IdentificationRuns.SingleAsync(r => r.Id == runId, ct);
        run.Status = RunStatus.Running;
        run.StartedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        var dir = Directory.CreateTempSubdirectory("carehub-identify-").FullName;
        try
        {
            var members = await new PlanDataExport(db).WriteAsync(run.PlanId, dir, ct);
            var engine = new IdentificationEngine(rules, clock);
            var sink = new ListDeterminationSink();
            var outcome = await engine.RunAsync(new IdentificationRequest(InputKind.PlanData, dir, run.AsOf, run.RuleVersion), sink, cancellation: ct);
            if (outcome.Run is null)
            {
                var problems = outcome.Problems.Select(p => p.ToString()).Concat(outcome.RowErrors.Take(5).Select(e => e.ToString()));
                await FailAsync(run, string.Join(Environment.NewLine, problems), ct);
                return;
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var chunk in sink.Items.Chunk(2000))
            {
                foreach (var d in chunk)
                {
                    if (!members.TryGetValue(d.MemberId, out var m))
                    {
                        continue;
                    }

                    db.Determinations.Add(new DeterminationRecord
                    {
                        RunId = run.Id,
                        MemberId = m.Id,
                        Population = d.Population,
                        RuleVersion = d.RuleVersion,
                        Eligible = d.Eligible,
                        ExclusionCode = d.Exclusion?.Code,
                        ExclusionText = Truncate(d.Exclusion?.Text, 500),
                        EvidenceText = Truncate(d.EvidenceText, 4000)!,
                        EvidenceJson = JsonSerializer.Serialize(d.Evidence, _json),
                        County = m.County,
                        HealthNetwork = m.HealthNetwork,
                        IsDual = m.IsDual,
                    });
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            var result = outcome.Run;
            db.Attach(run);
            run.Status = RunStatus.Completed;
            run.FinishedAt = clock.GetUtcNow();
            run.MembersRead = result.Members;
            run.RowsRead = result.RowsRead;
            run.EligibleCount = sink.Items.Count(d => d.Eligible);
            run.ParametersJson = JsonSerializer.Serialize(new
            {
                result.AsOf,
                result.RuleVersion,
                result.RulesEvaluated,
                Files = result.Files.Select(f => new { f.Name, f.Bytes, f.Rows, f.Sha256 }),
            }, _json);
            run.SummaryJson = JsonSerializer.Serialize(result.Populations, _json);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Identification run {Run} completed: {Members} members, {Eligible} eligible determinations", run.Id, result.Members, run.EligibleCount);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Identification run {Run} failed", run.Id);
            db.ChangeTracker.Clear();
            await FailAsync(await db.IdentificationRuns.SingleAsync(r => r.Id == runId, CancellationToken.None), ex.Message, CancellationToken.None);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    private async Task FailAsync(IdentificationRunRecord run, string error, CancellationToken ct)
    {
        run.Status = RunStatus.Failed;
        run.FinishedAt = clock.GetUtcNow();
        run.Error = Truncate(error, 4000);
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>Runs waiting for the background worker.</summary>
public sealed class IdentificationQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>();

    public ValueTask EnqueueAsync(Guid runId) => _channel.Writer.WriteAsync(runId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>Executes queued identification runs one at a time, outside the web request.</summary>
public sealed class IdentificationWorker(IdentificationQueue queue, IServiceProvider services, ILogger<IdentificationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var runId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = WebSetup.CreateSystemScope(services);
                await scope.ServiceProvider.GetRequiredService<IdentificationRunner>().ExecuteAsync(runId, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Identification run {Run} could not be executed", runId);
            }
        }
    }
}
