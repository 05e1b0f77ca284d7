using System.Text.Json;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;

namespace CareHub.Web.Features.Ecm;

public sealed record AssessmentRequest(string? FormCode, int? FormVersion, Dictionary<string, string?>? Answers);

/// <summary>The assigned provider records a completed assessment on a form version (the current one by default); the
/// social needs it finds go on the case's timeline.</summary>
public sealed class RecordAssessment(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<CaseRef>> HandleAsync(Guid caseId, AssessmentRequest request, CancellationToken ct = default)
    {
        var form = request.FormCode is null && request.FormVersion is null ? AssessmentForms.Current(writer.Today)
            : AssessmentForms.Find(request.FormCode ?? AssessmentForms.Comprehensive, request.FormVersion ?? 0);
        if (form is null)
        {
            return Outcome<CaseRef>.Invalid("formVersion", $"There is no assessment form {request.FormCode} version {request.FormVersion}; forms: {string.Join(", ", AssessmentForms.All.Select(f => $"{f.Code} v{f.Version}"))}.");
        }

        var answers = (request.Answers ?? []).ToDictionary(a => a.Key, a => a.Value?.Trim());
        var errors = form.Validate(answers);
        if (errors.Count > 0)
        {
            return Outcome<CaseRef>.Invalid(errors);
        }

        return await writer.ChangeAsync(caseId, EcmStateMachine.Document, async c =>
        {
            var needs = form.SocialNeeds(answers);
            db.Add(new EcmAssessment
            {
                CaseId = c.Id,
                MemberId = c.MemberId,
                FormCode = form.Code,
                FormVersion = form.Version,
                AnswersJson = JsonSerializer.Serialize(answers.Where(a => !string.IsNullOrEmpty(a.Value)).ToDictionary(), EcmLookups.Json),
                SocialNeeds = needs.Count == 0 ? null : string.Join(',', needs),
                CompletedAt = writer.Now,
                CompletedBy = writer.Actor,
            });
            writer.AddEvent(c, EcmEventKind.Assessment, $"Assessment completed ({form.Title} v{form.Version}); social needs: {(needs.Count == 0 ? "none found" : string.Join(", ", needs))}");
            await writer.CompleteTasksAsync(c, [EcmTaskKind.Assessment, EcmTaskKind.Reassessment], ct);
            writer.Audit(EcmAuditActions.Assess, c.MemberId, "ecm_cases/" + c.Id, $"form={form.Code} v{form.Version}");
            return null;
        }, ct, touchRevision: false);
    }
}
