using System.Net;
using CareHub.Testing;

namespace CareHub.Web.Tests.Security;

/// <summary>Every answer carries the protective headers; answers with member data are never cached.</summary>
public abstract class HeaderTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    [Theory]
    [InlineData("/api/members", true)]
    [InlineData("/fhir/Patient", true)]
    [InlineData("/members", false)]
    [InlineData("/referrals", false)]
    public async Task MemberData_HasStrictHeaders_AndIsNotCached(string url, bool api)
    {
        var client = api ? await App.ApiClientAsync("plancm@example.org") : await App.PageClientAsync("plancm@example.org");
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("script-src 'self'");
        csp.ShouldContain("style-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        if (!api)
        {
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldNotContain("<script>");
            html.ShouldNotContain(" style=\"");
        }
    }

    [Fact]
    public async Task SignInPage_AndStaticFiles_HaveTheHeaders()
    {
        var client = App.CreateClient();
        var login = await client.GetAsync("/account/login");
        login.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        login.Headers.GetValues("X-Frame-Options").Single().ShouldBeOneOf("DENY", "SAMEORIGIN");
        var css = await client.GetAsync("/css/site.css");
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        css.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }
}

public sealed class HeaderTests_Sqlite(SqliteApp app) : HeaderTests(app);

public sealed class HeaderTests_Postgres(PostgresApp app) : HeaderTests(app);
