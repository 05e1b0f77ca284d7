using CareHub.Web.Features.Reporting;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Pages.Reports;

/// <summary>Report pages run under a strict Content-Security-Policy: only the app's own scripts, styles and images.</summary>
public abstract class ReportPageModel : PageModel
{
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        context.HttpContext.Response.Headers.ContentSecurityPolicy = ReportingSetup.ContentSecurityPolicy;
        base.OnPageHandlerExecuting(context);
    }

    public static string Query(params (string Name, object? Value)[] parts) =>
        string.Join('&', parts.Where(p => p.Value is not null && p.Value.ToString() != "")
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)}"));
}
