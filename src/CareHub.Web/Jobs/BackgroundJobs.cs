using CareHub.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Jobs;

/// <summary>How background jobs kept in the database (identification runs, report computations) are shared by app instances.</summary>
public sealed class BackgroundJobOptions
{
    /// <summary>How often an idle worker looks for jobs queued on other instances or abandoned by a stopped one.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a running job is held by its instance without a sign of life before another may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running job renews its lease (and saves its progress).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(1);

    public string InstanceName { get; set; } = Environment.MachineName;

    /// <summary>A name for this process's worker, unique across instances, that fits a 100-character column.</summary>
    public string NewWorkerId()
    {
        var id = $"{InstanceName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return id.Length <= 100 ? id : id[^100..];
    }
}

/// <summary>Wakes a worker of this instance when a job is queued here, so it starts without waiting for the next poll.</summary>
public class JobSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Raise()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits for a signal or the poll interval; false when the app is stopping.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await _signal.WaitAsync(timeout, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>Runs a beat every <see cref="BackgroundJobOptions.Heartbeat"/> until cancelled; a failed beat is logged and retried.</summary>
public static class Heartbeat
{
    public static async Task RunAsync(Func<CancellationToken, Task> beat, IOptions<BackgroundJobOptions> options, ILogger log, string what, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Heartbeat, ct);
                await beat(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Could not renew the lease of {What}; will try again", what);
            }
        }
    }
}

/// <summary>Taking up shared jobs: the oldest queued one, or one whose worker stopped, by a conditional update.</summary>
public static class LeasedJobs
{
    /// <summary>
    /// Gives up jobs interrupted <see cref="LeasedJob.MaxAttempts"/> times (failed with <paramref name="givenUp"/>), then
    /// takes up the oldest job that is queued or whose lease ran out for <paramref name="worker"/>; null when none is left.
    /// </summary>
    public static async Task<Guid?> ClaimNextAsync<T>(DbSet<T> jobs, string worker, DateTimeOffset now, TimeSpan lease, string givenUp, CancellationToken ct)
        where T : class, ILeasedJob
    {
        await jobs.Where(j => j.Status == LeasedJob.Running && (j.LeasedUntil == null || j.LeasedUntil < now) && j.Attempts >= LeasedJob.MaxAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, LeasedJob.Failed)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Error, givenUp), ct);
        for (var tries = 0; tries < 5; tries++)
        {
            var candidate = await jobs.AsNoTracking().Where(Available<T>(now))
                .OrderBy(j => j.RequestedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(ct);
            if (candidate is not { } id)
            {
                return null;
            }

            var until = now + lease;
            var claimed = await jobs.Where(j => j.Id == id).Where(Available<T>(now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, LeasedJob.Running)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.LeasedBy, worker)
                    .SetProperty(j => j.LeasedUntil, until)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 1)
            {
                return id;
            }
        }

        return null;
    }

    private static System.Linq.Expressions.Expression<Func<T, bool>> Available<T>(DateTimeOffset now)
        where T : class, ILeasedJob =>
        j => j.Status == LeasedJob.Queued
            || (j.Status == LeasedJob.Running && (j.LeasedUntil == null || j.LeasedUntil < now) && j.Attempts < LeasedJob.MaxAttempts);
}
