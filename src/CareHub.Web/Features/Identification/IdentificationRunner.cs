using System.Text.Json;
using CareHub.Data;
using CareHub.Identification;
using CareHub.Identification.Runs;
using CareHub.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Features.Identification;

/// <summary>
/// Runs identification for one plan over the members in the database: exports them as plan-data files, runs the
/// engine with the catalog's rules, and saves the determinations and the completed status in one transaction.
/// A failure marks the run failed with the reason and saves no determination.
/// </summary>
public sealed class IdentificationRunner(CareHubDbContext db, IPopulationRuleSource rules, TimeProvider clock, ILogger<IdentificationRunner> log)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    /// <summary>Saves a queued run for a worker to take up; with <paramref name="heldBy"/>, one already taken up by that worker.</summary>
    public async Task<IdentificationRunRecord> QueueAsync(Guid planId, DateOnly asOf, string ruleVersion, string? requestedBy, CancellationToken ct = default,
        string? heldBy = null)
    {
        var now = clock.GetUtcNow();
        var run = new IdentificationRunRecord
        {
            PlanId = planId,
            AsOf = asOf,
            RuleVersion = ruleVersion,
            Status = heldBy is null ? RunStatus.Queued : RunStatus.Running,
            Source = "CareHub database (members, enrollment, claims)",
            RequestedBy = requestedBy,
            RequestedAt = now,
            StartedAt = heldBy is null ? null : now,
            Attempts = heldBy is null ? 0 : 1,
            LeasedBy = heldBy,
            LeasedUntil = heldBy is null ? null : now.AddHours(1),
        };
        db.IdentificationRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>
    /// Takes up the oldest run that is queued or whose worker stopped (lease ran out) for <paramref name="worker"/>;
    /// runs interrupted <see cref="IdentificationRunRecord.MaxAttempts"/> times are marked failed instead.
    /// </summary>
    public Task<Guid?> ClaimNextAsync(string worker, TimeSpan lease, CancellationToken ct) =>
        LeasedJobs.ClaimNextAsync(db.IdentificationRuns, worker, clock.GetUtcNow(), lease,
            "The run was interrupted several times before it finished (the app stopped); start it again.", ct);

    /// <summary>Tells other instances that <paramref name="worker"/> is still running the run.</summary>
    public Task RenewAsync(Guid runId, string worker, TimeSpan lease, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + lease;
        return db.IdentificationRuns.Where(r => r.Id == runId && r.LeasedBy == worker)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeasedUntil, until), ct);
    }

    /// <summary>Runs a run taken up by <paramref name="worker"/>; saves nothing if another worker has taken it over since.</summary>
    public async Task ExecuteAsync(Guid runId, string worker, CancellationToken ct = default)
    {
        var run = await db.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == runId, ct);

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

            if (await db.IdentificationRuns.Where(r => r.Id == runId && r.LeasedBy == worker)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeasedUntil, (DateTimeOffset?)null), ct) == 0)
            {
                await tx.RollbackAsync(ct);
                log.LogWarning("Identification run {Run} was taken over by another worker; this result is not saved", run.Id);
                return;
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
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(ex, "Identification run {Run} failed", run.Id);
            db.ChangeTracker.Clear();
            await FailAsync(await db.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == runId, CancellationToken.None), ex.Message, CancellationToken.None);
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
        db.ChangeTracker.Clear();
        db.Attach(run);
        run.Status = RunStatus.Failed;
        run.FinishedAt = clock.GetUtcNow();
        run.Error = Truncate(error, 4000);
        run.LeasedUntil = null;
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>Wakes this instance's identification worker when a run is queued here.</summary>
public sealed class IdentificationQueue : JobSignal
{
    public ValueTask EnqueueAsync(Guid runId)
    {
        Raise();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Executes identification runs one at a time, outside the web request: queued ones from any instance, and ones
/// whose instance stopped, renewing its lease while a run goes on.
/// </summary>
public sealed class IdentificationWorker(IdentificationQueue queue, IServiceProvider services, IOptions<BackgroundJobOptions> options,
    ILogger<IdentificationWorker> log) : BackgroundService
{
    private readonly string _worker = options.Value.NewWorkerId();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                while (await ClaimAsync(stoppingToken) is { } runId)
                {
                    await RunAsync(runId, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "Identification worker {Worker} could not take up or run a run; will retry", _worker);
            }
        }
        while (await queue.WaitAsync(options.Value.PollInterval, stoppingToken));
    }

    private async Task<Guid?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = WebSetup.CreateSystemScope(services);
        return await scope.ServiceProvider.GetRequiredService<IdentificationRunner>().ClaimNextAsync(_worker, options.Value.Lease, ct);
    }

    private async Task RunAsync(Guid runId, CancellationToken stoppingToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = Heartbeat.RunAsync(async beat =>
        {
            await using var scope = WebSetup.CreateSystemScope(services);
            await scope.ServiceProvider.GetRequiredService<IdentificationRunner>().RenewAsync(runId, _worker, options.Value.Lease, beat);
        }, options, log, $"identification run {runId}", done.Token);
        try
        {
            await using var scope = WebSetup.CreateSystemScope(services);
            await scope.ServiceProvider.GetRequiredService<IdentificationRunner>().ExecuteAsync(runId, _worker, stoppingToken);
        }
        finally
        {
            await done.CancelAsync();
            await heartbeat;
        }
    }
}
