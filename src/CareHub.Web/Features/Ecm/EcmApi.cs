using CareHub.Common;
using CareHub.Ecm;
using CareHub.Web.Demo;

namespace CareHub.Web.Features.Ecm;

/// <summary>
/// The ECM journey's JSON API. The contract of issue 6 (<c>/api/ecm/cases</c>, its authorization, assignment,
/// acceptance, outreach and enrollment steps, and <c>/api/worklist</c>) keeps working; the other routes add to it.
/// </summary>
public static class EcmApi
{
    private const string ProviderRole = Roles.EcmProviderStaff;

    public static IServiceCollection AddEcm(this IServiceCollection services)
    {
        services.AddScoped<EcmWriter>();
        services.AddScoped<EcmLookups>();
        services.AddScoped<EcmQueries>();
        services.AddScoped<CreateEcmCase>();
        services.AddScoped<ReferFromIdentificationRun>();
        services.AddScoped<EnrollPresumptively>();
        services.AddScoped<DecideEcmAuthorization>();
        services.AddScoped<AssignEcmProvider>();
        services.AddScoped<SaveEcmSettings>();
        services.AddScoped<RecordProgramEnrollment>();
        services.AddScoped<ExpirePresumptiveEnrollments>();
        services.AddScoped<RespondToAssignment>();
        services.AddScoped<LogOutreach>();
        services.AddScoped<EnrollMember>();
        services.AddScoped<RecordAssessment>();
        services.AddScoped<SaveCarePlan>();
        services.AddScoped<AddCareTeamMember>();
        services.AddScoped<RemoveCareTeamMember>();
        services.AddScoped<DisenrollMember>();
        services.AddScoped<CompleteEcmTask>();
        services.AddHostedService<PresumptiveExpiryJob>();
        services.AddScoped<EcmTransitionsImport>();
        services.AddScoped<IDemoDataContributor, EcmDemoData>();
        return services;
    }

