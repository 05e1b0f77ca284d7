using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CareHub.Web.Accessibility;

/// <summary>
/// Puts every table of every page in a focusable, labelled scroll region, so a table wider than a phone scrolls on
/// its own and the page does not (WCAG 1.4.10 reflow), and a keyboard user can scroll it. The region is named after
/// the table's caption, its <c>aria-label</c>, or else the page title. A table marked <c>data-no-scroll</c>, or one
/// already inside an element of class <c>table-scroll</c>, is left alone.
/// </summary>
[HtmlTargetElement("table")]
public sealed partial class TableScrollTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext? ViewContext { get; set; }

    public override int Order => 1000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (context.AllAttributes.ContainsName("data-no-scroll"))
        {
            return;
        }

        var content = output.IsContentModified ? output.Content.GetContent() : (await output.GetChildContentAsync()).GetContent();
        var label = output.Attributes.TryGetAttribute("aria-label", out var aria) ? aria.Value?.ToString() : null;
        if (string.IsNullOrWhiteSpace(label) && Caption().Match(content) is { Success: true } caption)
        {
            label = WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, " ")).Trim();
        }

        if (string.IsNullOrWhiteSpace(label))
        {
            var number = 1;
            if (ViewContext?.HttpContext.Items is { } items)
            {
                number = items[typeof(TableScrollTagHelper)] is int n ? n + 1 : 1;
                items[typeof(TableScrollTagHelper)] = number;
            }

            var page = ViewContext?.ViewData["Title"] is string title ? title : "Page";
            label = number == 1 ? $"{page}: table" : $"{page}: table {number}";
        }

        output.Content.SetHtmlContent(content);
        output.PreElement.SetHtmlContent($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{WebUtility.HtmlEncode(label)}\">");
        output.PostElement.SetHtmlContent("</div>");
    }

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
