using System.Globalization;
using System.Text.Json.Nodes;
using CareHub.Audit;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Security;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace CareHub.Web.Features.Fhir;

/// <summary>
/// FHIR R4 under <c>/fhir</c> (Firely SDK): Patient, Organization, ServiceRequest (the referral), Task (its
/// fulfilment, Gravity SDOH referral management), Consent (data-sharing grants) and the CapabilityStatement. Same
/// authentication, scoping and audit as the JSON API; every change goes through <see cref="ReferralService"/>, so a
/// referral made here and one made in the app are the same referral.
/// </summary>
public static class FhirApi
{
    public const string FhirJson = "application/fhir+json";
    private static readonly FhirJsonDeserializer _parser = new(new DeserializerSettings());

    public static IEndpointRouteBuilder MapFhirApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", Metadata).AllowAnonymous().WithTags("FHIR");
        var g = app.MapGroup("/fhir").WithTags("FHIR").RequireAuthorization(p => p.RequireRole(Roles.MemberViewers.Split(',')));
        g.MapGet("/Patient/{id}", ReadPatient);
        g.MapGet("/Patient", SearchPatients);
        g.MapGet("/Organization/{id}", ReadOrganization);
        g.MapGet("/Organization", SearchOrganizations);
        g.MapPost("/ServiceRequest", CreateServiceRequest);
        g.MapGet("/ServiceRequest/{id}", ReadServiceRequest);
        g.MapGet("/ServiceRequest", SearchServiceRequests);
        g.MapPost("/Task", CreateTask);
        g.MapGet("/Task/{id}", ReadTask);
        g.MapGet("/Task", SearchTasks);
        g.MapPut("/Task/{id}", PutTask);
        g.MapPatch("/Task/{id}", PatchTask);
        g.MapGet("/Consent/{id}", ReadConsent);
        g.MapGet("/Consent", SearchConsents);
        return app;
    }

    // ------------------------------------------------------------------ output helpers

    private static IResult Fhir(Resource resource, int status = 200, string? location = null) =>
        new FhirResult(resource, status, location);

    private sealed class FhirResult(Resource resource, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = FhirJson + "; charset=utf-8";
            if (location is not null)
            {
                http.Response.Headers.Location = location;
            }

            if (resource.Meta?.LastUpdated is { } updated && resource is not Bundle)
            {
                http.Response.Headers.LastModified = updated.ToString("R", CultureInfo.InvariantCulture);
                http.Response.Headers.ETag = $"W/\"{updated.UtcTicks.ToString(CultureInfo.InvariantCulture)}\"";
            }

            await http.Response.WriteAsync(resource.ToJson(), http.RequestAborted);
        }
    }

    public static OperationOutcome Outcome(OperationOutcome.IssueType type, string message, params string[] expressions) => new()
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = type,
                Diagnostics = message,
                Details = new CodeableConcept { Text = message },
                Expression = expressions,
            },
        ],
    };

    private static IResult Problem(int status, OperationOutcome.IssueType type, string message, params string[] expressions) =>
        Fhir(Outcome(type, message, expressions), status);

    private static IResult NotFound(string type, string id) =>
        Problem(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known or not visible to your organization.", type);

    /// <summary>An operation's failure as an OperationOutcome: field errors become issues with their FHIR path.</summary>
    private static IResult Failure<T>(OpResult<T> result, string resourceType, IReadOnlyDictionary<string, string> paths)
    {
        var (status, type) = result.Kind switch
        {
            ResultKind.NotFound => (404, OperationOutcome.IssueType.NotFound),
            ResultKind.Forbidden => (403, OperationOutcome.IssueType.Forbidden),
            ResultKind.Conflict => (409, OperationOutcome.IssueType.Conflict),
            ResultKind.Refused => (422, OperationOutcome.IssueType.BusinessRule),
            _ => (400, OperationOutcome.IssueType.Invalid),
        };
        var outcome = new OperationOutcome();
        if (result.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    outcome.Issue.Add(new OperationOutcome.IssueComponent
                    {
                        Severity = OperationOutcome.IssueSeverity.Error,
                        Code = type,
                        Diagnostics = message,
                        Details = new CodeableConcept { Text = message },
                        Expression = [paths.GetValueOrDefault(field) ?? resourceType],
                    });
                }
            }
        }
        else
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = type,
                Diagnostics = result.Message,
                Details = new CodeableConcept { Text = result.Message },
                Expression = [resourceType],
            });
        }

        return Fhir(outcome, status);
    }

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

    private static readonly Dictionary<string, string> _taskPaths = new()
    {
        ["reason"] = "Task.statusReason",
        ["note"] = "Task.statusReason",
        ["outcome"] = "Task.output",
        ["capacity"] = "Task.note",
        ["cboId"] = "Task.owner",
    };

    /// <summary>Reads a FHIR JSON body of the expected type; on failure, the OperationOutcome to answer with.</summary>
    private static async Task<(T? Resource, IResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : Resource
    {
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }

        return Parse<T>(body);
    }

    private static (T? Resource, IResult? Error) Parse<T>(string body)
        where T : Resource
    {
        var type = typeof(T).Name;
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, Problem(400, OperationOutcome.IssueType.Required, $"Send a {type} resource as application/fhir+json.", type));
        }

        try
        {
            var resource = _parser.DeserializeResource(body);
            if (resource is not T typed)
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"Expected a {type}, got {resource.TypeName}.", $"{type}.resourceType"));
            }

            return (typed, null);
        }
        catch (DeserializationFailedException ex)
        {
            var outcome = new OperationOutcome();
            foreach (var error in ex.Exceptions)
            {
                var path = error is ExtendedCodedException extended && !string.IsNullOrEmpty(extended.InstancePath) ? extended.InstancePath : type;
                if (path.StartsWith("$this", StringComparison.Ordinal))
                {
                    path = type + path[5..];
                }

                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Structure,
                    Diagnostics = error.Message,
                    Details = new CodeableConcept { Text = error.Message },
                    Expression = [path],
                });
            }

            return (null, Fhir(outcome, 400));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            // A JSON array, a bare value or broken JSON where a resource object belongs.
            return (null, Problem(400, OperationOutcome.IssueType.Structure, $"The body is not a FHIR JSON {type} resource: {ex.Message}", type));
        }
    }

    private static Bundle SearchSet(HttpRequest request, IEnumerable<Resource> matches, IEnumerable<Resource>? includes = null)
    {
        var baseUrl = $"{request.Scheme}://{request.Host}/fhir";
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Id = Guid.NewGuid().ToString(), Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        foreach (var r in matches)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{baseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } });
        }

        bundle.Total = bundle.Entry.Count;
        foreach (var r in includes ?? [])
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"{baseUrl}/{r.TypeName}/{r.Id}", Resource = r, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include } });
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}{request.Path.Value![5..]}{request.QueryString}" });
        return bundle;
    }

    /// <summary>The id in a reference such as <c>Patient/123</c>, <c>https://host/fhir/Patient/123</c> or a bare id.</summary>
    public static Guid? ReferenceId(string? reference, string type)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        var value = reference.Trim();
        var marker = type + "/";
        var at = value.LastIndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            value = value[(at + marker.Length)..];
        }
        else if (value.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            value = value[..slash];
        }

        return Guid.TryParse(value, out var id) ? id : null;
    }

    /// <summary>Parses a <c>_lastUpdated</c> value with an optional prefix (gt, ge, lt, le, eq).</summary>
    private static bool TryLastUpdated(string value, out Func<DateTimeOffset, bool> test, out string? error)
    {
        error = null;
        test = _ => true;
        var prefix = value.Length > 2 && char.IsLetter(value[0]) && char.IsLetter(value[1]) ? value[..2] : "eq";
        var text = prefix == "eq" && !value.StartsWith("eq", StringComparison.Ordinal) ? value : value[2..];
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            error = $"'{value}' is not a valid _lastUpdated value (use e.g. gt2025-03-01T00:00:00Z).";
            return false;
        }

        var isDate = text.Length == 10;
        var end = isDate ? at.AddDays(1) : at;
        switch (prefix)
        {
            case "gt": test = d => isDate ? d >= end : d > at; return true;
            case "ge": test = d => d >= at; return true;
            case "lt": test = d => d < at; return true;
            case "le": test = d => isDate ? d < end : d <= at; return true;
            case "eq": test = d => isDate ? d >= at && d < end : d == at; return true;
            default:
                error = $"'{prefix}' is not a supported prefix for _lastUpdated (gt, ge, lt, le, eq).";
                return false;
        }
    }

    // ------------------------------------------------------------------ metadata

    private static IResult Metadata(HttpRequest request)
    {
        var baseUrl = $"{request.Scheme}://{request.Host}/fhir";
        CapabilityStatement.ResourceComponent Res(string type, string profile, bool create, bool update, params string[] search)
        {
            var c = new CapabilityStatement.ResourceComponent { Type = type, Profile = profile.Length == 0 ? null : profile };
            c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read });
            c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType });
            if (create)
            {
                c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create });
            }

            if (update)
            {
                c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Update });
                c.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Patch });
            }

            foreach (var p in search)
            {
                var parts = p.Split(':');
                c.SearchParam.Add(new CapabilityStatement.SearchParamComponent { Name = parts[0], Type = Enum.Parse<SearchParamType>(parts[1], true) });
            }

            return c;
        }

        var cs = new CapabilityStatement
        {
            Id = "carehub",
            Url = $"{baseUrl}/metadata",
            Name = "CareHub",
            Title = "CareHub FHIR R4 API",
            Status = PublicationStatus.Active,
            Date = "2026-12-01",
            Publisher = "CareHub",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "CareHub" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "CareHub Community Supports referrals", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json"],
            PatchFormat = ["application/json-patch+json"],
            ImplementationGuide = ["http://hl7.org/fhir/us/sdoh-clinicalcare/ImplementationGuide/hl7.fhir.us.sdoh-clinicalcare"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Send Authorization: Bearer <token from POST /api/auth/login> or X-Api-Key. Every read and change is scoped to your organization and audited.",
                    Security = new CapabilityStatement.SecurityComponent { Description = "Bearer tokens and per-organization API keys, as the JSON API." },
                    Resource =
                    [
                        Res("Patient", "", false, false, "_id:token", "identifier:token", "name:string", "birthdate:date"),
                        Res("Organization", "", false, false, "_id:token", "name:string", "type:token"),
                        Res("ServiceRequest", FhirMapper.ServiceRequestProfile, true, false, "_id:token", "patient:reference", "subject:reference", "status:token", "requester:reference", "performer:reference", "_lastUpdated:date"),
                        Res("Task", FhirMapper.TaskProfile, true, true, "_id:token", "patient:reference", "owner:reference", "requester:reference", "status:token", "focus:reference", "_lastUpdated:date", "_include:special"),
                        Res("Consent", "", false, false, "_id:token", "patient:reference", "status:token"),
                    ],
                },
            ],
        };
        return Fhir(cs);
    }

    // ------------------------------------------------------------------ Patient

    private static async Task<IResult> ReadPatient(string id, CareHubDbContext db, AuditTrail audit, HttpContext http)
    {
        var member = Guid.TryParse(id, out var memberId) ? await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, http.RequestAborted) : null;
        if (member is null || !await CanSeePatientAsync(db, http, memberId))
        {
            return NotFound("Patient", id);
        }

        await audit.RecordAsync(AuditActions.MemberRead, member.Id, http.Request.Path, "fhir", http.RequestAborted);
        return Fhir(FhirMapper.ToPatient(member));
    }

    /// <summary>A CBO sees a Patient only through a Task it owns; other organizations through the usual member scoping.</summary>
    private static async Task<bool> CanSeePatientAsync(CareHubDbContext db, HttpContext http, Guid memberId)
    {
        if (http.User.GetOrganizationType() != OrganizationType.Cbo)
        {
            return true;
        }

        var org = http.User.GetOrganizationId();
        return await db.Referrals.AnyAsync(r => r.MemberId == memberId && (r.CboId == org || r.ReferringOrganizationId == org), http.RequestAborted);
    }

    private static async Task<IResult> SearchPatients(HttpRequest request, CareHubDbContext db, AuditTrail audit, string? identifier, string? name, string? birthdate, string? _id)
    {
        var query = db.Members.AsNoTracking();
        if (request.HttpContext.User.GetOrganizationType() == OrganizationType.Cbo)
        {
            var org = request.HttpContext.User.GetOrganizationId();
            query = query.Where(m => db.Referrals.Any(r => r.MemberId == m.Id && (r.CboId == org || r.ReferringOrganizationId == org)));
        }

        if (!string.IsNullOrWhiteSpace(_id))
        {
            var ids = _id.Split(',').Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();
            query = query.Where(m => ids.Contains(m.Id));
        }

        if (!string.IsNullOrWhiteSpace(identifier))
        {
            var value = identifier.Contains('|', StringComparison.Ordinal) ? identifier[(identifier.IndexOf('|', StringComparison.Ordinal) + 1)..] : identifier;
            query = query.Where(m => m.Cin == value || m.PlanMemberId == value);
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            var lower = name.Trim().ToLowerInvariant();
            query = query.Where(m => m.LastName.ToLower().StartsWith(lower) || m.FirstName.ToLower().StartsWith(lower));
        }

        if (!string.IsNullOrWhiteSpace(birthdate))
        {
            if (!DateOnly.TryParseExact(birthdate.StartsWith("eq", StringComparison.Ordinal) ? birthdate[2..] : birthdate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{birthdate}' is not a date (YYYY-MM-DD).", "birthdate");
            }

            query = query.Where(m => m.BirthDate == birth);
        }

        var members = await query.OrderBy(m => m.LastName).ThenBy(m => m.FirstName).Take(100).ToListAsync(request.HttpContext.RequestAborted);
        await audit.RecordAsync(AuditActions.MemberSearch, null, request.Path + request.QueryString, $"fhir; results={members.Count}", request.HttpContext.RequestAborted);
        return Fhir(SearchSet(request, members.Select(FhirMapper.ToPatient)));
    }

    // ------------------------------------------------------------------ Organization

    private static async Task<IResult> ReadOrganization(string id, CareHubDbContext db, HttpContext http)
    {
        var org = Guid.TryParse(id, out var orgId) ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, http.RequestAborted) : null;
        return org is null ? NotFound("Organization", id) : Fhir(FhirMapper.ToOrganization(org));
    }

    private static async Task<IResult> SearchOrganizations(HttpRequest request, CareHubDbContext db, string? name, string? type, string? _id)
    {
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(request.HttpContext.RequestAborted);
        IEnumerable<CareHub.Organizations.Organization> matches = orgs;
        if (!string.IsNullOrWhiteSpace(_id))
        {
            matches = matches.Where(o => _id.Split(',').Contains(o.Id.ToString()));
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            matches = matches.Where(o => o.Name.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        if (!string.IsNullOrWhiteSpace(type))
        {
            var code = type.Contains('|', StringComparison.Ordinal) ? type[(type.IndexOf('|', StringComparison.Ordinal) + 1)..] : type;
            var known = Enum.GetValues<OrganizationType>().Any(t => t.ToCode() == code || FhirMapper.HlType(t) == code);
            if (!known)
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{type}' is not an organization type (plan, ecm-provider, cbo, state; or pay, prov, cg, govt).", "type");
            }

            matches = matches.Where(o => o.Type.ToCode() == code || FhirMapper.HlType(o.Type) == code);
        }

        return Fhir(SearchSet(request, matches.Select(FhirMapper.ToOrganization)));
    }

    // ------------------------------------------------------------------ ServiceRequest

    private static async Task<IResult> CreateServiceRequest(HttpRequest request, ReferralService referrals)
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
            return Fhir(issues, 400);
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
        var result = await referrals.CreateAsync(input, key, "fhir", request.HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return Failure(result, "ServiceRequest", _serviceRequestPaths);
        }

        var resource = FhirMapper.ToServiceRequest(result.Value!);
        return Fhir(resource, result.Kind == ResultKind.Created ? 201 : 200, $"/fhir/ServiceRequest/{resource.Id}");
    }

    private static DateOnly? DateOf(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static async Task<IResult> ReadServiceRequest(string id, ReferralService referrals, HttpContext http)
    {
        var detail = Guid.TryParse(id, out var rid) ? await referrals.GetAsync(rid, http.Request.Path, http.RequestAborted) : null;
        return detail is null ? NotFound("ServiceRequest", id) : Fhir(FhirMapper.ToServiceRequest(detail));
    }

    private static async Task<IResult> SearchServiceRequests(HttpRequest request, ReferralService referrals, string? patient, string? subject, string? status, string? requester, string? performer, string? _id, string? _lastUpdated)
    {
        var (details, error) = await SearchReferralsAsync(request, referrals, patient ?? subject, null, requester, performer, _id, _lastUpdated, "ServiceRequest");
        if (error is not null)
        {
            return error;
        }

        var matches = details!.Select(FhirMapper.ToServiceRequest);
        if (!string.IsNullOrWhiteSpace(status))
        {
            matches = matches.Where(s => s.Status?.GetLiteral() == status);
        }

        return Fhir(SearchSet(request, matches));
    }

    private static async Task<(List<ReferralDetail>? Details, IResult? Error)> SearchReferralsAsync(
        HttpRequest request, ReferralService referrals, string? patient, string? owner, string? requester, string? performer, string? ids, string? lastUpdated, string type)
    {
        var query = referrals.Visible.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(patient))
        {
            if (ReferenceId(patient, "Patient") is not { } pid)
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"'{patient}' is not a Patient reference.", "patient"));
            }

            query = query.Where(r => r.MemberId == pid);
        }

        foreach (var (value, name) in new[] { (owner, "owner"), (performer, "performer") })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                if (ReferenceId(value, "Organization") is not { } oid)
                {
                    return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"'{value}' is not an Organization reference.", name));
                }

                query = query.Where(r => r.CboId == oid);
            }
        }

        if (!string.IsNullOrWhiteSpace(requester))
        {
            if (ReferenceId(requester, "Organization") is not { } oid)
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"'{requester}' is not an Organization reference.", "requester"));
            }

            query = query.Where(r => r.ReferringOrganizationId == oid);
        }

        if (!string.IsNullOrWhiteSpace(ids))
        {
            var list = ids.Split(',').Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();
            query = query.Where(r => list.Contains(r.Id));
        }

        var rows = await query.OrderByDescending(r => r.UpdatedAt).Take(500).ToListAsync(request.HttpContext.RequestAborted);
        if (!string.IsNullOrWhiteSpace(lastUpdated))
        {
            if (!TryLastUpdated(lastUpdated, out var test, out var message))
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, message!, "_lastUpdated"));
            }

            rows = [.. rows.Where(r => test(r.UpdatedAt))];
        }

        var audit = request.HttpContext.RequestServices.GetRequiredService<AuditTrail>();
        foreach (var memberId in rows.Select(r => r.MemberId).Distinct())
        {
            audit.Add("cs-referral.list", memberId, request.Path + request.QueryString, $"fhir {type} search");
        }

        if (rows.Count == 0)
        {
            audit.Add("cs-referral.list", null, request.Path + request.QueryString, $"fhir {type} search; no results");
        }

        await request.HttpContext.RequestServices.GetRequiredService<CareHubDbContext>().SaveChangesAsync(request.HttpContext.RequestAborted);
        var details = new List<ReferralDetail>();
        foreach (var r in rows)
        {
            details.Add(await referrals.DetailAsync(r, request.HttpContext.RequestAborted));
        }

        return (details, null);
    }

    // ------------------------------------------------------------------ Task

    private static async Task<IResult> ReadTask(string id, ReferralService referrals, HttpContext http)
    {
        var detail = Guid.TryParse(id, out var rid) ? await referrals.GetAsync(rid, http.Request.Path, http.RequestAborted) : null;
        return detail is null ? NotFound("Task", id) : Fhir(FhirMapper.ToTask(detail));
    }

    private static async Task<IResult> SearchTasks(HttpRequest request, ReferralService referrals, string? patient, string? owner, string? requester, string? status, string? focus, string? _id, string? _lastUpdated, string? _include)
    {
        var ids = _id;
        if (!string.IsNullOrWhiteSpace(focus))
        {
            if (ReferenceId(focus, "ServiceRequest") is not { } fid)
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{focus}' is not a ServiceRequest reference.", "focus");
            }

            ids = ids is null ? fid.ToString() : ids;
        }

        var (details, error) = await SearchReferralsAsync(request, referrals, patient, owner, requester, null, ids, _lastUpdated, "Task");
        if (error is not null)
        {
            return error;
        }

        var tasks = details!.Select(d => (Detail: d, Task: FhirMapper.ToTask(d)));
        if (!string.IsNullOrWhiteSpace(status))
        {
            var wanted = status.Split(',');
            tasks = tasks.Where(t => wanted.Contains(t.Task.Status?.GetLiteral()));
        }

        var list = tasks.ToList();
        var includes = _include is "Task:focus" ? list.Select(t => (Resource)FhirMapper.ToServiceRequest(t.Detail)) : null;
        return Fhir(SearchSet(request, list.Select(t => t.Task), includes));
    }

    /// <summary>Creates the Task for a referral (its id is the ServiceRequest's): the referrer may name the owner (CBO).
    /// A referral has one Task; posting it again answers with the existing one.</summary>
    private static async Task<IResult> CreateTask(HttpRequest request, ReferralService referrals, CareHubDbContext db, TimeProvider clock)
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

        if (task!.Status is not (FhirTask.TaskStatus.Requested or FhirTask.TaskStatus.Draft))
        {
            return Problem(400, OperationOutcome.IssueType.Invalid, "A new Task's status is 'requested' (or 'draft').", "Task.status");
        }

        var focusId = ReferenceId(task.Focus?.Reference, "ServiceRequest");
        var referral = focusId is null ? null : await referrals.Visible.FirstOrDefaultAsync(r => r.Id == focusId, request.HttpContext.RequestAborted);
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
            var owner = ReferenceId(ownerRef, "Organization");
            if (owner is null || !await db.Organizations.AnyAsync(o => o.Id == owner && o.Type == OrganizationType.Cbo, request.HttpContext.RequestAborted))
            {
                return Problem(422, OperationOutcome.IssueType.Invalid, $"Task.owner must reference a Community Supports provider (CBO) Organization; '{ownerRef}' is not.", "Task.owner");
            }

            if (referral.CboId is null)
            {
                var actor = referrals.Actor(referral);
                if (!actor.HasFlag(ReferralActor.Referrer) && !actor.HasFlag(ReferralActor.Plan))
                {
                    return Problem(403, OperationOutcome.IssueType.Forbidden, "Only the referrer or the plan names the Task's owner.", "Task.owner");
                }

                referral.CboId = owner;
                referral.UpdatedAt = clock.GetUtcNow();
                db.MemberAccessGrants.Add(new CareHub.Members.MemberAccessGrant
                {
                    MemberId = referral.MemberId,
                    OrganizationId = owner.Value,
                    Reason = ReferralService.GrantReason,
                    SourceId = referral.Id,
                    GrantedAt = clock.GetUtcNow(),
                });
                request.HttpContext.RequestServices.GetRequiredService<AuditTrail>()
                    .Add("cs-referral.assign", referral.MemberId, $"/fhir/Task/{referral.Id}", $"owner Organization/{owner}");
                await db.SaveChangesAsync(request.HttpContext.RequestAborted);
            }
            else if (referral.CboId != owner)
            {
                return Problem(409, OperationOutcome.IssueType.Conflict, $"The referral's Task is already owned by Organization/{referral.CboId}.", "Task.owner");
            }
        }

        var detail = await referrals.GetAsync(referral.Id, request.Path, request.HttpContext.RequestAborted);
        return Fhir(FhirMapper.ToTask(detail!), 201, $"/fhir/Task/{referral.Id}");
    }

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

    private static async Task<IResult> PutTask(string id, HttpRequest request, ReferralService referrals)
    {
        var (task, error) = await ReadAsync<FhirTask>(request);
        return error ?? await UpdateTaskAsync(id, task!, referrals, request);
    }

    /// <summary>JSON Patch (RFC 6902: add, replace, remove, test) applied to the current Task, then handled as a PUT.</summary>
    private static async Task<IResult> PatchTask(string id, HttpRequest request, ReferralService referrals)
    {
        var detail = Guid.TryParse(id, out var rid) ? await referrals.GetAsync(rid, request.Path, request.HttpContext.RequestAborted) : null;
        if (detail is null)
        {
            return NotFound("Task", id);
        }

        JsonArray? operations;
        try
        {
            operations = await System.Text.Json.JsonSerializer.DeserializeAsync<JsonArray>(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            JsonPatch.Materialize(operations);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException)
        {
            return Problem(400, OperationOutcome.IssueType.Structure, $"The body is not a JSON Patch document: {ex.Message}", "Task");
        }

        var current = JsonNode.Parse(FhirMapper.ToTask(detail).ToJson())!.AsObject();
        for (var i = 0; i < (operations?.Count ?? 0); i++)
        {
            if (JsonPatch.Apply(current, operations![i]) is { } problem)
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"Patch operation {i}: {problem}", "Task");
            }
        }

        var (task, parseError) = Parse<FhirTask>(current.ToJsonString());
        return parseError ?? await UpdateTaskAsync(id, task!, referrals, request);
    }

    /// <summary>Drives the referral from the Task's new status: accepted, in-progress, completed (outputs close the
    /// loop), rejected (statusReason), cancelled.</summary>
    private static async Task<IResult> UpdateTaskAsync(string id, FhirTask task, ReferralService referrals, HttpRequest request)
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
        OpResult<ReferralDetail>? result = null;
        if (wanted == current)
        {
            return Fhir(FhirMapper.ToTask(detail));
        }

        switch (wanted)
        {
            case "accepted":
                result = await referrals.AcceptAsync(rid, new CboResponseInput(Note: reasonText), ct);
                break;
            case "in-progress":
                if (current == "requested")
                {
                    var accepted = await referrals.AcceptAsync(rid, new CboResponseInput(), ct);
                    if (!accepted.Succeeded)
                    {
                        return Failure(accepted, "Task", _taskPaths);
                    }
                }

                result = await referrals.StartAsync(rid, reasonText, ct);
                break;
            case "completed":
                {
                    var outcome = task.Output.Select(o => o.Type?.Coding.FirstOrDefault(c => c.System == FhirMapper.OutcomeSystem)?.Code).FirstOrDefault(c => c is not null) ?? "services-completed";
                    var note = task.Output.Where(o => o.Type?.Coding.Any(c => c.System == FhirMapper.OutcomeSystem) == true).Select(o => (o.Value as FhirString)?.Value).FirstOrDefault()
                        ?? task.Output.Select(o => o.Value switch { FhirString s => s.Value, CodeableConcept c => c.Text, _ => null }).FirstOrDefault(t => t is not null)
                        ?? reasonText;
                    result = await referrals.CloseAsync(rid, new CloseInput(outcome, note), ct);
                    break;
                }

            case "rejected":
                if (string.IsNullOrWhiteSpace(reasonText) && task.StatusReason?.Coding.Count is not > 0)
                {
                    return Problem(400, OperationOutcome.IssueType.Required, "A rejected Task needs statusReason (text, and optionally a urn:carehub:decline-reason code).", "Task.statusReason");
                }

                var code = task.StatusReason!.Coding.FirstOrDefault(c => c.System == "urn:carehub:decline-reason")?.Code;
                result = await referrals.DeclineAsync(rid, new CboResponseInput(code is not null && DeclineReasons.All.ContainsKey(code) ? code : "other", reasonText ?? code), ct);
                break;
            case "cancelled":
                result = await referrals.CancelAsync(rid, new CancelInput(reasonText ?? "Cancelled through FHIR"), ct);
                break;
            default:
                return Problem(409, OperationOutcome.IssueType.BusinessRule,
                    $"CareHub does not move a referral's Task from '{current}' to '{wanted}' (use accepted, in-progress, completed, rejected or cancelled).", "Task.status");
        }

        return result.Succeeded ? Fhir(FhirMapper.ToTask(result.Value!)) : Failure(result, "Task", _taskPaths);
    }

    // ------------------------------------------------------------------ Consent

    private static async Task<IResult> ReadConsent(string id, CareHubDbContext db, HttpContext http)
    {
        if (!Guid.TryParse(id, out var gid))
        {
            return NotFound("Consent", id);
        }

        var grant = await VisibleGrants(db, http).FirstOrDefaultAsync(g => g.Id == gid, http.RequestAborted);
        if (grant is null)
        {
            return NotFound("Consent", id);
        }

        var name = await db.Organizations.Where(o => o.Id == grant.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(http.RequestAborted);
        await http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync("consent.read", grant.MemberId, http.Request.Path, "fhir", http.RequestAborted);
        return Fhir(FhirMapper.ToConsent(grant, name));
    }

    private static async Task<IResult> SearchConsents(HttpRequest request, CareHubDbContext db, AuditTrail audit, string? patient, string? status)
    {
        var query = VisibleGrants(db, request.HttpContext);
        if (!string.IsNullOrWhiteSpace(patient))
        {
            if (ReferenceId(patient, "Patient") is not { } pid)
            {
                return Problem(400, OperationOutcome.IssueType.Invalid, $"'{patient}' is not a Patient reference.", "patient");
            }

            query = query.Where(g => g.MemberId == pid);
        }

        if (status is "active")
        {
            query = query.Where(g => g.RevokedAt == null);
        }
        else if (status is "inactive")
        {
            query = query.Where(g => g.RevokedAt != null);
        }

        var grants = await query.OrderBy(g => g.GrantedAt).Take(500).ToListAsync(request.HttpContext.RequestAborted);
        var names = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, request.HttpContext.RequestAborted);
        await audit.RecordAsync("consent.search", null, request.Path + request.QueryString, $"fhir; results={grants.Count}", request.HttpContext.RequestAborted);
        return Fhir(SearchSet(request, grants.Select(g => FhirMapper.ToConsent(g, names.GetValueOrDefault(g.OrganizationId)))));
    }

    /// <summary>Grants of members the caller sees; a provider or CBO sees only its own grants.</summary>
    private static IQueryable<CareHub.Members.MemberAccessGrant> VisibleGrants(CareHubDbContext db, HttpContext http)
    {
        var org = http.User.GetOrganizationId();
        var query = db.MemberAccessGrants.AsNoTracking().Where(g => db.Members.Any(m => m.Id == g.MemberId));
        return http.User.GetOrganizationType() == OrganizationType.Plan ? query : query.Where(g => g.OrganizationId == org);
    }
}

