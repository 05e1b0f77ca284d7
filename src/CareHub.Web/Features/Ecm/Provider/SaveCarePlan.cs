using System.Text.Json;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record CarePlanRequest(
    int? BaseVersion,
    [property: System.ComponentModel.DataAnnotations.MaxLength(CarePlans.MaxLongText)] string? ProblemsAndGoals,
    List<CarePlanIntervention>? Interventions,
    string? MemberWords,
    [property: System.ComponentModel.DataAnnotations.MaxLength(CarePlans.MaxLongText)] string? ProgressNotes);

/// <summary>The assigned provider saves a new care plan version. Refused with a conflict when someone saved after the
/// editor's base version; interventions with a due date become follow-up tasks.</summary>
public sealed class SaveCarePlan(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<CarePlanItem>> HandleAsync(Guid caseId, CarePlanRequest request, CancellationToken ct = default)
    {
        var draft = new CarePlanDraft(request.BaseVersion ?? -1, request.ProblemsAndGoals, request.Interventions ?? [], request.MemberWords, request.ProgressNotes);
        var errors = new Dictionary<string, string[]>(CarePlans.Validate(draft));
        if (request.BaseVersion is null)
        {
            errors["baseVersion"] = ["baseVersion is required: the care plan version you started editing (0 for a new care plan)."];
        }

        if (errors.Count > 0)
        {
            return Outcome<CarePlanItem>.Invalid(errors);
        }

        var c = await writer.FindAsync(caseId, ct);
        if (c is null)
        {
            return EcmWriter.NotVisible<CarePlanItem>(caseId);
        }

        if (writer.Refusal<CarePlanItem>(c, EcmStateMachine.Document) is { } refusal)
        {
            return refusal;
        }

        var latest = await db.Set<CarePlanVersion>().AsNoTracking().Where(v => v.CaseId == caseId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (CarePlans.Conflict(draft.BaseVersion, latest?.Version ?? 0, latest?.SavedBy, latest?.SavedAt) is { } conflict)
        {
            return Outcome<CarePlanItem>.Conflict(conflict);
        }

        var version = new CarePlanVersion
        {
            CaseId = c.Id,
            MemberId = c.MemberId,
            Version = (latest?.Version ?? 0) + 1,
            ProblemsAndGoals = draft.ProblemsAndGoals!.Trim(),
            InterventionsJson = JsonSerializer.Serialize(draft.Interventions.Select(i => i with { Text = i.Text.Trim(), Owner = i.Owner?.Trim() }), EcmLookups.Json),
            MemberWords = EcmWriter.Clean(draft.MemberWords),
            ProgressNotes = EcmWriter.Clean(draft.ProgressNotes),
            SavedAt = writer.Now,
            SavedBy = writer.Actor,
        };
        db.Add(version);
        writer.AddEvent(c, EcmEventKind.CarePlan, $"Care plan version {version.Version} saved ({draft.Interventions.Count} intervention{(draft.Interventions.Count == 1 ? "" : "s")})");
        await writer.CompleteTasksAsync(c, [EcmTaskKind.CarePlan], ct);
        foreach (var i in draft.Interventions.Where(i => i.DueDate is not null))
        {
            writer.AddTask(c, c.ProviderId!.Value, EcmTaskKind.FollowUp, $"Care plan: {EcmWriter.Shorten(i.Text, 120)} ({i.Owner})", i.DueDate!.Value);
        }

        writer.Audit(EcmAuditActions.CarePlan, c.MemberId, "ecm_cases/" + c.Id, $"version={version.Version}");
        try
        {
            await writer.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            writer.Discard();
            var winner = await db.Set<CarePlanVersion>().AsNoTracking().Where(v => v.CaseId == caseId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
            return Outcome<CarePlanItem>.Conflict(CarePlans.Conflict(draft.BaseVersion, winner?.Version ?? draft.BaseVersion + 1, winner?.SavedBy, winner?.SavedAt)
                ?? "Someone else saved the care plan at the same moment; review their version and save again.");
        }

        return Outcome<CarePlanItem>.Created(EcmQueries.ToItem(version));
    }
}
