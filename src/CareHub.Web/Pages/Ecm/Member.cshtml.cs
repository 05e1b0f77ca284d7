using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Ecm;

/// <summary>A member's ECM cases (a re-enrolled member keeps the earlier ones), the standard referral form, and the
/// member's other programs checked against the ECM exclusion rules.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff)]
public sealed class MemberModel(EcmQueries queries, EcmLookups lookups, CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock) : PageModel
{
    public Guid MemberId { get; private set; }
    public string MemberName { get; private set; } = "";
    public string PlanMemberId { get; private set; } = "";
    public IReadOnlyList<CaseRow> Cases { get; private set; } = [];
    public IReadOnlyList<MemberProgramEnrollment> Programs { get; private set; } = [];
    public IReadOnlyList<ExclusionFinding> Findings { get; private set; } = [];
    public IReadOnlyList<PopulationAsOf> Populations { get; private set; } = [];
    public IReadOnlyList<string> ProgramCodes { get; private set; } = [];
    public IReadOnlyList<string> Eligible { get; private set; } = [];
    public FormErrors FormErrors { get; private set; } = new();

    /// <summary>The other-program form as sent, kept when it comes back with errors.</summary>
    public ProgramRequest? SentProgram { get; private set; }

    private static readonly Dictionary<string, (string Id, string Label)> _referFields = new(StringComparer.Ordinal)
    {
        ["source"] = ("Source", "Referred by"),
        ["population"] = ("Population", "Population of Focus"),
        ["referrerName"] = ("ReferrerName", "Referrer's name"),
        ["referrerOrganization"] = ("ReferrerOrganization", "Referrer's organization"),
        ["referrerPhone"] = ("ReferrerPhone", "Referrer's phone"),
        ["reason"] = ("Reason", "Reason for referral"),
    };

    private static readonly Dictionary<string, (string Id, string Label)> _programFields = new(StringComparer.Ordinal)
    {
        ["program"] = ("program", "Program"),
        ["start"] = ("programStart", "From"),
        ["end"] = ("programEnd", "Until"),
        ["source"] = ("programSource", "Source"),
    };
    public bool IsPlan => User.GetOrganizationType() == OrganizationType.Plan;

    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Population { get; set; }
    [BindProperty] public string? ReferrerName { get; set; }
    [BindProperty] public string? ReferrerOrganization { get; set; }
    [BindProperty] public string? ReferrerPhone { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid memberId) => await LoadAsync(memberId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReferAsync(Guid memberId, [FromServices] CreateEcmCase create)
    {
        var result = await create.HandleAsync(new NewCase(memberId, Source, Reason, Population, ReferrerName, ReferrerOrganization, ReferrerPhone), HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = result.Kind == OutcomeKind.Created
                ? $"Referral recorded; the case is {result.Value!.Status.ToCode()}."
                : $"The member already has an open ECM case ({result.Value!.Status.ToCode()}); the referral was merged into it.";
            return Redirect($"/ecm/cases/{result.Value.Id}");
        }

        return await Fail(memberId, result.Kind, new FormErrors().AddProblems(result.Errors, result.Message, _referFields, "The referral was not recorded.")
            .OrderBy([.. _referFields.Values.Select(f => f.Id)]));
    }

    public async Task<IActionResult> OnPostProgramAsync(Guid memberId, string? program, DateOnly? programStart, DateOnly? programEnd, string? programSource, [FromServices] RecordProgramEnrollment record)
    {
        SentProgram = new ProgramRequest(program, programStart, programEnd, programSource);
        var result = await record.HandleAsync(memberId, SentProgram, HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            TempData["Flash"] = $"Recorded: {program} from {programStart:yyyy-MM-dd}.";
            return Redirect($"/members/{memberId}/ecm");
        }

        // A missing start date is asked for in the format the field shows.
        var errors = result.Errors?.ToDictionary(e => e.Key, e => programStart is null && e.Key == "start" ? ["Give the date the program started (mm/dd/yyyy)."] : e.Value);
        return await Fail(memberId, result.Kind, new FormErrors().AddProblems(errors, result.Message, _programFields, "Not recorded.")
            .OrderBy([.. _programFields.Values.Select(f => f.Id)]));
    }

    private async Task<IActionResult> Fail(Guid memberId, OutcomeKind outcome, FormErrors problems)
    {
        if (outcome == OutcomeKind.NotFound || !await LoadAsync(memberId))
        {
            return NotFound();
        }

        FormErrors = problems;
        Response.StatusCode = outcome == OutcomeKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid memberId)
    {
        var ct = HttpContext.RequestAborted;
        var list = await queries.MemberCasesAsync(memberId, Request.Path, ct);
        if (list is null)
        {
            return false;
        }

        var m = await db.Members.AsNoTracking().Where(x => x.Id == memberId).Select(x => new { x.FirstName, x.LastName, x.PlanMemberId }).FirstAsync(ct);
        MemberId = memberId;
        MemberName = m.FirstName + " " + m.LastName;
        PlanMemberId = m.PlanMemberId;
        Cases = list;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Programs = await db.Set<MemberProgramEnrollment>().AsNoTracking().Where(p => p.MemberId == memberId).OrderByDescending(p => p.Start).ToListAsync(ct);
        Findings = await lookups.ExclusionsAsync(memberId, today, ct);
        Populations = catalog.PopulationsAsOf(today);
        ProgramCodes = [.. catalog.EcmExclusions.SelectMany(e => EcmLookups.ProgramCodes(e.Criteria)).Distinct()];
        Eligible = await queries.LatestPopulationsAsync(memberId, ct);
        Source ??= Eligible.Count > 0 ? EcmSource.Identification : IsPlan ? EcmSource.Plan : EcmSource.EcmProvider;
        Population ??= Eligible.FirstOrDefault();
        return true;
    }
}
