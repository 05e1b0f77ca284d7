using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CareHub.Web.Security;

/// <summary>
/// Holds every page form post to the same <see cref="CareHub.Common.InputRules"/> as the JSON API
/// (<see cref="InputValidation"/>): dates from 1900 to 2200, free text no longer than its limit, numbers of a size
/// CareHub stores. Handler arguments and <see cref="BindPropertyAttribute"/> properties are checked after binding and
/// before the handler runs; a post that breaks a rule changes nothing and is answered 400 with a page that names
/// each field, never a server error or a silently shortened value.
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

        context.Result = new ContentResult
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentType = "text/html; charset=utf-8",
            Content = Describe(errors),
        };
    }

    /// <summary>A small page listing each field and what is wrong with it, with a way back to the form.</summary>
    private static string Describe(Dictionary<string, List<string>> errors)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The form has problems</title></head><body><main>");
        html.Append("<h1>The form has problems</h1><p>Nothing was saved. Go back, correct these fields and send the form again:</p><ul data-testid=\"form-problems\">");
        foreach (var (field, messages) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            html.Append("<li data-field=\"").Append(WebUtility.HtmlEncode(field)).Append("\"><strong>").Append(WebUtility.HtmlEncode(field)).Append("</strong>: ")
                .Append(WebUtility.HtmlEncode(string.Join(" ", messages))).Append("</li>");
        }

        return html.Append("</ul><p>Use your browser's Back button to return to the form.</p></main></body></html>").ToString();
    }
}
