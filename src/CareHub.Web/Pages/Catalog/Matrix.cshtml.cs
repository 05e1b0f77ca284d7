using CareHub.Catalog;
using CareHub.Web.Features.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Catalog;

/// <summary>The county committee's table: plans × Community Supports with start dates.</summary>
public sealed class MatrixModel(OfferingService offerings, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? County { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    public IReadOnlyList<string> Counties { get; private set; } = [];
    public CountyMatrix? Matrix { get; private set; }

    public async Task OnGetAsync()
    {
        Counties = await offerings.CountiesAsync(HttpContext.RequestAborted);
        County ??= Counties.FirstOrDefault();
        AsOf ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (County is not null)
        {
            Matrix = await offerings.MatrixAsync(County, AsOf.Value, HttpContext.RequestAborted);
        }
    }
}
