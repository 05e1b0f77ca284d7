using CareHub.Common;
using CareHub.Ecm;

namespace CareHub.Web.Features.Ecm;

public sealed record DisenrollmentRequest(string? Reason, string? Note);

/// <summary>The plan or the assigned provider disenrolls (or graduates) the member: the case closes, its open tasks
/// end and the provider's access is revoked.</summary>
public sealed class DisenrollMember(EcmWriter writer)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, DisenrollmentRequest request, CancellationToken ct = default)
    {
        var reason = request.Reason?.Trim().ToLowerInvariant();
        if (reason is null || !DisenrollmentReason.All.Contains(reason))
        {
            return Outcome<CaseRef>.Invalid("reason", $"reason must be one of {string.Join(", ", DisenrollmentReason.All)}.");
        }

        if (reason == DisenrollmentReason.Other && string.IsNullOrWhiteSpace(request.Note))
        {
            return Outcome<CaseRef>.Invalid("note", "Explain the reason in the note when it is \"other\".");
        }

        return await writer.ChangeAsync(caseId, EcmStateMachine.Disenroll, async c =>
        {
            c.DisenrolledAt = writer.Now;
            c.DisenrollmentReason = reason;
            c.DisenrollmentNote = EcmWriter.Clean(request.Note);
            writer.SetStatus(c, EcmStatus.Disenrolled, $"Disenrolled: {DisenrollmentReason.Label(reason)}" + (c.DisenrollmentNote is null ? "" : " — " + c.DisenrollmentNote));
            await writer.CompleteTasksAsync(c, null, ct, completedBy: "case closed");
            await writer.RevokeAsync(c, ct);
            writer.Audit(EcmAuditActions.Disenroll, c.MemberId, "ecm_cases/" + c.Id, "reason=" + reason);
            return null;
        }, ct);
    }
}
