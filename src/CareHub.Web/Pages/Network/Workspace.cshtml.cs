using CareHub.Common;
using CareHub.Web.Features.Network;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Network;

/// <summary>One workspace across plans for an ECM provider or CBO, with a plan filter.</summary>
[Authorize(Roles = Roles.EcmProviderStaff + "," + Roles.CsProviderStaff)]
public sealed class WorkspaceModel(ProviderWorkspace workspace) : PageModel
{
    public WorkspaceView View { get; private set; } = null!;

    public async Task OnGetAsync(Guid? plan) => View = await workspace.BuildAsync(plan, HttpContext.RequestAborted);
}
