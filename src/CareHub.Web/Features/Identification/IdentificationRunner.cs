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

    /// <summary>Tells other instances that <paramref name="worker"/> is still running the run, and saves how far it
    /// has got.</summary>
    public Task RenewAsync(Guid runId, string worker, TimeSpan lease, RunProgress progress, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + lease;
        var stage = progress.Stage is { Length: > 200 } text ? text[..200] : progress.Stage;
        var read = progress.RowsRead;
        var total = progress.RowsTotal;
        return db.IdentificationRuns.Where(r => r.Id == runId && r.LeasedBy == worker && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.LeasedUntil, until)
                .SetProperty(r => r.Stage, stage)
                .SetProperty(r => r.RowsRead, read)
                .SetProperty(r => r.RowsTotal, total), ct);
    }

    /// <summary>Runs a run taken up by <paramref name="worker"/>; saves nothing if another worker has taken it over
    /// since. <paramref name="progress"/>, when given, follows the run for a heartbeat to save.</summary>
    public async Task ExecuteAsync(Guid runId, string worker, CancellationToken ct = default, RunProgress? progress = null)
    {
        progress ??= new RunProgress();
        var run = await db.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == runId, ct);

        var dir = Directory.CreateTempSubdirectory("carehub-identify-").FullName;
        try
        {
            progress.Set(RunProgress.Exporting);
            var export = new PlanDataExport(db);
            var members = await export.WriteAsync(run.PlanId, dir, ct);
            progress.Exported(export.RowsWritten);
            var engine = new IdentificationEngine(rules, clock);
            var sink = new ListDeterminationSink();
            var outcome = await engine.RunAsync(new IdentificationRequest(InputKind.PlanData, dir, run.AsOf, run.RuleVersion), sink, progress.Engine, ct);
            if (outcome.Run is null)
            {
                var problems = outcome.Problems.Select(p => p.ToString()).Concat(outcome.RowErrors.Take(5).Select(e => e.ToString()));
                await FailAsync(run, string.Join(Environment.NewLine, problems), ct);
                return;
            }

            progress.Set(RunProgress.Saving);
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
            run.RowsTotal = Math.Max(result.RowsRead, progress.RowsTotal);
            run.Stage = null;
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
        run.Stage = null;
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>How far a run has got, shared by the run and the heartbeat that saves it with the lease.</summary>
public sealed class RunProgress
{
    public const string Exporting = "exporting members, enrollment and claims from the database";
    public const string Saving = "saving the results";

    private volatile string? _own = "starting";
    private long _rowsTotal;

    /// <summary>The engine's own progress: the file it reads, the rows read, the stage after reading.</summary>
    public IdentificationProgress Engine { get; } = new();

    /// <summary>What the run is doing, in words for the run's page.</summary>
    public string Stage => _own ?? Engine.Doing;

    public long RowsRead => Engine.RowsRead;

    /// <summary>The rows the export wrote, which the engine then reads; 0 until the export is done.</summary>
    public long RowsTotal => Interlocked.Read(ref _rowsTotal);

    /// <summary>A stage of the run outside the engine.</summary>
    public void Set(string stage) => _own = stage;

    /// <summary>The export is written: from here the engine's stage is shown.</summary>
    public void Exported(long rows)
    {
        Interlocked.Exchange(ref _rowsTotal, rows);
        _own = null;
    }
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
        var progress = new RunProgress();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = Heartbeat.RunAsync(async beat =>
        {
            await using var scope = WebSetup.CreateSystemScope(services);
            await scope.ServiceProvider.GetRequiredService<IdentificationRunner>().RenewAsync(runId, _worker, options.Value.Lease, progress, beat);
        }, options, log, $"identification run {runId}", done.Token);
        try
        {
            await using var scope = WebSetup.CreateSystemScope(services);
            await scope.ServiceProvider.GetRequiredService<IdentificationRunner>().ExecuteAsync(runId, _worker, stoppingToken, progress);
        }
        finally
        {
            await done.CancelAsync();
            await heartbeat;
        }
    }
}
