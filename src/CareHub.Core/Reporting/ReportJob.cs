using CareHub.Common;

namespace CareHub.Reporting;

public static class ReportJobStatus
{
    public const string Queued = LeasedJob.Queued;
    public const string Running = LeasedJob.Running;
    public const string Completed = LeasedJob.Completed;
    public const string Failed = LeasedJob.Failed;
}

/// <summary>
/// A long report computation kept in the database, so that any app instance can run it and any instance can show
/// its progress and result. An instance running a job holds a lease it renews while it works; a job whose lease ran
/// out (its instance stopped) is taken up again by another, at most <see cref="MaxAttempts"/> times.
/// </summary>
public sealed class ReportJob : ILeasedJob
{
    public const int MaxAttempts = LeasedJob.MaxAttempts;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The plan that asked; only that plan's staff see the job.</summary>
    public Guid PlanId { get; set; }

    /// <summary>What is computed, e.g. <c>outcomes</c>.</summary>
    public required string Kind { get; set; }

    public required string Program { get; set; }
    public DateOnly AsOf { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? RequestedBy { get; set; }

    /// <summary>One of <see cref="ReportJobStatus"/>.</summary>
    public string Status { get; set; } = ReportJobStatus.Queued;

    public string Stage { get; set; } = "waiting to start";
    public int Done { get; set; }
    public int Total { get; set; } = 1;
    public int Attempts { get; set; }
    public string? LeasedBy { get; set; }
    public DateTimeOffset? LeasedUntil { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The result as JSON once <see cref="ReportJobStatus.Completed"/>.</summary>
    public string? ResultJson { get; set; }

    public string? Error { get; set; }

    public int Percent => Status == ReportJobStatus.Completed ? 100 : Total <= 0 ? 0 : Math.Clamp(Done * 100 / Total, 0, 99);
}
