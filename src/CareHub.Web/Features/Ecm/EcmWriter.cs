using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>
/// The one path every change to an ECM case takes, whatever the channel (pages, JSON API, imports, background jobs,
/// demo data): it finds the case among those the caller takes part in, checks who may take the step and the status
/// machine, records the case history (status changes and events), the tasks, the audit entry and the access grants,
/// and saves them in one <c>SaveChanges</c>. ECM publishes no webhook events, so there is no outbox row to add.
/// </summary>
public sealed class EcmWriter(CareHubDbContext db, AuditTrail audit, TimeProvider clock, MemberAccessGrants grants)
{
    public IAccessScope Scope => db.Scope;

    /// <summary>Who the history and tasks name as having acted.</summary>
    public string? Actor => Scope.UserName;

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The case, tracked for a change, when the caller takes part in it.</summary>
    public async Task<EcmCase?> FindAsync(Guid caseId, CancellationToken ct) =>
        await db.EcmCasesTakingPart().FirstOrDefaultAsync(c => c.Id == caseId, ct);

    public static Outcome<T> NotVisible<T>(Guid caseId) => Outcome<T>.NotFound($"No ECM case {caseId} is visible to your organization.");

    /// <summary>Null when the caller may take <paramref name="step"/> on the case now; otherwise forbidden (not the
    /// caller's part) or conflict (not from the case's status).</summary>
    public Outcome<T>? Refusal<T>(EcmCase c, EcmStep step)
    {
        if (EcmParticipation.Refusal(c, step, EcmParticipation.ActorOf(c, Scope)) is { } forbidden)
        {
            return Outcome<T>.Forbidden(forbidden);
        }

        return EcmStateMachine.Check(c.Status, step) is { } refused ? Outcome<T>.Conflict(refused) : null;
    }

    /// <summary>
    /// Loads the case, checks who may act and the status step, applies the change (which returns why it cannot be
    /// made, or null), saves once. A change saved by someone else since the case was read is a conflict.
    /// </summary>
    public async Task<Outcome<CaseRef>> ChangeAsync(Guid caseId, EcmStep step, Func<EcmCase, Task<string?>> apply, CancellationToken ct, bool touchRevision = true)
    {
        var c = await FindAsync(caseId, ct);
        if (c is null)
        {
            return NotVisible<CaseRef>(caseId);
        }

        if (Refusal<CaseRef>(c, step) is { } refusal)
        {
            return refusal;
        }

        if (await apply(c) is { } problem)
        {
            db.ChangeTracker.Clear();
            return Outcome<CaseRef>.Conflict(problem);
        }

        if (touchRevision)
        {
            c.Revision = Guid.NewGuid();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Set<EcmCase>().AsNoTracking().Where(x => x.Id == caseId).Select(x => x.Status).FirstOrDefaultAsync(ct);
            return Outcome<CaseRef>.Conflict($"The case changed while you were working on it; it is now '{now.ToCode()}'. Reload it and try again.");
        }

        return Outcome<CaseRef>.Ok(new CaseRef(c.Id, c.Status));
    }

    /// <summary>Adds a new case (its history and tasks are added with it).</summary>
    public void Add(EcmCase c) => db.Add(c);

    /// <summary>Moves the case to <paramref name="status"/> and records the status change in its history.</summary>
    public void SetStatus(EcmCase c, EcmStatus status, string detail, string? by = null)
    {
        c.Status = status;
        c.StatusChangedAt = Now;
        c.OpenMemberId = EcmStatus.IsOpen(status) ? c.MemberId : null;
        db.Add(new EcmCaseEvent { CaseId = c.Id, MemberId = c.MemberId, At = Now, Status = status, Kind = EcmEventKind.Status, By = by ?? Actor, Detail = Shorten(detail, 2000) });
    }

    /// <summary>A line in the case's history that keeps its status.</summary>
    public void AddEvent(EcmCase c, string kind, string detail) =>
        db.Add(new EcmCaseEvent { CaseId = c.Id, MemberId = c.MemberId, At = Now, Status = c.Status, Kind = kind, By = Actor, Detail = Shorten(detail, 2000) });

    /// <summary>A task on <paramref name="organizationId"/>'s worklist, due as <see cref="EcmTaskSchedule"/> says.</summary>
    public void AddTask(EcmCase c, Guid organizationId, string kind, string title, DateOnly due) =>
        db.Add(new EcmTask { CaseId = c.Id, MemberId = c.MemberId, OrganizationId = organizationId, Kind = kind, Title = Shorten(title, 300), DueDate = due, CreatedAt = Now });

    /// <summary>Marks the case's open tasks done (of some kinds, of one organization, or all).</summary>
    public async Task CompleteTasksAsync(EcmCase c, string[]? kinds, CancellationToken ct, Guid? onlyOrganization = null, string? completedBy = null)
    {
        var query = db.Set<EcmTask>().Where(t => t.CaseId == c.Id && t.CompletedAt == null);
        if (kinds is not null)
        {
            query = query.Where(t => kinds.Contains(t.Kind));
        }

        if (onlyOrganization is { } org)
        {
            query = query.Where(t => t.OrganizationId == org);
        }

        foreach (var t in await query.ToListAsync(ct))
        {
            t.CompletedAt = Now;
            t.CompletedBy = completedBy ?? Actor;
        }
    }

    /// <summary>Opens the member to the ECM provider the case is assigned to.</summary>
    public void Grant(EcmCase c, Guid providerId) => grants.Grant(c.MemberId, providerId, MemberAccessGrants.EcmAssignment, c.Id);

    /// <summary>Closes what this case opened to its providers.</summary>
    public Task RevokeAsync(EcmCase c, CancellationToken ct) => grants.RevokeAsync(c.Id, MemberAccessGrants.EcmAssignment, null, ct);

    public void Audit(string action, Guid? memberId, string target, string? detail) => audit.Add(action, memberId, target, detail);

    /// <summary>Saves everything recorded, once.</summary>
    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    /// <summary>Forgets everything recorded and not saved (after a lost race).</summary>
    public void Discard() => db.ChangeTracker.Clear();

    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
