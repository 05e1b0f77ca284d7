using Microsoft.AspNetCore.Mvc.Filters;

namespace CareHub.Web.Pages.Network;

/// <summary>Sends a strict Content-Security-Policy with the provider network pages: scripts, styles and images
/// only from CareHub itself, nothing inline, no framing.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StrictCspAttribute : Attribute, IAsyncPageFilter
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        context.HttpContext.Response.Headers.ContentSecurityPolicy = Policy;
        return next();
    }
}
