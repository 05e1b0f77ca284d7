using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record OutreachRequest(DateOnly? Date, string? Modality, string? Outcome, string? Note);

/// <summary>The assigned provider logs an outreach attempt. The first moves an accepted case to outreach; the plan's
/// unable-to-reach rule is checked after each, and the next attempt or the follow-up is put on the worklist.</summary>
public sealed class LogOutreach(CareHubDbContext db, EcmWriter writer, EcmLookups lookups)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, OutreachRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var modality = request.Modality?.Trim().ToLowerInvariant();
        var outcome = request.Outcome?.Trim().ToLowerInvariant();
        if (request.Date is null) { errors["date"] = ["date is required (yyyy-MM-dd)."]; }
        else if (request.Date > writer.Today) { errors["date"] = [$"date {request.Date:yyyy-MM-dd} is in the future."]; }

        if (modality is null || !OutreachModality.All.Contains(modality)) { errors["modality"] = [$"modality must be one of {string.Join(", ", OutreachModality.All)}."]; }
        if (outcome is null || !OutreachOutcome.All.Contains(outcome)) { errors["outcome"] = [$"outcome must be one of {string.Join(", ", OutreachOutcome.All)}."]; }
        if (request.Note is { Length: > 2000 }) { errors["note"] = ["note is longer than 2,000 characters."]; }
        if (errors.Count > 0)
        {
            return Outcome<CaseRef>.Invalid(errors);
        }

        var date = request.Date!.Value;
        return await writer.ChangeAsync(caseId, EcmStateMachine.LogOutreach, async c =>
        {
            if (date < DateOnly.FromDateTime(c.ReferredAt.UtcDateTime))
            {
                return $"The outreach date {date:yyyy-MM-dd} is before the referral ({c.ReferredAt.UtcDateTime:yyyy-MM-dd}).";
            }

            db.Add(new OutreachAttempt
            {
                CaseId = c.Id,
                MemberId = c.MemberId,
                ProviderId = c.ProviderId!.Value,
                Date = date,
                Modality = modality!,
                Outcome = outcome!,
                Note = EcmWriter.Clean(request.Note),
                RecordedBy = writer.Actor,
                RecordedAt = writer.Now,
            });
            var text = $"Outreach {date:yyyy-MM-dd}: {OutreachModality.Label(modality!)}, {OutreachOutcome.Label(outcome!).ToLowerInvariant()}";
            if (c.Status == EcmStatus.Accepted)
            {
                writer.SetStatus(c, EcmStatus.Outreach, text);
            }
            else
            {
                writer.AddEvent(c, EcmEventKind.Outreach, text);
            }

            await writer.CompleteTasksAsync(c, [EcmTaskKind.Outreach], ct);
            var attempts = await db.Set<OutreachAttempt>().Where(o => o.CaseId == c.Id).Select(o => new { o.Date, o.Modality, o.Outcome }).ToListAsync(ct);
            attempts.Add(new { Date = date, Modality = modality!, Outcome = outcome! });
            var settings = await lookups.SettingsAsync(c.PlanId, ct);
            var utr = settings.UnableToReach.Evaluate(attempts.Select(a => (a.Date, a.Modality, a.Outcome)));
            if (utr.Flagged)
            {
                writer.AddEvent(c, EcmEventKind.Outreach, utr.Explanation);
                writer.AddTask(c, c.ProviderId!.Value, EcmTaskKind.FollowUp, "Unable to reach: close outreach (disenroll) or record why outreach continues", EcmTaskSchedule.UnableToReachFollowUp(writer.Today));
            }
            else if (outcome != OutreachOutcome.Reached && outcome != OutreachOutcome.Declined)
            {
                writer.AddTask(c, c.ProviderId!.Value, EcmTaskKind.Outreach, "Next outreach attempt", EcmTaskSchedule.NextOutreach(writer.Today));
            }

            writer.Audit(EcmAuditActions.Outreach, c.MemberId, "ecm_cases/" + c.Id, $"date={date:yyyy-MM-dd}; modality={modality}; outcome={outcome}");
            return null;
        }, ct);
    }
}
