using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record AuthorizationRequest(string? Decision, string? Reason);

/// <summary>
/// The plan's decision on a referral (<c>approved</c>: the plan assigns a provider next; <c>denied</c>: the case
/// closes) or on a presumptive enrollment (authorized within the clock, the enrollment continues; denied, or decided
/// after the clock ran out, it ends).
/// </summary>
public sealed class DecideEcmAuthorization(CareHubDbContext db, EcmWriter writer, EcmLookups lookups)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, AuthorizationRequest request, CancellationToken ct = default)
    {
        if (!Decisions.TryParse(request.Decision, out var decision) || decision == Decision.Pend)
        {
            return Outcome<CaseRef>.Invalid("decision", $"decision must be \"approved\" or \"denied\" (was {(request.Decision is null ? "empty" : $"\"{request.Decision}\"")}).");
        }

        if (decision == Decision.Deny && string.IsNullOrWhiteSpace(request.Reason))
        {
            return Outcome<CaseRef>.Invalid("reason", "reason is required when the authorization is denied.");
        }

        var approved = decision == Decision.Approve;
        var reason = EcmWriter.Clean(request.Reason);
        if (await db.Set<EcmCase>().AnyAsync(c => c.Id == caseId && c.PresumptiveDueBy != null, ct))
        {
            return await DecidePresumptiveAsync(caseId, approved, reason, ct);
        }

        return await writer.ChangeAsync(caseId, approved ? EcmStateMachine.Authorize : EcmStateMachine.Deny, async c =>
        {
            if (approved)
            {
                var blocking = (await lookups.ExclusionsAsync(c.MemberId, writer.Today, ct)).Where(f => f.Blocks).ToList();
                if (blocking.Count > 0)
                {
                    return $"The member cannot be authorized for ECM: {string.Join("; ", blocking.Select(f => f.Reason))}. Deny the authorization with that reason.";
                }
            }

            c.DecidedAt = writer.Now;
            c.DecidedBy = writer.Actor;
            c.DecisionReason = reason;
            writer.SetStatus(c, approved ? EcmStatus.Authorized : EcmStatus.Denied,
                approved ? "Authorized" + (reason is null ? "" : ": " + reason) : "Denied: " + reason);
            await writer.CompleteTasksAsync(c, [EcmTaskKind.AuthorizationDecision], ct);
            if (approved)
            {
                writer.AddTask(c, c.PlanId, EcmTaskKind.Assignment, "Assign an ECM provider", EcmTaskSchedule.Assignment(writer.Today));
            }
            else
            {
                await writer.CompleteTasksAsync(c, null, ct);
            }

            writer.Audit(EcmAuditActions.Authorize, c.MemberId, "ecm_cases/" + c.Id, $"decision={decision}; reason={reason}");
            return null;
        }, ct);
    }

    private async Task<Outcome<CaseRef>> DecidePresumptiveAsync(Guid caseId, bool approved, string? reason, CancellationToken ct)
    {
        PresumptiveOutcome? outcome = null;
        var result = await writer.ChangeAsync(caseId, EcmStateMachine.DecidePresumptive, async c =>
        {
            outcome = PresumptiveAuthorization.Decide(approved, c.PresumptiveDueBy!.Value, writer.Today);
            c.DecidedAt = writer.Now;
            c.DecidedBy = writer.Actor;
            c.DecisionReason = reason;
            c.PresumptiveDueBy = null;
            await writer.CompleteTasksAsync(c, [EcmTaskKind.AuthorizationDecision], ct);
            if (outcome == PresumptiveOutcome.Authorized)
            {
                writer.AddEvent(c, EcmEventKind.Status, "Presumptive enrollment authorized by the plan" + (reason is null ? "" : ": " + reason));
            }
            else
            {
                var why = outcome == PresumptiveOutcome.Denied
                    ? "The plan denied the presumptive enrollment" + (reason is null ? "" : ": " + reason)
                    : $"The plan did not authorize the presumptive enrollment by {c.DecisionDueBy:yyyy-MM-dd}";
                await ExpirePresumptiveEnrollments.EndAsync(writer, c, why, null, ct);
            }

            writer.Audit(EcmAuditActions.Authorize, c.MemberId, "ecm_cases/" + c.Id, $"presumptive; decision={(approved ? "approved" : "denied")}; outcome={outcome}");
            return null;
        }, ct);
        return result.Kind == OutcomeKind.Ok && outcome == PresumptiveOutcome.Expired
            ? Outcome<CaseRef>.Conflict("The plan's clock for this presumptive enrollment ran out before the authorization, so the enrollment has ended.")
            : result;
    }
}
