using System.Text.Json;
using System.Text.Json.Nodes;
using CareHub.Common;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Features.Fhir.FhirResponses;
using static CareHub.Web.Features.Fhir.FhirSearch;
using FhirTask = Hl7.Fhir.Model.Task;

namespace CareHub.Web.Features.Fhir;

/// <summary>
/// FHIR Task: the referral's fulfilment (Gravity SDOH referral management), with the same id as its ServiceRequest.
/// Every change goes through the referral use cases, so each writes the referral's history and outbox event:
/// creating a Task with an owner names the CBO (<see cref="AssignProvider"/>); a new <c>status</c> is the CBO's step
/// (accepted, in-progress, completed, rejected) or a cancellation; a new <c>businessStatus</c> of approved, denied or
/// pended is the plan's decision (<see cref="DecideReferral"/>: the owner is the CBO authorized, <c>statusReason</c>
/// the reason, the first <c>note</c> the member notice of a denial). The <c>businessStatus</c> always shows the
/// referral's own status, so a client sees why a Task waits.
/// </summary>
public static class Tasks
{
    private static readonly Dictionary<string, string> _taskPaths = new()
    {
        ["reason"] = "Task.statusReason",
        ["note"] = "Task.statusReason",
        ["outcome"] = "Task.output",
        ["capacity"] = "Task.note",
        ["cboId"] = "Task.owner",
        ["decision"] = "Task.businessStatus",
        ["memberNotice"] = "Task.note",
        ["end"] = "Task.restriction.period.end",
        ["limits"] = "Task",
    };

