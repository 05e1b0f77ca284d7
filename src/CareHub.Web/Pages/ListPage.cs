using System.Globalization;

namespace CareHub.Web.Pages;

/// <summary>The page of a list asked for with <c>?page=</c>. Model binding cannot take it: in Razor Pages the route
/// value <c>page</c> names the Razor page itself, so a bound <c>page</c> falls back to page 1.</summary>
public static class ListPage
{
    public static int Number(HttpRequest request) =>
        int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;
}