    public static IEndpointRouteBuilder MapEcmApi(this IEndpointRouteBuilder app)
    {
        var viewers = Roles.MemberViewers.Split(',');
        var plan = Roles.PlanRoles.Split(',');
        var planOrProvider = plan.Append(ProviderRole).ToArray();
        // ECM data is the plan's and the assigned ECM provider's: no other role reaches any ECM route.
        var g = app.MapGroup("/api/ecm").WithTags("ECM").RequireAuthorization(p => p.RequireRole(planOrProvider));

        g.MapPost("/cases", Create).RequireAuthorization(p => p.RequireRole(viewers))
            .WithSummary("Refer a member for ECM: 201 {id, status}, or 200 with the member's open case (the referral is merged into it).");
        g.MapPost("/presumptive-enrollments", (PresumptiveEnrollmentRequest body, EnrollPresumptively h, CancellationToken ct) => Send(h.HandleAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(ProviderRole))
            .WithSummary("An ECM provider enrolls a member presumptively where the plan allows it: {cin, birthDate, enrollmentDate, consentDate?, reason?}; the plan authorizes within its clock (POST /cases/{id}/authorization) or the enrollment ends.");
        g.MapPost("/referrals/from-identification", (ReferFromRunRequest body, ReferFromIdentificationRun h, CancellationToken ct) =>
                body.RunId is { } runId ? Send(h.HandleAsync(runId, body.Population, body.Max ?? 500, ct))
                    : Task.FromResult(Results.ValidationProblem(new Dictionary<string, string[]> { ["runId"] = ["runId is required (a completed identification run of your plan)."] })))
            .RequireAuthorization(p => p.RequireRole(plan))
            .WithSummary("Refer the members a completed identification run found eligible (optionally one Population of Focus) who have no open case: {runId, population, max}.");
        g.MapGet("/cases", List).RequireAuthorization(p => p.RequireRole(planOrProvider))
            .WithSummary("The plan's ECM queue or the provider's caseload: ?status=&q=&stuck=true&sort=stuck|due|name|referred&page=&pageSize=.");
        g.MapGet("/cases/{id:guid}", Get).RequireAuthorization(p => p.RequireRole(viewers))
            .WithSummary("One case with history, outreach, tasks, assessments, care plan versions, care team, exclusions and the unable-to-reach rule.");
        g.MapPost("/cases/{id:guid}/authorization", (Guid id, AuthorizationRequest body, DecideEcmAuthorization h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(plan)).WithSummary("The plan's decision: {decision: approved|denied, reason}.");
        g.MapPost("/cases/{id:guid}/assignment", (Guid id, AssignmentRequest body, AssignEcmProvider h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(plan)).WithSummary("Assign (or reassign) the case to an ECM provider: {providerId}.");
        g.MapGet("/cases/{id:guid}/suggestions", Suggestions).RequireAuthorization(p => p.RequireRole(plan))
            .WithSummary("ECM providers suggested for the case, best first (county, Population of Focus, capacity, language, relationship).");
        g.MapPost("/cases/{id:guid}/acceptance", (Guid id, AcceptanceRequest body, RespondToAssignment h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(ProviderRole)).WithSummary("The assigned provider accepts or declines: {accepted, reason}.");
        g.MapPost("/cases/{id:guid}/outreach", (Guid id, OutreachRequest body, LogOutreach h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(ProviderRole)).WithSummary("Log an outreach attempt: {date, modality, outcome, note}.");
        g.MapPost("/cases/{id:guid}/enrollment", (Guid id, EnrollmentRequest body, EnrollMember h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(ProviderRole)).WithSummary("Enroll the member: {consentDate, leadCareManager}.");
        g.MapPost("/cases/{id:guid}/disenrollment", (Guid id, DisenrollmentRequest body, DisenrollMember h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(planOrProvider)).WithSummary("Disenroll or graduate the member: {reason, note}.");
        g.MapPost("/cases/{id:guid}/assessments", (Guid id, AssessmentRequest body, RecordAssessment h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(ProviderRole)).WithSummary("Record a completed assessment: {formCode, formVersion, answers}.");
        g.MapPost("/cases/{id:guid}/care-plan", SaveCarePlan).RequireAuthorization(p => p.RequireRole(ProviderRole))
            .WithSummary("Save a new care plan version: {baseVersion, problemsAndGoals, interventions, memberWords, progressNotes}; 409 when someone saved first.");
        g.MapPost("/cases/{id:guid}/care-team", (Guid id, CareTeamRequest body, AddCareTeamMember h, CancellationToken ct) => Send(h.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(ProviderRole)).WithSummary("Add a care team member: {name, role, organization, contact, internal, leadCareManager}.");
        g.MapDelete("/cases/{id:guid}/care-team/{teamMemberId:guid}", (Guid id, Guid teamMemberId, RemoveCareTeamMember h, CancellationToken ct) => Send(h.HandleAsync(id, teamMemberId, ct)))
            .RequireAuthorization(p => p.RequireRole(ProviderRole)).WithSummary("Remove someone from the care team.");
        g.MapPost("/tasks/{taskId:guid}/completion", (Guid taskId, CompleteEcmTask h, CancellationToken ct) => Send(h.HandleAsync(taskId, ct)))
            .RequireAuthorization(p => p.RequireRole(planOrProvider)).WithSummary("Mark one of your organization's tasks done.");
        g.MapGet("/caseload", async (EcmQueries q, CancellationToken ct) => Results.Ok(await q.CaseloadAsync(ct)))
            .RequireAuthorization(p => p.RequireRole(planOrProvider)).WithSummary("ECM providers' caseloads against capacity.");
        g.MapGet("/outreach", OutreachCounts).RequireAuthorization(p => p.RequireRole(planOrProvider))
            .WithSummary("Outreach counts for reporting: attempts and members per provider, modality and outcome, ?from=&to= (default: the last 30 days).");
        g.MapPost("/transitions", ImportTransitions).RequireAuthorization(p => p.RequireRole(planOrProvider))
            .WithSummary("Import admit/discharge events (text/csv: member_id,event,event_date,facility[,facility_type,diagnosis]); nothing is written when any row is wrong.");
        g.MapGet("/settings", async (HttpContext http, EcmLookups lookups, CancellationToken ct) => Results.Ok(await lookups.SettingsAsync(http.User.GetOrganizationIdOrEmpty(), ct)))
            .RequireAuthorization(p => p.RequireRole(plan)).WithSummary("The plan's ECM rules (decision clock, unable to reach, discharge follow-up, reassessment, stuck).");
        g.MapPut("/settings", (EcmPlanSettings body, SaveEcmSettings h, CancellationToken ct) => Send(h.HandleAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin)).WithSummary("Change the plan's ECM rules (plan administrators).");
        g.MapGet("/assessment-forms", () => Results.Ok(AssessmentForms.All)).RequireAuthorization(p => p.RequireRole(viewers))
            .WithSummary("The assessment form definitions, every version.");

        app.MapGet("/api/worklist", Worklist).WithTags("ECM").RequireAuthorization(p => p.RequireRole(planOrProvider))
            .WithSummary("The caller's organization's open tasks with due dates: ?due=overdue|today|due|week|all&kind=&sort=due|name|kind&page=&pageSize=.");
        app.MapGet("/api/members/{memberId:guid}/ecm-cases", MemberCases).WithTags("ECM").RequireAuthorization(p => p.RequireRole(planOrProvider))
            .WithSummary("A member's ECM cases, newest first.");
        app.MapPost("/api/members/{memberId:guid}/programs", AddProgram).WithTags("ECM").RequireAuthorization(p => p.RequireRole(plan))
            .WithSummary("Record the member's enrollment in another program (hospice, PACE, a waiver...) for the ECM exclusion checks.");
        return app;
    }

    private static Guid GetOrganizationIdOrEmpty(this System.Security.Claims.ClaimsPrincipal user) => Security.CareHubClaims.GetOrganizationId(user) ?? Guid.Empty;

    private static async Task<IResult> Create(NewCase body, CreateEcmCase create, CancellationToken ct)
    {
        var result = await create.HandleAsync(body, ct);
        return result.Kind == OutcomeKind.Created ? Results.Created($"/api/ecm/cases/{result.Value!.Id}", result.Value) : ToHttp(result);
    }

    private static async Task<IResult> Get(Guid id, EcmQueries q, HttpContext http)
    {
        var detail = await q.GetAsync(id, http.Request.Path, http.RequestAborted);
        return detail is null ? NotFound($"No ECM case {id} is visible to your organization.") : Results.Ok(detail);
    }

    private static async Task<IResult> List(string? status, string? q, bool? stuck, Guid? providerId, string? sort, int? page, int? pageSize, EcmQueries queries, HttpContext http)
    {
        if (status is { Length: > 0 } && status is not ("open" or "all") && !EcmStatus.IsKnown(status))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"status '{status}' is not one of all, open, {string.Join(", ", EcmStatus.All)}."] });
        }

        var result = await queries.ListAsync(new CaseFilter(status == "all" ? null : status, q, providerId, stuck ?? false, sort, page ?? 1, pageSize ?? 25), http.Request.Path, http.RequestAborted);
        return Results.Ok(result);
    }

    private static async Task<IResult> Suggestions(Guid id, EcmQueries q, CancellationToken ct)
    {
        var list = await q.SuggestionsAsync(id, ct);
        return list is null ? NotFound($"No ECM case {id} is visible to your organization.") : Results.Ok(list);
    }

    private static async Task<IResult> SaveCarePlan(Guid id, CarePlanRequest body, SaveCarePlan save, CancellationToken ct)
    {
        var result = await save.HandleAsync(id, body, ct);
        return result.Kind == OutcomeKind.Created ? Results.Created($"/api/ecm/cases/{id}", result.Value) : ToHttp(result);
    }

    private static async Task<IResult> Worklist(string? due, string? kind, string? sort, int? page, int? pageSize, EcmQueries q, HttpContext http)
    {
        if (due is { Length: > 0 } && due is not ("overdue" or "today" or "due" or "week" or "all"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["due"] = [$"due '{due}' is not one of overdue, today, due, week, all."] });
        }

        return Results.Ok(await q.WorklistAsync(new WorklistFilter(due, kind, sort, page ?? 1, pageSize ?? 25), http.Request.Path, http.RequestAborted));
    }

    private static async Task<IResult> OutreachCounts(DateOnly? from, DateOnly? to, EcmQueries q, TimeProvider clock, HttpContext http)
    {
        var end = to ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = from ?? end.AddDays(-30);
        if (start > end)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"from {start:yyyy-MM-dd} is after to {end:yyyy-MM-dd}."] });
        }

        return Results.Ok(await q.OutreachCountsAsync(start, end, http.Request.Path + http.Request.QueryString, http.RequestAborted));
    }

    private static async Task<IResult> MemberCases(Guid memberId, EcmQueries q, HttpContext http)
    {
        var cases = await q.MemberCasesAsync(memberId, http.Request.Path, http.RequestAborted);
        return cases is null ? NotFound($"No member {memberId} is visible to your organization.") : Results.Ok(cases);
    }

    private static async Task<IResult> AddProgram(Guid memberId, ProgramRequest body, RecordProgramEnrollment record, CancellationToken ct)
    {
        var result = await record.HandleAsync(memberId, body, ct);
        return result.Kind == OutcomeKind.Created ? Results.Created($"/api/members/{memberId}/ecm-cases", new { id = result.Value }) : ToHttp(result);
    }

    private static async Task<IResult> ImportTransitions(HttpRequest request, EcmTransitionsImport import, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        var result = await import.ImportAsync(text, request.Path, ct);
        return result.Succeeded ? Results.Ok(result.Value) : ToHttp(result);
    }

    private static async Task<IResult> Send<T>(Task<Outcome<T>> task) => ToHttp(await task);

    internal static IResult ToHttp<T>(Outcome<T> result) => result.ToHttp();

    private static IResult NotFound(string? message) => OutcomeHttp.NotFound(message ?? "Not found.");
}
