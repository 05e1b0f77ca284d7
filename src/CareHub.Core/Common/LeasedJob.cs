namespace CareHub.Common;

/// <summary>
/// A long job kept in the database that app instances share: queued, then held by one worker with a lease it renews;
/// a job whose lease ran out (its instance stopped) may be taken up again, at most <see cref="LeasedJob.MaxAttempts"/> times.
/// </summary>
public interface ILeasedJob
{
    Guid Id { get; }
    string Status { get; set; }
    DateTimeOffset RequestedAt { get; }
    DateTimeOffset? StartedAt { get; set; }
    DateTimeOffset? FinishedAt { get; set; }
    int Attempts { get; set; }
    string? LeasedBy { get; set; }
    DateTimeOffset? LeasedUntil { get; set; }
    string? Error { get; set; }
}

/// <summary>The statuses every <see cref="ILeasedJob"/> goes through.</summary>
public static class LeasedJob
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>Jobs interrupted this many times are given up as failed.</summary>
    public const int MaxAttempts = 3;
}
