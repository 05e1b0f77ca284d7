using CareHub.Common;
using CareHub.Web.Features.Billing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Billing;

/// <summary>One invoice: each line accepted (with its code) or rejected (with the reason), and its payment status.</summary>
[Authorize(Roles = Roles.CsProviderStaff + "," + Roles.PlanAdmin + "," + Roles.PlanCareManager)]
public sealed class InvoiceModel(InvoiceQueries queries) : PageModel
{
    public InvoiceView Invoice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var invoice = await queries.GetAsync(id, HttpContext.RequestAborted);
        if (invoice is null)
        {
            return NotFound();
        }

        Invoice = invoice;
        return Page();
    }
}
