using CareHub.Common;
using CareHub.Organizations;
using CareHub.Web.Accessibility;
using CareHub.Web.Features.ApiKeys;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.ApiKeys;

[Authorize(Roles = Roles.PlanAdmin)]
public sealed class IndexModel(ApiKeyWriter keys, CreateApiKey create, RevokeApiKey revoke) : PageModel, IShowsInputProblems
{
    private static readonly Dictionary<string, (string Id, string Label)> _fields = new(StringComparer.Ordinal)
    {
        ["name"] = ("Name", "System name"),
        ["role"] = ("Role", "Acts as"),
    };

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public FormErrors FormErrors { get; private set; } = new();

    public string Name { get; private set; } = "";

    public string Role { get; private set; } = Roles.PlanCareManager;

    public string? NewKey { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? name, string? role)
    {
        var result = await create.HandleAsync(new NewApiKeyInput(name, role), id => $"/apikeys/{id}", HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            NewKey = result.Value!.Key;
            await LoadAsync();
            return Page();
        }

        Name = name ?? "";
        Role = role ?? Roles.PlanCareManager;
        return await ShowFormAsync(result.Kind, new FormErrors().AddProblems(result.Errors, result.Message, _fields, "The key was not created.")
            .OrderBy([.. _fields.Values.Select(f => f.Id)]));
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var result = await revoke.HandleAsync(id, $"/apikeys/{id}", HttpContext.RequestAborted);
        TempData["Flash"] = result.Succeeded ? $"Key '{result.Value!.Name}' revoked." : result.Message;
        return RedirectToPage();
    }

    /// <summary>An over-long name is shown on the form.</summary>
    public Task<IActionResult> ShowInputProblemsAsync(InputProblems problems)
    {
        Name = Request.HasFormContentType ? Request.Form["name"].ToString() : "";
        Role = Request.HasFormContentType ? Request.Form["role"].ToString() : Roles.PlanCareManager;
        return ShowFormAsync(OutcomeKind.Invalid, problems.AddTo(new FormErrors(), _fields).OrderBy([.. _fields.Values.Select(f => f.Id)]));
    }

    private async Task<IActionResult> ShowFormAsync(OutcomeKind kind, FormErrors errors)
    {
        FormErrors = errors;
        Response.StatusCode = UploadedFile.StatusOf(kind);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Keys = keys.PlanId is { } planId ? await keys.KeysAsync(planId, HttpContext.RequestAborted) : [];
}
