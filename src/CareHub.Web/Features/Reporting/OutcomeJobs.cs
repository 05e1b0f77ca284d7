using System.Text.Json;
using CareHub.Data;
using CareHub.Reporting;
using CareHub.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Features.Reporting;

/// <summary>An outcomes computation as its plan sees it: what was asked, how far it is, and its result.</summary>
public sealed record OutcomeJob(Guid Id, Guid PlanId, string Program, DateOnly AsOf, string Status, ReportProgress Progress, int Percent,
    OutcomesResult? Result, string? Error)
{
    public static OutcomeJob From(ReportJob j) => new(j.Id, j.PlanId, j.Program, j.AsOf, j.Status, new ReportProgress(j.Stage, j.Done, j.Total), j.Percent,
        j.ResultJson is null ? null : JsonSerializer.Deserialize<OutcomesResult>(j.ResultJson), j.Error);
}

/// <summary>Wakes this instance's outcomes worker when a job is queued here.</summary>
public sealed class ReportJobSignal : JobSignal;

/// <summary>
/// Outcomes computations, kept in the database so that every app instance sees the same jobs. The same plan, program
/// and as-of date asked again while a job is queued, running or done within <see cref="ReuseFor"/> returns that job.
/// </summary>
public sealed class OutcomeJobs(CareHubDbContext db, TimeProvider clock, ReportJobSignal signal)
{
    public const string Kind = "outcomes";
    public static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(10);

    public async Task<OutcomeJob> StartAsync(Guid planId, string program, DateOnly asOf, string? by, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now - ReuseFor;
        var existing = await db.Set<ReportJob>().AsNoTracking()
            .Where(j => j.PlanId == planId && j.Kind == Kind && j.Program == program && j.AsOf == asOf && j.Status != ReportJobStatus.Failed && j.RequestedAt > since)
            .OrderByDescending(j => j.RequestedAt).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return OutcomeJob.From(existing);
        }

        var job = new ReportJob { PlanId = planId, Kind = Kind, Program = program, AsOf = asOf, RequestedAt = now, RequestedBy = by };
        db.Add(job);
        await db.SaveChangesAsync(ct);
        signal.Raise();
        return OutcomeJob.From(job);
    }

    /// <summary>A job of the caller's plan; null for another plan's job or an unknown id.</summary>
    public async Task<OutcomeJob?> FindAsync(Guid id, Guid planId, CancellationToken ct) =>
        await db.Set<ReportJob>().AsNoTracking().Where(j => j.Id == id && j.PlanId == planId && j.Kind == Kind).FirstOrDefaultAsync(ct) is { } job
            ? OutcomeJob.From(job)
            : null;
}

/// <summary>
/// Runs queued outcomes computations one at a time, off the request threads: takes the oldest queued job (or one whose
/// instance stopped), renews its lease and saves its progress every second, and saves the result or the failure.
/// </summary>
public sealed class OutcomeJobWorker(IServiceProvider services, ReportJobSignal signal, TimeProvider clock, IOptions<BackgroundJobOptions> options,
    ILogger<OutcomeJobWorker> log) : BackgroundService
{
    private readonly string _instance = options.Value.NewWorkerId();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimAsync(stoppingToken) is { } job)
                {
                    await RunAsync(job, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "Report job worker {Instance} could not claim or run a job; will retry", _instance);
            }

            if (!await signal.WaitAsync(options.Value.PollInterval, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>Takes the oldest job that is queued or whose lease ran out; gives up on jobs tried too often.</summary>
    public async Task<ReportJob?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = WebSetup.CreateSystemScope(services);
        var db = scope.ServiceProvider.GetRequiredService<CareHubDbContext>();
        var id = await LeasedJobs.ClaimNextAsync(db.Set<ReportJob>(), _instance, clock.GetUtcNow(), options.Value.Lease,
            "The computation stopped several times before it finished; start it again, and tell the administrator if it keeps failing.", ct);
        return id is null ? null : await db.Set<ReportJob>().AsNoTracking().SingleAsync(j => j.Id == id, ct);
    }

    private async Task RunAsync(ReportJob job, CancellationToken stoppingToken)
    {
        var latest = new ReportProgress("starting", 0, 1);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = Heartbeat.RunAsync(beat => SaveProgressAsync(job.Id, latest, beat), options, log, $"outcomes computation {job.Id}", done.Token);
        string? resultJson = null;
        string? error = null;
        try
        {
            await using var scope = WebSetup.CreateSystemScope(services);
            var report = scope.ServiceProvider.GetRequiredService<OutcomesReport>();
            var progress = new Progress<ReportProgress>(p => latest = p);
            var result = await report.HandleAsync(new OutcomesReport.Input(job.PlanId, job.Program, job.AsOf), progress, stoppingToken);
            resultJson = JsonSerializer.Serialize(result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            log.LogError(ex, "Outcomes computation {JobId} failed", job.Id);
            error = "The computation failed; try again, and tell the administrator if it keeps failing.";
        }
        finally
        {
            await done.CancelAsync();
            await heartbeat;
        }

        await using var finish = WebSetup.CreateSystemScope(services);
        var now = clock.GetUtcNow();
        await finish.ServiceProvider.GetRequiredService<CareHubDbContext>().Set<ReportJob>()
            .Where(j => j.Id == job.Id && j.LeasedBy == _instance)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, error is null ? ReportJobStatus.Completed : ReportJobStatus.Failed)
                .SetProperty(j => j.ResultJson, resultJson)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.Stage, error is null ? "done" : "failed")
                .SetProperty(j => j.Done, latest.Total)
                .SetProperty(j => j.Total, latest.Total)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.LeasedUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    /// <summary>Saves the latest progress and renews the lease.</summary>
    private async Task SaveProgressAsync(Guid id, ReportProgress p, CancellationToken ct)
    {
        var stage = p.Stage.Length > 200 ? p.Stage[..200] : p.Stage;
        var until = clock.GetUtcNow() + options.Value.Lease;
        await using var scope = WebSetup.CreateSystemScope(services);
        await scope.ServiceProvider.GetRequiredService<CareHubDbContext>().Set<ReportJob>()
            .Where(j => j.Id == id && j.LeasedBy == _instance)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Stage, stage)
                .SetProperty(j => j.Done, p.Done)
                .SetProperty(j => j.Total, p.Total)
                .SetProperty(j => j.LeasedUntil, until), ct);
    }
}
