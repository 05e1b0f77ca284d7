using CareHub.Common;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using static CareHub.Web.Features.Fhir.FhirResponses;
using static CareHub.Web.Features.Fhir.FhirSearch;

namespace CareHub.Web.Features.Fhir;

/// <summary>FHIR ServiceRequest: the referral itself. Created through <see cref="CreateReferral"/> (the same referral
/// the app makes, with its check, history and outbox event); read and searched as the referral's participants.</summary>
public static class ServiceRequests
{
    private static readonly Dictionary<string, string> _serviceRequestPaths = new()
    {
        ["memberId"] = "ServiceRequest.subject",
        ["communitySupportCode"] = "ServiceRequest.code",
        ["reason"] = "ServiceRequest.reasonCode",
        ["needs"] = "ServiceRequest.note",
        ["priority"] = "ServiceRequest.priority",
        ["requestedStart"] = "ServiceRequest.occurrencePeriod.start",
        ["requestedEnd"] = "ServiceRequest.occurrencePeriod.end",
        ["requestedQuantity"] = "ServiceRequest.quantityQuantity",
        ["requestedAmount"] = "ServiceRequest.extension",
        ["cboId"] = "ServiceRequest.performer",
        ["limits"] = "ServiceRequest",
        ["Idempotency-Key"] = "ServiceRequest",
    };

    public static async Task<IResult> Create(HttpRequest request, CreateReferral create)
    {
        var (sr, error) = await ReadAsync<ServiceRequest>(request);
        if (error is not null)
        {
            return error;
        }

        var issues = new OperationOutcome();
        void Issue(string message, string path) => issues.Issue.Add(new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = OperationOutcome.IssueType.Required,
            Diagnostics = message,
            Details = new CodeableConcept { Text = message },
            Expression = [path],
        });

        if (ForeignReference(request, [(sr!.Subject?.Reference, "ServiceRequest.subject"), .. sr.Performer.Select((p, i) => (p.Reference, $"ServiceRequest.performer[{i}]"))]) is { } foreign)
        {
            return foreign;
        }

        if (sr!.Intent is not (RequestIntent.Order or null))
        {
            Issue("intent must be 'order' for a referral.", "ServiceRequest.intent");
        }

        if (sr.Status is not (RequestStatus.Active or RequestStatus.Draft or null))
        {
            Issue("A new referral's status is 'active' (or 'draft').", "ServiceRequest.status");
        }

        var memberId = ReferenceId(sr.Subject?.Reference, "Patient");
        if (memberId is null)
        {
            Issue("subject must reference the Patient (Patient/{id}).", "ServiceRequest.subject");
        }

        var coding = sr.Code?.Coding.FirstOrDefault(c => c.System == FhirMapper.CommunitySupportSystem);
        if (coding?.Code is null)
        {
            Issue($"code must have a coding with system {FhirMapper.CommunitySupportSystem} and the catalog's code (e.g. medically-tailored-meals).", "ServiceRequest.code.coding");
        }

        var reason = sr.ReasonCode.Select(r => r.Text ?? r.Coding.FirstOrDefault()?.Display).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (reason is null)
        {
            Issue("Give the reason for the referral in reasonCode.text.", "ServiceRequest.reasonCode");
        }

        Guid? cbo = null;
        if (sr.Performer.FirstOrDefault() is { } performer)
        {
            cbo = ReferenceId(performer.Reference, "Organization");
            if (cbo is null)
            {
                Issue("performer must reference an Organization (Organization/{id}).", "ServiceRequest.performer[0]");
            }
        }

        DateOnly? start = null, end = null;
        if (sr.Occurrence is Period period)
        {
            start = DateOf(period.Start);
            end = DateOf(period.End);
            if (period.Start is not null && start is null)
            {
                Issue("occurrencePeriod.start must be a date.", "ServiceRequest.occurrencePeriod.start");
            }

            if (InputRules.DateProblem(start) is { } startOutOfRange)
            {
                Issue(startOutOfRange, "ServiceRequest.occurrencePeriod.start");
            }

            if (InputRules.DateProblem(end) is { } endOutOfRange)
            {
                Issue(endOutOfRange, "ServiceRequest.occurrencePeriod.end");
            }
        }
        else if (sr.Occurrence is FhirDateTime when)
        {
            start = end = DateOf(when.Value);
            if (InputRules.DateProblem(start) is { } outOfRange)
            {
                Issue(outOfRange, "ServiceRequest.occurrenceDateTime");
            }
        }

        if (issues.Issue.Count > 0)
        {
            return Answer(issues, 400);
        }

        var amount = sr.GetExtensionValue<Money>(FhirMapper.AmountExtension)?.Value;
        var input = new ReferralInput
        {
            MemberId = memberId!.Value,
            CommunitySupportCode = coding!.Code,
            CboId = cbo,
            Reason = reason,
            Needs = string.Join("\n", sr.Note.Select(n => n.Text).Where(t => !string.IsNullOrWhiteSpace(t))) is { Length: > 0 } needs ? needs : null,
            Priority = sr.Priority is null or RequestPriority.Routine ? AuthorizationClock.Routine : AuthorizationClock.Expedited,
            RequestedStart = start,
            RequestedEnd = end,
            RequestedQuantity = sr.Quantity is Quantity q ? q.Value : null,
            RequestedAmount = amount,
        };
        var key = request.Headers[ReferralsApi.IdempotencyHeader].ToString();
        var result = await create.HandleAsync(input, key, "fhir", request.HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return Failure(result, "ServiceRequest", _serviceRequestPaths);
        }

        var resource = FhirMapper.ToServiceRequest(result.Value!);
        return Answer(resource, result.Kind == OutcomeKind.Created ? 201 : 200, $"/fhir/ServiceRequest/{resource.Id}");
    }

    public static async Task<IResult> Read(string id, ReferralQueries referrals, HttpContext http)
    {
        var detail = Guid.TryParse(id, out var rid) ? await referrals.GetAsync(rid, http.Request.Path, http.RequestAborted) : null;
        return detail is null ? NotFound("ServiceRequest", id) : Answer(FhirMapper.ToServiceRequest(detail));
    }

    public static async Task<IResult> Search(HttpRequest request, ReferralSearch search, string? patient, string? subject, string? status, string? requester, string? performer, string? _id, string? _lastUpdated)
    {
        if (UnknownParameters(request, "patient", "subject", "status", "requester", "performer", "_id", "_lastUpdated") is { } unknown)
        {
            return unknown;
        }

        var statuses = ReferralSearch.StatusesShownAs(status, s => FhirMapper.ServiceRequestStatus(s).GetLiteral());
        var (page, error) = await search.FindAsync(request, new ReferralSearchInput(patient ?? subject, performer, requester, _id, _lastUpdated, statuses), "ServiceRequest");
        if (error is not null)
        {
            return error;
        }

        return Answer(SearchSet(request, page!.Details.Select(FhirMapper.ToServiceRequest), null, page.Total, page.Offset, page.Count));
    }
}