    /// <summary>Creates the Task for a referral (its id is the ServiceRequest's): the referrer may name the owner (CBO).
    /// A referral has one Task; posting it again answers with the existing one.</summary>
    public static async Task<IResult> Create(HttpRequest request, ReferralQueries referrals, AssignProvider assign)
    {
        var (task, error) = await ReadAsync<FhirTask>(request);
        if (error is not null)
        {
            return error;
        }

        if (ValidateTaskShape(task!) is { } shapeError)
        {
            return shapeError;
        }

        if (ForeignReferences(request, task!) is { } foreign)
        {
            return foreign;
        }

        if (task!.Status is not (FhirTask.TaskStatus.Requested or FhirTask.TaskStatus.Draft))
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, "A new Task's status is 'requested' (or 'draft').", "Task.status");
        }

        var focusId = ReferenceId(task.Focus?.Reference, "ServiceRequest");
        var referral = focusId is null ? null : await referrals.Visible.AsNoTracking().FirstOrDefaultAsync(r => r.Id == focusId, request.HttpContext.RequestAborted);
        if (referral is null)
        {
            return Problem(422, OperationOutcome.IssueType.NotFound, $"Task.focus must reference a ServiceRequest visible to your organization; '{task.Focus?.Reference}' is not.", "Task.focus");
        }

        if (ReferenceId(task.For?.Reference, "Patient") != referral.MemberId)
        {
            return Problem(422, OperationOutcome.IssueType.Invalid, $"Task.for must reference the ServiceRequest's Patient (Patient/{referral.MemberId}).", "Task.for");
        }

        if (task.Owner?.Reference is { } ownerRef)
        {
            if (ReferenceId(ownerRef, "Organization") is not { } owner)
            {
                return Problem(422, OperationOutcome.IssueType.Invalid, $"Task.owner must reference a Community Supports provider (CBO) Organization; '{ownerRef}' is not.", "Task.owner");
            }

            var assigned = await assign.HandleAsync(referral.Id, owner, $"/fhir/Task/{referral.Id}", request.HttpContext.RequestAborted);
            if (!assigned.Succeeded)
            {
                return Failure(assigned, "Task", _taskPaths);
            }
        }

        var detail = await referrals.GetAsync(referral.Id, request.Path, request.HttpContext.RequestAborted);
        return Answer(FhirMapper.ToTask(detail!), 201, $"/fhir/Task/{referral.Id}");
    }

    private static IResult? ForeignReferences(HttpRequest request, FhirTask task) => ForeignReference(request,
        (task.Focus?.Reference, "Task.focus"), (task.For?.Reference, "Task.for"), (task.Owner?.Reference, "Task.owner"), (task.Requester?.Reference, "Task.requester"));

    private static IResult? ValidateTaskShape(FhirTask task)
    {
        if (task.Code?.Coding.Any(c => c.System == FhirMapper.TaskCodeSystem && c.Code == "fulfill") != true)
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, $"Task.code must be {FhirMapper.TaskCodeSystem}#fulfill.", "Task.code");
        }

        if (task.Intent is not FhirTask.TaskIntent.Order)
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, "Task.intent must be 'order'.", "Task.intent");
        }

        if (task.Status is null)
        {
            return Problem(400, OperationOutcome.IssueType.Required, "Task.status is required.", "Task.status");
        }

        if (task.Status is FhirTask.TaskStatus.Ready or FhirTask.TaskStatus.Received)
        {
            return Problem(400, OperationOutcome.IssueType.CodeInvalid, $"Task.status '{task.Status.GetLiteral()}' is not allowed for referral management (Gravity SDOH excludes ready and received).", "Task.status");
        }

        return null;
    }

    public static async Task<IResult> Read(string id, ReferralQueries referrals, HttpContext http)
    {
        var detail = Guid.TryParse(id, out var rid) ? await referrals.GetAsync(rid, http.Request.Path, http.RequestAborted) : null;
        return detail is null ? NotFound("Task", id) : Answer(FhirMapper.ToTask(detail));
    }

    public static async Task<IResult> Search(HttpRequest request, ReferralSearch search, string? patient, string? owner, string? requester, string? status, string? focus, string? _id, string? _lastUpdated, string? _include)
    {
        if (UnknownParameters(request, "patient", "owner", "requester", "status", "focus", "_id", "_lastUpdated", "_include") is { } unknown)
        {
            return unknown;
        }

        var ids = _id;
        if (!string.IsNullOrWhiteSpace(focus))
        {
            if (ReferenceId(focus, "ServiceRequest") is not { } fid)
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{focus}' is not a ServiceRequest reference.", "focus");
            }

            ids = ids is null ? fid.ToString() : ids;
        }

        var statuses = ReferralSearch.StatusesShownAs(status, s => s.ToTaskStatus());
        var (page, error) = await search.FindAsync(request, new ReferralSearchInput(patient, owner, requester, ids, _lastUpdated, statuses), "Task");
        if (error is not null)
        {
            return error;
        }

        var includes = _include is "Task:focus" ? page!.Details.Select(d => (Resource)FhirMapper.ToServiceRequest(d)) : null;
        return Answer(SearchSet(request, page!.Details.Select(FhirMapper.ToTask), includes, page.Total, page.Offset, page.Count));
    }

    public static async Task<IResult> Put(string id, HttpRequest request, ReferralQueries referrals)
    {
        var (task, error) = await ReadAsync<FhirTask>(request);
        return error ?? await UpdateAsync(id, task!, referrals, request);
    }

    /// <summary>JSON Patch (RFC 6902) applied to the current Task, then handled as a PUT.</summary>
    public static async Task<IResult> Patch(string id, HttpRequest request, ReferralQueries referrals)
    {
        var detail = Guid.TryParse(id, out var rid) ? await referrals.GetAsync(rid, request.Path, request.HttpContext.RequestAborted) : null;
        if (detail is null)
        {
            return NotFound("Task", id);
        }

        JsonPatchDocument? patch;
        try
        {
            patch = await JsonSerializer.DeserializeAsync<JsonPatchDocument>(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or JsonPatchException or ArgumentException or InvalidOperationException)
        {
            return Problem(400, OperationOutcome.IssueType.Structure, $"The body is not a JSON Patch document: {ex.Message}", "Task");
        }

        var current = JsonNode.Parse(FhirMapper.ToTask(detail).ToJson())!.AsObject();
        try
        {
            patch?.ApplyTo(current);
        }
        catch (JsonPatchException ex)
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, $"The patch cannot be applied: {ex.Message}", "Task");
        }

        var (task, parseError) = Parse<FhirTask>(current.ToJsonString());
        return parseError ?? await UpdateAsync(id, task!, referrals, request);
    }

    /// <summary>The plan's decision a Task update asks for: a businessStatus of approved, denied or pended (the
    /// verbs approve, deny, pend too) that differs from the referral's status.</summary>
    private static Decision? PlanDecision(FhirTask task, ReferralDetail detail)
    {
        var code = task.BusinessStatus?.Coding.FirstOrDefault(c => c.System == FhirMapper.StatusSystem)?.Code;
        if (code is null || code == detail.Summary.Status || !Decisions.TryParse(code, out var decision))
        {
            return null;
        }

        return decision;
    }

    /// <summary>Drives the referral from the Task's new status: accepted, in-progress, completed (outputs close the
    /// loop), rejected (statusReason), cancelled.</summary>
    private static async Task<IResult> UpdateAsync(string id, FhirTask task, ReferralQueries referrals, HttpRequest request)
    {
        var ct = request.HttpContext.RequestAborted;
        if (task.Id is { } bodyId && bodyId != id)
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, $"Task.id '{bodyId}' does not match the URL ({id}).", "Task.id");
        }

        if (ValidateTaskShape(task) is { } shapeError)
        {
            return shapeError;
        }

        if (ForeignReferences(request, task) is { } foreign)
        {
            return foreign;
        }

        var detail = Guid.TryParse(id, out var rid) ? await referrals.GetAsync(rid, request.Path, ct) : null;
        if (detail is null)
        {
            return NotFound("Task", id);
        }

        if (ReferenceId(task.Focus?.Reference, "ServiceRequest") != rid)
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, $"Task.focus cannot change; it is ServiceRequest/{rid}.", "Task.focus");
        }

        if (ReferenceId(task.For?.Reference, "Patient") != detail.Summary.MemberId)
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, $"Task.for cannot change; it is Patient/{detail.Summary.MemberId}.", "Task.for");
        }

        var current = detail.Summary.TaskStatus;
        var wanted = task.Status!.Value.GetLiteral();
        var reasonText = task.StatusReason?.Text;
        Outcome<ReferralDetail>? result = null;
        var services = request.HttpContext.RequestServices;
        var owner = task.Owner?.Reference is { } ownerRef ? ReferenceId(ownerRef, "Organization") : null;
        if (task.Owner?.Reference is { } namedOwner && owner is null)
        {
            return Problem(422, OperationOutcome.IssueType.Invalid, $"Task.owner must reference a Community Supports provider (CBO) Organization; '{namedOwner}' is not.", "Task.owner");
        }

        if (PlanDecision(task, detail) is { } decision)
        {
            result = await services.GetRequiredService<DecideReferral>().HandleAsync(rid, new DecisionInput(decision.ToVerb(), CboId: owner,
                Reason: reasonText, MemberNotice: task.Note.Select(n => n.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))), ct);
            return result.Succeeded ? Answer(FhirMapper.ToTask(result.Value!)) : Failure(result, "Task", _taskPaths);
        }

        if (owner is { } newOwner && newOwner != detail.Summary.CboId)
        {
            if (detail.Summary.CboId is { } cbo)
            {
                return Problem(409, OperationOutcome.IssueType.BusinessRule,
                    $"The Task's owner is Organization/{cbo}, the provider the referral is with; only the plan moves a referral to another provider, by approving it again (businessStatus 'approved' with the new owner) after the provider declines.", "Task.owner");
            }

            var assigned = await services.GetRequiredService<AssignProvider>().HandleAsync(rid, newOwner, request.Path, ct);
            if (!assigned.Succeeded)
            {
                return Failure(assigned, "Task", _taskPaths);
            }

            detail = assigned.Value!;
        }

        if (wanted == current)
        {
            return Answer(FhirMapper.ToTask(detail));
        }

        switch (wanted)
        {
            case "accepted":
                result = await services.GetRequiredService<AcceptReferral>().HandleAsync(rid, new CboResponseInput(Note: reasonText), ct);
                break;
            case "in-progress":
                if (current == "requested")
                {
                    var accepted = await services.GetRequiredService<AcceptReferral>().HandleAsync(rid, new CboResponseInput(), ct);
                    if (!accepted.Succeeded)
                    {
                        return Failure(accepted, "Task", _taskPaths);
                    }
                }

                result = await services.GetRequiredService<StartServices>().HandleAsync(rid, reasonText, ct);
                break;
            case "completed":
                {
                    var outcome = task.Output.Select(o => o.Type?.Coding.FirstOrDefault(c => c.System == FhirMapper.OutcomeSystem)?.Code).FirstOrDefault(c => c is not null) ?? "services-completed";
                    var note = task.Output.Where(o => o.Type?.Coding.Any(c => c.System == FhirMapper.OutcomeSystem) == true).Select(o => (o.Value as FhirString)?.Value).FirstOrDefault()
                        ?? task.Output.Select(o => o.Value switch { FhirString s => s.Value, CodeableConcept c => c.Text, _ => null }).FirstOrDefault(t => t is not null)
                        ?? reasonText;
                    result = await services.GetRequiredService<CloseReferral>().HandleAsync(rid, new CloseInput(outcome, note), ct);
                    break;
                }

            case "rejected":
                if (string.IsNullOrWhiteSpace(reasonText) && task.StatusReason?.Coding.Count is not > 0)
                {
                    return Problem(400, OperationOutcome.IssueType.Required, "A rejected Task needs statusReason (text, and optionally a urn:carehub:decline-reason code).", "Task.statusReason");
                }

                var code = task.StatusReason!.Coding.FirstOrDefault(c => c.System == "urn:carehub:decline-reason")?.Code;
                result = await services.GetRequiredService<DeclineReferral>().HandleAsync(rid, new CboResponseInput(code is not null && DeclineReasons.All.ContainsKey(code) ? code : "other", reasonText ?? code), ct);
                break;
            case "cancelled":
                result = await services.GetRequiredService<CancelReferral>().HandleAsync(rid, new CancelInput(reasonText ?? "Cancelled through FHIR"), ct);
                break;
            default:
                return Problem(409, OperationOutcome.IssueType.BusinessRule,
                    $"CareHub does not move a referral's Task from '{current}' to '{wanted}' (use accepted, in-progress, completed, rejected or cancelled).", "Task.status");
        }

        return result.Succeeded ? Answer(FhirMapper.ToTask(result.Value!)) : Failure(result, "Task", _taskPaths);
    }
}
