using System.Net;
using CareHub.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests;

/// <summary>
/// Every GET route that takes a <c>memberId</c> (API and pages, found by enumerating the app's endpoints, so a new
/// route is covered without editing this test) refuses a member of another organization.
/// </summary>
public abstract class ScopingTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private IReadOnlyList<RouteEndpoint> MemberRoutes() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => p.Name.Equals("memberId", StringComparison.OrdinalIgnoreCase)))
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .ToList();

    private static string Url(RouteEndpoint endpoint, Guid memberId)
    {
        var parts = endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.Name.Equals("memberId", StringComparison.OrdinalIgnoreCase) => memberId.ToString(),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => Guid.NewGuid().ToString(),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart s => s.Content,
            _ => "",
        })));
        return "/" + string.Join('/', parts);
    }

    [Fact]
    public void MemberRoutes_AreFound()
    {
        var routes = MemberRoutes().Select(r => "/" + r.RoutePattern.RawText!.TrimStart('/')).ToList();
        routes.ShouldContain(r => r.StartsWith("/api/members/", StringComparison.Ordinal));
        routes.ShouldContain(r => r.StartsWith("/members/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("planadmin2@example.org")]
    [InlineData("ecm@example.org")]
    [InlineData("cbo@example.org")]
    public async Task EveryMemberRoute_RefusesAnotherOrganizationsMember(string outsider)
    {
        var owner = await App.OrganizationAsync("planadmin@example.org");
        Guid memberId;
        await using (var db = App.SystemDb())
        {
            // A member of the first plan that no other organization was ever linked to (demo referrals and ECM
            // assignments legitimately open some members to providers and CBOs).
            memberId = await db.Members.Where(m => m.PlanId == owner.Id && !db.MemberAccessGrants.Any(g => g.MemberId == m.Id))
                .OrderBy(m => m.PlanMemberId).Select(m => m.Id).Skip(3).FirstAsync();
        }

        var api = await App.ApiClientAsync(outsider);
        var pages = await App.PageClientAsync(outsider);
        var ownerApi = await App.ApiClientAsync("planadmin@example.org");
        var ownerPages = await App.PageClientAsync("planadmin@example.org");
        var checkedRoutes = 0;
        foreach (var route in MemberRoutes())
        {
            var url = Url(route, memberId);
            var isApi = url.StartsWith("/api/", StringComparison.Ordinal) || url.StartsWith("/fhir/", StringComparison.Ordinal);
            var response = await (isApi ? api : pages).GetAsync(url);
            if (!isApi && response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/account/access-denied", StringComparison.Ordinal) == true)
            {
                // A page the role may not open sends the browser to the not-allowed page, which answers 403.
                response = await pages.GetAsync(response.Headers.Location);
            }

            response.StatusCode.ShouldBeOneOf([HttpStatusCode.NotFound, HttpStatusCode.Forbidden], $"{outsider} GET {url}");
            checkedRoutes++;

            // The same request by the member's own plan works for the plain member routes, so the test can fail.
            if (route.RoutePattern.Parameters.Count == 1)
            {
                var own = await (isApi ? ownerApi : ownerPages).GetAsync(url);
                own.StatusCode.ShouldBe(HttpStatusCode.OK, $"owner GET {url}");
            }
        }

        checkedRoutes.ShouldBeGreaterThanOrEqualTo(2);
    }
}

public sealed class ScopingTests_Sqlite(SqliteApp app) : ScopingTests(app);

public sealed class ScopingTests_Postgres(PostgresApp app) : ScopingTests(app);
