using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using System.Text;
using CareHub.Web.Accessibility;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareHub.Web.Security;

/// <summary>
/// Holds every page form post to the same <see cref="CareHub.Common.InputRules"/> as the JSON API
/// (<see cref="InputValidation"/>): dates from 1900 to 2200, free text no longer than its limit, numbers of a size
/// CareHub stores. Handler arguments and <see cref="BindPropertyAttribute"/> properties are checked after binding and
/// before the handler runs; a post that breaks a rule changes nothing and is answered 400, never a server error or a
/// silently shortened value. A page that implements <see cref="IShowsInputProblems"/> shows the problems on its own
/// form, each next to its field; any other page is answered with a page that names each field in words and links
/// back to the form.
/// </summary>
public sealed class PageInputFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            await next();
            return;
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var parameters = context.ActionDescriptor.HandlerMethods.FirstOrDefault(h => h.MethodInfo == context.HandlerMethod?.MethodInfo)?.Parameters ?? [];
        foreach (var (name, value) in context.HandlerArguments)
        {
            var max = parameters.FirstOrDefault(p => p.Name == name)?.ParameterInfo.GetCustomAttribute<MaxLengthAttribute>()?.Length;
            InputValidation.Check(value, name, max, errors, 1);
        }

        foreach (var property in context.HandlerInstance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null && p.CanRead))
        {
            InputValidation.Check(property.GetValue(context.HandlerInstance), property.Name, property.GetCustomAttribute<MaxLengthAttribute>()?.Length, errors, 1);
        }

        if (errors.Count == 0)
        {
            await next();
            return;
        }

        if (context.HandlerInstance is IShowsInputProblems page)
        {
            var byField = errors.GroupBy(e => InputProblems.FieldOf(e.Key), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
            var handler = context.HandlerMethod?.Name is { Length: > 0 } name ? name : null;
            var shown = await page.ShowInputProblemsAsync(new InputProblems(handler, byField, new Dictionary<string, object?>(context.HandlerArguments, StringComparer.Ordinal)));
            if (shown is PageResult pageResult)
            {
                pageResult.StatusCode = StatusCodes.Status400BadRequest;
            }

            context.Result = shown;
            return;
        }

        context.Result = new ContentResult
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentType = "text/html; charset=utf-8",
            Content = Describe(errors, FormAddress(context.HttpContext.Request)),
        };
    }

    /// <summary>The address of the form the post came from: the page itself, without the handler that was asked for.</summary>
    private static string FormAddress(HttpRequest request)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return QueryString.Create(query).ToUriComponent() is { Length: > 0 } rest ? request.PathBase + request.Path + rest : (request.PathBase + request.Path).Value ?? "/";
    }

    /// <summary>
    /// A page in the site's style that names each field in words, says what is wrong with it (dates as the date fields
    /// show them), and leads back to the form.
    /// </summary>
    private static string Describe(Dictionary<string, List<string>> errors, string formAddress)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>The form has problems · CareHub</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main id=\"main\" class=\"container\">")
            .Append("<h1>The form has problems</h1>")
            .Append("<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"form-problems-title\"><h2 id=\"form-problems-title\">")
            .Append(errors.Count == 1 ? "One field needs correcting" : $"{errors.Count} fields need correcting")
            .Append("</h2><ul data-testid=\"form-problems\">");
        foreach (var (field, messages) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            html.Append("<li data-field=\"").Append(WebUtility.HtmlEncode(field)).Append("\"><strong>").Append(WebUtility.HtmlEncode(InputProblems.Words(field))).Append("</strong>: ")
                .Append(WebUtility.HtmlEncode(FormErrors.DatesAsShown(string.Join(" ", messages.Distinct(StringComparer.Ordinal))))).Append("</li>");
        }

        return html.Append("</ul></div><p>Nothing was saved. Go back to the form, correct these fields and send it again. ")
            .Append("Your browser's Back button keeps what you typed; the link below opens the form afresh.</p>")
            .Append("<p><a class=\"button primary\" data-testid=\"back-to-form\" href=\"").Append(WebUtility.HtmlEncode(formAddress)).Append("\">Back to the form</a></p>")
            .Append("</main></body></html>").ToString();
    }
}
