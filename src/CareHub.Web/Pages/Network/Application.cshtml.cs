using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using CareHub.Web.Features.Network;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Pages.Network;

/// <summary>One certification application: the provider answers each area with effort, notes and evidence and
/// submits; the plan marks each area compliant or not; the provider shares it with other plans.</summary>
[Authorize(Roles = Roles.PlanRoles + "," + Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class ApplicationModel(ApplicationQueries queries, ApplicationWriter writer, CareHubDbContext db) : PageModel
{
    public ApplicationView App { get; private set; } = null!;
    public bool IsProvider { get; private set; }
    public bool IsPlan { get; private set; }
    public bool IsAddressedPlan { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> OtherPlans { get; private set; } = [];
    public string? Problem { get; private set; }
    public string? ProblemArea { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, string code, string? response, string? effort, string? notes, string? evidence)
    {
        var links = (evidence ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var bar = line.LastIndexOf('|');
                return bar > 0 ? new EvidenceLinkRequest(line[..bar].Trim(), line[(bar + 1)..].Trim()) : new EvidenceLinkRequest(line, line);
            }).ToList();
        var result = await writer.AnswerAreaAsync(id, code, new AreaAnswerRequest(response, effort, notes, links), HttpContext.RequestAborted);
        return await AfterAsync(id, code, result.Succeeded, result.Errors, result.Message, $"Saved “{code}”.");
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string code, IFormFile? file)
    {
        if (file is null)
        {
            return await AfterAsync(id, code, false, null, "Choose a file to upload.", "");
        }

        await using var stream = file.OpenReadStream();
        var result = await writer.UploadAsync(id, code, file.FileName, file.ContentType, stream, file.Length, HttpContext.RequestAborted);
        return await AfterAsync(id, code, result.Succeeded, result.Errors, result.Message, $"Uploaded {file.FileName}.");
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id)
    {
        var result = await writer.SubmitAsync(id, HttpContext.RequestAborted);
        return await AfterAsync(id, null, result.Succeeded, result.Errors, result.Message, "Application submitted: the plan reviews each area.");
    }

    public async Task<IActionResult> OnPostReviewAsync(Guid id, string code, string? compliant, string? comment, string? missingInformation, string? expectedDocumentation, DateOnly? dueDate)
    {
        bool? value = compliant switch { "yes" => true, "no" => false, _ => null };
        var result = await writer.ReviewAsync(id, code, new AreaReviewRequest(value, comment, missingInformation, expectedDocumentation, dueDate), HttpContext.RequestAborted);
        var flash = result.Value?.Status == ApplicationStatus.Certified ? "Every area is compliant: the application is certified." : $"Review of “{code}” saved.";
        return await AfterAsync(id, code, result.Succeeded, result.Errors, result.Message, flash);
    }

    public async Task<IActionResult> OnPostShareAsync(Guid id, Guid? planId)
    {
        var result = await writer.ShareAsync(id, new ShareRequest(planId), HttpContext.RequestAborted);
        return await AfterAsync(id, null, result.Succeeded, result.Errors, result.Message, "Shared: that plan can now read this application.");
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id)
    {
        var result = await writer.AcceptCertificationAsync(id, HttpContext.RequestAborted);
        return await AfterAsync(id, null, result.Succeeded, result.Errors, result.Message, "You accepted this certification for your plan.");
    }

    private async Task<IActionResult> AfterAsync(Guid id, string? code, bool ok, IReadOnlyDictionary<string, string[]>? errors, string? message, string flash)
    {
        if (ok)
        {
            TempData["Flash"] = flash;
            return Redirect($"/network/applications/{id}" + (code is null ? "" : "#area-" + code));
        }

        Problem = NetworkLabels.Errors(errors, message);
        ProblemArea = code;
        return await LoadAsync(id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var result = await queries.GetAsync(id, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return false;
        }

        App = result.Value!;
        var org = User.GetOrganizationId();
        IsProvider = org == App.ProviderId;
        IsPlan = User.GetOrganizationType() == OrganizationType.Plan;
        IsAddressedPlan = IsPlan && org == App.PlanId;
        if (IsProvider)
        {
            var shared = App.Shares.Select(s => s.PlanId).Append(App.PlanId).ToList();
            OtherPlans = [.. (await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.Plan && !shared.Contains(o.Id)).OrderBy(o => o.Name)
                .Select(o => new { o.Id, o.Name }).ToListAsync(HttpContext.RequestAborted)).Select(o => (o.Id, o.Name))];
        }

        return true;
    }

    public bool CanEdit(ApplicationAreaView area) =>
        IsProvider && ApplicationWorkflow.CannotEditArea(App.Status, new AreaState(area.Code, area.Response, area.Effort, area.Compliant, false)) is null;

    public bool CanReview => IsPlan && !App.CertifiedForReader && (IsAddressedPlan ? ApplicationWorkflow.CannotReview(App.Status) is null : App.Status != ApplicationStatus.Draft);
}
