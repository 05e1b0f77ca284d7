using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using CareHub.Web.Demo;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>
/// The provider network's JSON API: templates, letters of interest, certification applications with evidence,
/// gaps and sharing, training, contracts, the plan's Model of Care, state rosters, network adequacy and the
/// provider's workspace across plans. Provider staff act for their organization, plan users for their plan.
/// </summary>
public static class NetworkApi
{
    private static readonly string[] _providers = [Roles.EcmProviderStaff, Roles.CsProviderStaff];
    private static readonly string[] _plans = Roles.PlanRoles.Split(',');
    private static readonly string[] _network = [.. _providers, .. _plans];

    public static IServiceCollection AddNetwork(this IServiceCollection services)
    {
        services.AddScoped<ApplicationWriter>();
        services.AddScoped<ApplicationQueries>();
        services.AddScoped<LettersOfInterest>();
        services.AddScoped<TrainingRecords>();
        services.AddScoped<ProviderContracts>();
        services.AddScoped<RosterBuilder>();
        services.AddScoped<AdequacyReport>();
        services.AddScoped<ReadinessDashboard>();
        services.AddScoped<ProviderWorkspace>();
        services.AddScoped<ProviderProfiles>();
        services.AddScoped<ModelOfCareWriter>();
        services.AddScoped<ModelOfCareQueries>();
        services.AddScoped<AddModelOfCareItem>();
        services.AddScoped<EditModelOfCareItem>();
        services.AddScoped<RemoveModelOfCareItem>();
        services.AddScoped<AddGoLiveEntry>();
        services.AddScoped<EditGoLiveEntry>();
        services.AddScoped<RemoveGoLiveEntry>();
        services.AddScoped<IDemoDataContributor, NetworkDemoData>();
        return services;
    }

    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/network").WithTags("Provider network");

