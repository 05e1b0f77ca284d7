using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>Marks one of the caller's organization's worklist tasks done; the case's timeline records it.</summary>
public sealed class CompleteEcmTask(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<TaskItem>> HandleAsync(Guid taskId, CancellationToken ct = default)
    {
        var task = await db.Set<EcmTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || (!writer.Scope.IsUnrestricted && task.OrganizationId != writer.Scope.OrganizationId))
        {
            return Outcome<TaskItem>.NotFound($"No task {taskId} is on your organization's worklist.");
        }

        if (task.CompletedAt is not null)
        {
            return Outcome<TaskItem>.Conflict($"The task was already completed {task.CompletedAt:yyyy-MM-dd} by {task.CompletedBy}.");
        }

        task.CompletedAt = writer.Now;
        task.CompletedBy = writer.Actor;
        var c = await db.Set<EcmCase>().FirstAsync(x => x.Id == task.CaseId, ct);
        writer.AddEvent(c, EcmEventKind.TaskDone, "Task done: " + task.Title);
        writer.Audit(EcmAuditActions.Task, task.MemberId, "ecm_tasks/" + task.Id, "completed " + task.Kind);
        await writer.SaveAsync(ct);
        var member = await db.Members.AsNoTracking().Where(m => m.Id == task.MemberId).Select(m => new { m.FirstName, m.LastName, m.PlanMemberId }).FirstAsync(ct);
        return Outcome<TaskItem>.Ok(new TaskItem(task.Id, task.CaseId, task.MemberId, member.FirstName + " " + member.LastName, member.PlanMemberId, task.Kind, task.Title,
            task.DueDate, false, task.CompletedAt, task.CompletedBy, task.OrganizationId));
    }
}
