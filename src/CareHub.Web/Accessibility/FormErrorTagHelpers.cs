using System.Net;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CareHub.Web.Accessibility;

/// <summary>
/// <c>&lt;error-summary errors="Model.FormErrors" /&gt;</c>: when the form has errors, a focusable alert that says how
/// many problems there are and links each to its field; <c>wwwroot/js/site.js</c> moves focus to it on load.
/// </summary>
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    public FormErrors? Errors { get; set; }

    /// <summary>The id of the summary, unique on the page (a page with several forms has several summaries).</summary>
    public string Id { get; set; } = "error-summary";

    public string? TestId { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Errors is not { Any: true } errors)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", Id);
        output.Attributes.SetAttribute("class", "error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("aria-labelledby", Id + "-title");
        output.Attributes.SetAttribute("data-error-summary", "");
        if (TestId is not null)
        {
            output.Attributes.SetAttribute("data-testid", TestId);
        }

        // A rejected file counts as many problems as its table lists.
        var count = errors.Entries.Sum(e => errors.Files.FirstOrDefault(f => f.FieldId == e.FieldId) is { Problems.Count: > 0 } f ? f.Problems.Count : 1);
        var html = new System.Text.StringBuilder();
        html.Append("<h2 id=\"").Append(Id).Append("-title\">")
            .Append(count == 1 ? "There is a problem" : $"There are {count} problems").Append("</h2><ul>");
        foreach (var e in errors.Entries)
        {
            html.Append("<li>");
            if (e.FieldId is not null)
            {
                html.Append("<a href=\"#").Append(WebUtility.HtmlEncode(e.FieldId)).Append("\">");
                if (e.Label is not null)
                {
                    html.Append(WebUtility.HtmlEncode(e.Label)).Append(": ");
                }

                html.Append(WebUtility.HtmlEncode(e.Message)).Append("</a>");
            }
            else
            {
                html.Append(WebUtility.HtmlEncode(e.Message));
            }

            html.Append("</li>");
        }

        html.Append("</ul>");
        foreach (var file in errors.Files.Where(f => f.Problems.Count > 0))
        {
            AppendFileTable(html, file);
        }

        output.Content.SetHtmlContent(html.ToString());
    }

    /// <summary>Most rows a rejected file's table shows; the rest are counted below it.</summary>
    public const int MaxFileRows = 500;

    /// <summary>A rejected file's problems as a table (line or segment, column or segment, problem) in a scroll
    /// region of its own, so a long list does not widen the page.</summary>
    private static void AppendFileTable(System.Text.StringBuilder html, FormErrors.RejectedFile file)
    {
        var caption = WebUtility.HtmlEncode($"Problems in {file.FileName}");
        html.Append("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"").Append(caption).Append("\">")
            .Append("<table class=\"grid compact file-problems\" data-testid=\"rejected\" data-field=\"").Append(WebUtility.HtmlEncode(file.FieldId)).Append("\">")
            .Append("<caption>").Append(caption).Append("</caption><thead><tr>")
            .Append("<th scope=\"col\" class=\"num\">").Append(file.Segments ? "Segment" : "Line").Append("</th>")
            .Append("<th scope=\"col\">").Append(file.Segments ? "Segment text" : "Column").Append("</th>")
            .Append("<th scope=\"col\">Problem</th></tr></thead><tbody>");
        foreach (var p in file.Problems.Take(MaxFileRows))
        {
            html.Append("<tr><td class=\"num\">").Append(p.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–").Append("</td><td>")
                .Append(string.IsNullOrWhiteSpace(p.Column) ? "–" : "<code>" + WebUtility.HtmlEncode(p.Column) + "</code>").Append("</td><td>")
                .Append(WebUtility.HtmlEncode(FormErrors.Sentence(p.Reason))).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
        if (file.Problems.Count > MaxFileRows)
        {
            html.Append("<p>").Append((file.Problems.Count - MaxFileRows).ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
                .Append(" more problems are not listed; fix these and upload the file again to see them.</p>");
        }
    }
}

/// <summary><c>&lt;field-error for="Reason" errors="Model.FormErrors" /&gt;</c>: the field's message, written only when
/// there is one, with the id the field's <c>aria-describedby</c> points to.</summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public string For { get; set; } = "";

    public FormErrors? Errors { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Errors?.For(For) is not { } message)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", FormErrors.MessageId(For));
        output.Attributes.SetAttribute("class", "field-error");
        output.Content.SetContent(message);
    }
}

/// <summary><c>errors-from="Model.FormErrors"</c> on an input, select or textarea: when its id has an error, marks it
/// <c>aria-invalid="true"</c> and adds the message to its <c>aria-describedby</c>.</summary>
[HtmlTargetElement("input", Attributes = "errors-from")]
[HtmlTargetElement("select", Attributes = "errors-from")]
[HtmlTargetElement("textarea", Attributes = "errors-from")]
public sealed class InvalidFieldTagHelper : TagHelper
{
    [HtmlAttributeName("errors-from")]
    public FormErrors? Errors { get; set; }

    /// <summary>The error key when it is not the element's id: each checkbox of a group names its group's id.</summary>
    [HtmlAttributeName("errors-for")]
    public string? For { get; set; }

    // After the framework's input tag helpers, so an asp-for id is already there.
    public override int Order => 100;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = For ?? (output.Attributes.TryGetAttribute("id", out var a) ? a.Value?.ToString() : null);
        if (id is null || Errors?.For(id) is null)
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var d) ? d.Value?.ToString() : null;
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrWhiteSpace(describedBy) ? FormErrors.MessageId(id) : describedBy + " " + FormErrors.MessageId(id));
    }
}
