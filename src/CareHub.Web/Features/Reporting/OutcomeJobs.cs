using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CareHub.Web.Features.Reporting;

/// <summary>An outcomes computation run in the background for one plan, with its progress and result.</summary>
public sealed class OutcomeJob
{
    public Guid Id { get; } = Guid.CreateVersion7();
    public required Guid PlanId { get; init; }
    public required string Program { get; init; }
    public required DateOnly AsOf { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public string? RequestedBy { get; init; }

    /// <summary><c>queued</c>, <c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "queued";
    public ReportProgress Progress { get; set; } = new("waiting to start", 0, 1);
    public OutcomesResult? Result { get; set; }
    public string? Error { get; set; }

    public int Percent => Status == "completed" ? 100 : Progress.Total <= 0 ? 0 : Math.Clamp(Progress.Done * 100 / Progress.Total, 0, 99);
}

/// <summary>
/// Outcomes computations waiting and done, kept in memory by this app instance (a result is recomputed after a
/// restart or on another instance). The same plan, program and as-of date asked again while a job is queued, running
/// or done within <see cref="ReuseFor"/> returns that job.
/// </summary>
public sealed class OutcomeJobs(TimeProvider clock)
{
    public static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(10);
    private const int Kept = 200;

    private readonly ConcurrentDictionary<Guid, OutcomeJob> _jobs = new();
    private readonly Channel<OutcomeJob> _queue = Channel.CreateUnbounded<OutcomeJob>();

    public ChannelReader<OutcomeJob> Queue => _queue.Reader;

    public OutcomeJob Start(Guid planId, string program, DateOnly asOf, string? by)
    {
        var now = clock.GetUtcNow();
        var existing = _jobs.Values.Where(j => j.PlanId == planId && j.Program == program && j.AsOf == asOf && j.Status != "failed" && now - j.RequestedAt < ReuseFor)
            .OrderByDescending(j => j.RequestedAt).FirstOrDefault();
        if (existing is not null)
        {
            return existing;
        }

        var job = new OutcomeJob { PlanId = planId, Program = program, AsOf = asOf, RequestedAt = now, RequestedBy = by };
        _jobs[job.Id] = job;
        foreach (var old in _jobs.Values.OrderByDescending(j => j.RequestedAt).Skip(Kept))
        {
            _jobs.TryRemove(old.Id, out _);
        }

        _queue.Writer.TryWrite(job);
        return job;
    }

    /// <summary>A job of the caller's plan; null for another plan's job or an unknown id.</summary>
    public OutcomeJob? Find(Guid id, Guid planId) => _jobs.TryGetValue(id, out var job) && job.PlanId == planId ? job : null;
}

/// <summary>Runs queued outcomes computations one at a time, off the request threads.</summary>
public sealed class OutcomeJobWorker(OutcomeJobs jobs, IServiceProvider services, ILogger<OutcomeJobWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in jobs.Queue.ReadAllAsync(stoppingToken))
        {
            job.Status = "running";
            try
            {
                await using var scope = WebSetup.CreateSystemScope(services);
                var report = scope.ServiceProvider.GetRequiredService<OutcomesReport>();
                var progress = new Progress<ReportProgress>(p => job.Progress = p);
                job.Result = await report.HandleAsync(new OutcomesReport.Input(job.PlanId, job.Program, job.AsOf), progress, stoppingToken);
                job.Status = "completed";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Outcomes computation {JobId} failed", job.Id);
                job.Error = "The computation failed; try again, and tell the administrator if it keeps failing.";
                job.Status = "failed";
            }
        }
    }
}