        g.MapGet("/profile", (Guid? providerId, ProviderProfiles s, CancellationToken ct) => OutcomeHttp.Send(s.GetAsync(providerId, ct)))
            .RequireAuthorization(p => p.RequireRole(_network))
            .WithSummary("A provider's registry profile: its own (provider staff), or ?providerId= (plans).");
        g.MapPut("/profile", (ProviderProfileInput body, ProviderProfiles s, CancellationToken ct) => OutcomeHttp.Send(s.SaveAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(_providers))
            .WithSummary("Provider staff update their registry profile: {providerType, npi, tin, sites, counties, populations, communitySupports, languages, capacity, formerHealthHomes}; the NPI's check digit is verified.");
        g.MapGet("/templates", Template).RequireAuthorization(p => p.RequireRole(_network))
            .WithSummary("The certification template in effect: ?kind=ecm-certification|health-homes-certification|cs-provider-certification&asOf= → {id, version, areas}.");

        g.MapPost("/letters-of-interest", (LetterRequest body, LettersOfInterest s, CancellationToken ct) => OutcomeHttp.Send(s.SendAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(_providers)).WithSummary("Send one letter of interest to several plans: {planIds, counties, message} → 201 {id}.");
        g.MapGet("/letters-of-interest", async (LettersOfInterest s, CancellationToken ct) => Results.Ok(await s.ListAsync(ct)))
            .RequireAuthorization(p => p.RequireRole(_network)).WithSummary("A provider's letters, or those addressed to the plan, with each plan's decision.");
        g.MapPost("/letters-of-interest/{id:guid}/response", (Guid id, LetterDecisionRequest body, LettersOfInterest s, CancellationToken ct) => OutcomeHttp.Send(s.RespondAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("The plan's answer: {decision: invite|decline, note}.");

        g.MapPost("/applications", (NewApplicationRequest body, ApplicationWriter s, CancellationToken ct) => OutcomeHttp.Send(s.StartAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(_providers)).WithSummary("Start the application a plan invited: {letterOfInterestId, planId} → 201 {id, status: draft}.");
        g.MapGet("/applications", async (Guid? planId, ApplicationQueries q, CancellationToken ct) => Results.Ok(new { items = await q.ListAsync(planId, ct) }))
            .RequireAuthorization(p => p.RequireRole(_network)).WithSummary("Applications the caller may see; ?planId= filters.");
        g.MapGet("/applications/{id:guid}", (Guid id, ApplicationQueries q, CancellationToken ct) => OutcomeHttp.Send(q.GetAsync(id, ct)))
            .RequireAuthorization(p => p.RequireRole(_network)).WithSummary("One application: {id, providerId, planId, status, areas: [{code, effort, response, notes, evidence, compliant}]}.");
        g.MapPut("/applications/{id:guid}/areas/{code}", (Guid id, string code, AreaAnswerRequest body, ApplicationWriter s, CancellationToken ct) => OutcomeHttp.Send(s.AnswerAreaAsync(id, code, body, ct)))
            .RequireAuthorization(p => p.RequireRole(_providers)).WithSummary("Answer an area: {response, effort, notes, evidence: [{name, url}]}.");
        g.MapPost("/applications/{id:guid}/areas/{code}/files", Upload).DisableAntiforgery()
            .RequireAuthorization(p => p.RequireRole(_providers)).WithSummary("Upload an evidence file (multipart field 'file'; PDF, Word, Excel, PNG, JPEG, text or CSV up to 10 MB).");
        g.MapPost("/applications/{id:guid}/submit", (Guid id, ApplicationWriter s, CancellationToken ct) => OutcomeHttp.Send(s.SubmitAsync(id, ct)))
            .RequireAuthorization(p => p.RequireRole(_providers)).WithSummary("Submit (or resubmit after gap closure).");
        g.MapPost("/applications/{id:guid}/areas/{code}/review", (Guid id, string code, AreaReviewRequest body, ApplicationWriter s, CancellationToken ct) => OutcomeHttp.Send(s.ReviewAsync(id, code, body, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Mark an area compliant or not: {compliant, comment, missingInformation, expectedDocumentation, dueDate}.");
        g.MapGet("/applications/{id:guid}/gaps", Gaps).RequireAuthorization(p => p.RequireRole(_network))
            .WithSummary("The gap closure report: {items: [{areaCode, missingInformation, expectedDocumentation, dueDate, status}]}; ?format=xlsx for the workbook.");
        g.MapPost("/applications/{id:guid}/shares", (Guid id, ShareRequest body, ApplicationWriter s, CancellationToken ct) => OutcomeHttp.Send(s.ShareAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(_providers)).WithSummary("The provider consents to share the application with another plan: {planId}.");
        g.MapPost("/applications/{id:guid}/acceptance", (Guid id, ApplicationWriter s, CancellationToken ct) => OutcomeHttp.Send(s.AcceptCertificationAsync(id, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("A plan the application was shared with accepts its certification outright.");
        g.MapPost("/applications/{id:guid}/check-ins", (Guid id, CheckInRequest body, ApplicationWriter s, CancellationToken ct) => OutcomeHttp.Send(s.RecordCheckInAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Record a gap closure check-in as held: {heldOn, notes}; the next is due two weeks later.");
        g.MapGet("/files/{fileId:guid}", Download).RequireAuthorization(p => p.RequireRole(_network))
            .WithSummary("Download an evidence file (the provider and the plans the application is addressed or shared to; audited).");

        g.MapGet("/training/requirements", async (Guid? planId, TrainingRecords s, CancellationToken ct) => Results.Ok(await s.RequirementsAsync(planId, ct)))
            .RequireAuthorization(p => p.RequireRole(_network)).WithSummary("The plan's required training topics: {items: [{topic, title}]} (providers: ?planId=).");
        g.MapPut("/training/requirements", (TrainingRequirementsRequest body, TrainingRecords s, CancellationToken ct) => OutcomeHttp.Send(s.SetRequirementsAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin)).WithSummary("A plan administrator sets the plan's required topics: {items: [{topic, title}]}; a usual topic may omit its title.");
        g.MapPost("/training", (TrainingRequest body, TrainingRecords s, CancellationToken ct) => OutcomeHttp.Send(s.RecordAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(_network)).WithSummary("Record a completion: {providerId, topic, staffName, completedOn}.");

        g.MapPost("/contracts", CreateContract).RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin))
            .WithSummary("Contract a provider: {providerId, county, start, end, populations, communitySupports, capacity}; 409 naming what is missing.");
        g.MapGet("/contracts", async (Guid? planId, ProviderContracts s, CancellationToken ct) => Results.Ok(new { items = await s.ListAsync(planId, ct) }))
            .RequireAuthorization(p => p.RequireRole(_network)).WithSummary("Contracts the caller is party to; ?planId= filters.");

        MapModelOfCare(g);

        g.MapGet("/rosters", Roster).RequireAuthorization(p => p.RequireRole(_plans))
            .WithSummary("State provider roster: ?kind=ecm|cs&county=&asOf=&format=csv|xlsx.");
        g.MapGet("/rosters/submissions", async (RosterBuilder s, CancellationToken ct) => Results.Ok(new { items = await s.HistoryAsync(ct), deadlines = RosterFormat.Deadlines }))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Rosters produced (what was sent when) and the state's deadlines.");
        g.MapGet("/adequacy", (string? county, DateOnly? asOf, AdequacyReport s, CancellationToken ct) => OutcomeHttp.Send(s.ComputeAsync(county, asOf, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Network adequacy: {rows: [{county, kind, code, providers, capacity, eligible, shortfall}]}.");
        g.MapGet("/readiness", async (ReadinessDashboard s, CancellationToken ct) => Results.Ok(await s.BuildAsync(ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Providers by stage, High Effort 2 areas, overdue gaps and check-ins.");
        g.MapGet("/workspace", async (Guid? planId, ProviderWorkspace s, CancellationToken ct) => Results.Ok(await s.BuildAsync(planId, ct)))
            .RequireAuthorization(p => p.RequireRole(_providers)).WithSummary("The provider's work with every plan: ECM cases, referrals, authorizations, applications, contracts; ?planId= filters.");
        return app;
    }

    /// <summary>The plan's Model of Care: deliverables, the go-live schedule and their history; a plan's own only.</summary>
    private static void MapModelOfCare(RouteGroupBuilder g)
    {
        g.MapGet("/model-of-care/items", async (ModelOfCareQueries q, CancellationToken ct) => Results.Ok(new ModelOfCareList<ModelOfCareItemView>(await q.ItemsAsync(ct))))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("The plan's Model of Care deliverables in page order: {items: [{id, question, page, response, owner, comments, status, updatedAt}]}.");
        g.MapPost("/model-of-care/items", (ModelOfCareItemRequest body, AddModelOfCareItem s, CancellationToken ct) => OutcomeHttp.Send(s.HandleAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Add a deliverable: {question, page, response, owner, comments, status: not-started|in-progress|complete} → 201; a question already tracked → 409.");
        g.MapPut("/model-of-care/items/{id:guid}", (Guid id, ModelOfCareItemRequest body, EditModelOfCareItem s, CancellationToken ct) => OutcomeHttp.Send(s.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Change a deliverable; every field is sent, status included.");
        g.MapDelete("/model-of-care/items/{id:guid}", (Guid id, RemoveModelOfCareItem s, CancellationToken ct) => OutcomeHttp.Send(s.HandleAsync(id, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Remove a deliverable (the history keeps it) → {id}.");
        g.MapGet("/model-of-care/go-live", async (ModelOfCareQueries q, CancellationToken ct) => Results.Ok(new ModelOfCareList<GoLiveView>(await q.GoLiveAsync(ct))))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("The go-live schedule: {items: [{id, county, population, name, kind: population-of-focus|community-support, goLive, live}]}.");
        g.MapPost("/model-of-care/go-live", (GoLiveRequest body, AddGoLiveEntry s, CancellationToken ct) => OutcomeHttp.Send(s.HandleAsync(body, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Schedule a Population of Focus or Community Support in a county: {county, population, goLive} (January 1 or July 1) → 201; one scheduled already → 409.");
        g.MapPut("/model-of-care/go-live/{id:guid}", (Guid id, GoLiveRequest body, EditGoLiveEntry s, CancellationToken ct) => OutcomeHttp.Send(s.HandleAsync(id, body, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Change an entry: {county, population, goLive}; a live entry keeps its county and population and its date stays in the past (409).");
        g.MapDelete("/model-of-care/go-live/{id:guid}", (Guid id, RemoveGoLiveEntry s, CancellationToken ct) => OutcomeHttp.Send(s.HandleAsync(id, ct)))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("Remove an entry that is not live yet (a live one → 409).");
        g.MapGet("/model-of-care/history", async (int? take, ModelOfCareQueries q, CancellationToken ct) => Results.Ok(new ModelOfCareList<ModelOfCareEventView>(await q.HistoryAsync(take ?? 50, ct))))
            .RequireAuthorization(p => p.RequireRole(_plans)).WithSummary("The latest changes, newest first: {items: [{at, by, subject: item|go-live, subjectId, action: add|edit|remove, detail}]}; ?take= up to 500.");
    }

    private static IResult Template(string? kind, DateOnly? asOf, TimeProvider clock)
    {
        kind = string.IsNullOrWhiteSpace(kind) ? CertificationTemplates.Ecm : kind;
        if (!CertificationTemplates.Kinds.Contains(kind))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [$"kind must be one of {string.Join(", ", CertificationTemplates.Kinds)}; got '{kind}'."] });
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var t = CertificationTemplates.Embedded.InEffect(kind, date);
        return t is null
            ? Results.Problem($"No {kind} template was in effect on {date:yyyy-MM-dd}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : Results.Ok(ToView(t));
    }

    public static TemplateView ToView(CertificationTemplate t) =>
        new(t.Id, t.Version, t.Kind, t.Title, t.EffectiveFrom, [.. t.Areas.Select(a => new TemplateAreaView(a.Code, a.Title, a.Criteria, a.RecommendedEvidence))]);

    private static async Task<IResult> Upload(Guid id, string code, HttpRequest request, ApplicationWriter s, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send the file as multipart/form-data in a field named 'file'."] });
        }

        if (request.ContentLength > ApplicationWriter.MaxFileBytes + 64 * 1024)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"Evidence files are limited to {ApplicationWriter.MaxFileBytes / (1024 * 1024)} MB."] });
        }

        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { } file)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["No file in the field named 'file'."] });
        }

        await using var stream = file.OpenReadStream();
        return OutcomeHttp.ToHttp(await s.UploadAsync(id, code, file.FileName, file.ContentType, stream, file.Length, ct));
    }

    private static async Task<IResult> Download(Guid fileId, CareHubDbContext db, AuditTrail audit, HttpContext http, CancellationToken ct)
    {
        var file = await db.Set<EvidenceFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
        if (file is null)
        {
            return Results.Problem($"File {fileId} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        await audit.RecordAsync("network-evidence.download", null, $"/api/network/files/{fileId}", $"application={file.ApplicationId}; name={file.FileName}", ct);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<IResult> Gaps(Guid id, string? format, ApplicationQueries q, TimeProvider clock, CancellationToken ct)
    {
        var gaps = await q.GapsAsync(id, ct);
        if (!gaps.Succeeded || format is null or "json")
        {
            return OutcomeHttp.ToHttp(gaps);
        }

        if (format is not ("xlsx" or "pdf"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"format must be \"json\", \"xlsx\" or \"pdf\"; got '{format}'."] });
        }

        var app = await q.GetAsync(id, ct);
        if (format == "pdf")
        {
            return Results.File(GapReportPdf.Write(app.Value!, gaps.Value!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), "application/pdf", $"gap-closure-report-{id}.pdf");
        }

        var bytes = await GapReportExport.XlsxAsync(app.Value!, gaps.Value!, ct);
        return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"gap-closure-report-{id}.xlsx");
    }

    private static async Task<IResult> CreateContract(ContractRequest body, ProviderContracts s, CancellationToken ct)
    {
        var result = await s.CreateAsync(body, ct);
        return result.Kind == OutcomeKind.Conflict
            ? Results.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "The contract cannot start yet")
            : OutcomeHttp.ToHttp(result);
    }

    private static async Task<IResult> Roster([FromQuery] string? kind, [FromQuery] string? county, [FromQuery] DateOnly? asOf, [FromQuery] string? format, RosterBuilder s, CancellationToken ct)
    {
        var result = await s.BuildAsync(kind, county, asOf, format, ct);
        return result.Succeeded ? Results.File(result.Value!.Content, result.Value.ContentType, result.Value.FileName) : OutcomeHttp.ToHttp(result);
    }
}
