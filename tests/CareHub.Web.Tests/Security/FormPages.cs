using System.Net;
using System.Text.RegularExpressions;
using CareHub.Testing;

namespace CareHub.Web.Tests.Security;

/// <summary>Posting a page's form as a browser does, and reading how the page shows the form's errors.</summary>
public static partial class FormPages
{
    /// <summary>Opens <paramref name="pageUrl"/> for its antiforgery token and posts <paramref name="fields"/> to <paramref name="postUrl"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = CareHubApp.AntiforgeryToken(html);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// The page came back with <paramref name="status"/> showing its form: the error summary links each field, each
    /// field is marked invalid and described by its message, and no other field is marked. Returns the page.
    /// </summary>
    public static async Task<string> ShouldShowFormMarkingAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fieldIds)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, html.Length > 3000 ? html[..3000] : html);
        html.ShouldContain("data-error-summary");
        html.ShouldNotContain("data-testid=\"form-problems\"");
        foreach (var id in fieldIds)
        {
            html.ShouldContain($"href=\"#{id}\"");
            var field = FieldTag(html, id);
            field.ShouldContain("aria-invalid=\"true\"");
            field.ShouldContain($"{id}-error");
            Message(html, id).ShouldNotBeNullOrWhiteSpace();
        }

        var marked = InvalidRegex().Matches(html)
            .Select(m => DescribedByRegex().Match(m.Value).Groups[1].Value.Split(' ').FirstOrDefault(d => d.EndsWith("-error", StringComparison.Ordinal)))
            .Distinct().ToList();
        marked.ShouldBe(fieldIds.Select(id => id + "-error"), ignoreOrder: true);
        return html;
    }

    /// <summary>The opening tag of the input, select, textarea or fieldset with the id.</summary>
    public static string FieldTag(string html, string id)
    {
        var match = Regex.Match(html, $"<(input|select|textarea|fieldset)\\b[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>", RegexOptions.None, TimeSpan.FromSeconds(5));
        match.Success.ShouldBeTrue($"the page has no field #{id}");
        return match.Value;
    }

    /// <summary>The message shown next to the field, decoded, or null.</summary>
    public static string? Message(string html, string id)
    {
        var match = Regex.Match(html, $"<span id=\"{Regex.Escape(id)}-error\" class=\"field-error\">([^<]*)</span>", RegexOptions.None, TimeSpan.FromSeconds(5));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>The value the input shows (its value attribute, or a textarea's text), decoded.</summary>
    public static string? Value(string html, string id)
    {
        var tag = FieldTag(html, id);
        if (tag.StartsWith("<textarea", StringComparison.Ordinal))
        {
            var start = html.IndexOf(tag, StringComparison.Ordinal) + tag.Length;
            return WebUtility.HtmlDecode(html[start..html.IndexOf("</textarea>", start, StringComparison.Ordinal)]).TrimStart('\n', '\r');
        }

        var value = Regex.Match(tag, "\\bvalue=\"([^\"]*)\"", RegexOptions.None, TimeSpan.FromSeconds(5));
        return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : null;
    }

    [GeneratedRegex("<[^>]*\\baria-invalid=\"true\"[^>]*>")]
    private static partial Regex InvalidRegex();

    [GeneratedRegex("\\baria-describedby=\"([^\"]*)\"")]
    private static partial Regex DescribedByRegex();
}