/// <summary>A small RFC 6902 JSON Patch: add, replace, remove and test on object members and array items.</summary>
internal static class JsonPatch
{
    /// <summary>Reads every object of the document now, so a duplicate key is refused here and not while patching.</summary>
    public static void Materialize(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var (_, value) in o)
            {
                Materialize(value);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                Materialize(item);
            }
        }
    }

    public static string? Apply(JsonObject document, JsonNode? operation)
    {
        if (operation is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
        {
            return "each operation needs 'op' and 'path'.";
        }

        if (!path.StartsWith('/'))
        {
            return $"path '{path}' must start with '/'.";
        }

        var segments = path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
        JsonNode? parent = document;
        foreach (var segment in segments.SkipLast(1))
        {
            parent = parent switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (parent is null)
            {
                return $"path '{path}' does not exist.";
            }
        }

        var last = segments[^1];
        var value = op["value"]?.DeepClone();
        switch (name)
        {
            case "add" or "replace":
                if (op.ContainsKey("value") is false)
                {
                    return $"'{name}' needs a value.";
                }

                if (parent is JsonObject obj)
                {
                    if (name == "replace" && !obj.ContainsKey(last))
                    {
                        return $"path '{path}' does not exist.";
                    }

                    obj[last] = value;
                    return null;
                }

                if (parent is JsonArray arr)
                {
                    if (last == "-" && name == "add")
                    {
                        arr.Add(value);
                        return null;
                    }

                    if (!int.TryParse(last, out var index) || index < 0 || index > arr.Count || (name == "replace" && index == arr.Count))
                    {
                        return $"path '{path}' is not a valid array position.";
                    }

                    if (name == "replace")
                    {
                        arr[index] = value;
                    }
                    else
                    {
                        arr.Insert(index, value);
                    }

                    return null;
                }

                return $"path '{path}' does not exist.";
            case "remove":
                if (parent is JsonObject o2 && o2.Remove(last))
                {
                    return null;
                }

                if (parent is JsonArray a2 && int.TryParse(last, out var at) && at >= 0 && at < a2.Count)
                {
                    a2.RemoveAt(at);
                    return null;
                }

                return $"path '{path}' does not exist.";
            case "test":
                var existing = parent switch
                {
                    JsonObject o3 => o3[last],
                    JsonArray a3 when int.TryParse(last, out var i3) && i3 >= 0 && i3 < a3.Count => a3[i3],
                    _ => null,
                };
                return JsonNode.DeepEquals(existing, value) ? null : $"test failed at '{path}'.";
            default:
                return $"'{name}' is not a supported operation (add, replace, remove, test).";
        }
    }
}
