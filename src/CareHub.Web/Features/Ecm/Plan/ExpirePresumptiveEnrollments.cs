using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Ecm;
using CareHub.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>
/// Ends every presumptive enrollment whose plan clock ran out without an authorization (the policy: the plan
/// authorizes within its clock or the enrollment ends). Each one is disenrolled through the writer with a history
/// entry, its tasks closed and the provider's access revoked. Run as system work by
/// <see cref="PresumptiveExpiryJob"/>; a plan deciding after the clock reaches the same end.
/// </summary>
public sealed class ExpirePresumptiveEnrollments(CareHubDbContext db, EcmWriter writer)
{
    /// <summary>The ids of the cases ended.</summary>
    public async Task<IReadOnlyList<Guid>> HandleAsync(CancellationToken ct = default)
    {
        var today = writer.Today;
        var due = await db.EcmCasesTakingPart().AsNoTracking()
            .Where(c => c.PresumptiveDueBy != null && c.PresumptiveDueBy < today && c.Status == EcmStatus.Enrolled)
            .OrderBy(c => c.PresumptiveDueBy).Select(c => c.Id).Take(500).ToListAsync(ct);
        var ended = new List<Guid>();
        foreach (var id in due)
        {
            var result = await writer.ChangeAsync(id, EcmStateMachine.DecidePresumptive, async c =>
            {
                if (c.PresumptiveDueBy is not { } dueBy || !PresumptiveAuthorization.HasExpired(dueBy, writer.Today))
                {
                    return "The presumptive enrollment was decided in the meantime.";
                }

                c.DecidedAt = writer.Now;
                c.DecidedBy = "system";
                c.PresumptiveDueBy = null;
                await writer.CompleteTasksAsync(c, [EcmTaskKind.AuthorizationDecision], ct, completedBy: "system");
                await EndAsync(writer, c, $"The plan did not authorize the presumptive enrollment by {dueBy:yyyy-MM-dd}", "system", ct);
                writer.Audit(EcmAuditActions.Authorize, c.MemberId, "ecm_cases/" + c.Id, $"presumptive; outcome={PresumptiveOutcome.Expired}; dueBy={dueBy:yyyy-MM-dd}");
                return null;
            }, ct);
            if (result.Succeeded)
            {
                ended.Add(id);
            }

            db.ChangeTracker.Clear();
        }

        return ended;
    }

    /// <summary>Ends a presumptive enrollment the plan did not authorize: disenrolled with the reason, its open tasks
    /// closed and the provider's access revoked.</summary>
    internal static async Task EndAsync(EcmWriter writer, EcmCase c, string why, string? by, CancellationToken ct)
    {
        c.DisenrolledAt = writer.Now;
        c.DisenrollmentReason = DisenrollmentReason.PresumptiveNotAuthorized;
        c.DisenrollmentNote = why;
        writer.SetStatus(c, EcmStatus.Disenrolled, $"Enrollment ended: {why}.", by);
        await writer.CompleteTasksAsync(c, null, ct, completedBy: by);
        await writer.RevokeAsync(c, ct);
    }
}

/// <summary>Runs <see cref="ExpirePresumptiveEnrollments"/> shortly after start-up and then every hour.</summary>
public sealed class PresumptiveExpiryJob(IServiceScopeFactory scopes, ILogger<PresumptiveExpiryJob> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            using var timer = new PeriodicTimer(Interval);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<SystemScopeSwitch>().UseSystem = true;
                    var ended = await scope.ServiceProvider.GetRequiredService<ExpirePresumptiveEnrollments>().HandleAsync(stoppingToken);
                    if (ended.Count > 0)
                    {
                        log.LogInformation("Ended {Count} presumptive ECM enrollments the plan did not authorize in time", ended.Count);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "Ending expired presumptive ECM enrollments failed; trying again in {Interval}", Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
