using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Common;
using CareHub.Data.Identity;
using CareHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests;

public abstract class AuthTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    [Fact]
    public async Task Login_WithDemoAccount_ReturnsBearerToken()
    {
        var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "plancm@example.org", password = CareHubApp.Password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("accessToken").GetString().ShouldNotBeNullOrWhiteSpace();
        body.GetProperty("expiresIn").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401Problem()
    {
        // An account of its own: a failed attempt on a shared demo account races with other tests signing in with it.
        var email = $"wrong-{Guid.NewGuid():N}@example.org";
        var org = await App.OrganizationAsync("planadmin@example.org");
        using (var scope = App.Services.CreateScope())
        {
            (await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateUserAsync(email, CareHubApp.Password, Roles.PlanCareManager, org.Id)).Errors.ShouldBeEmpty();
        }

        var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Login_FiveFailures_LocksTheAccount()
    {
        var email = $"lock-{Guid.NewGuid():N}@example.org";
        var org = await App.OrganizationAsync("planadmin@example.org");
        using (var scope = App.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var (user, errors) = await admin.CreateUserAsync(email, CareHubApp.Password, Roles.PlanCareManager, org.Id);
            errors.ShouldBeEmpty();
        }

        var client = App.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            (await client.PostAsJsonAsync("/api/auth/login", new { email, password = "not-it" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // The fifth failure answers like the others (an unknown account answers the same); after that this client is
        // held off the account, even with the right password.
        (await client.PostAsJsonAsync("/api/auth/login", new { email, password = "not-it" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var locked = await client.PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password });
        locked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("planadmin@example.org", "PlanAdmin", "plan")]
    [InlineData("ecm@example.org", "EcmProviderStaff", "ecm-provider")]
    [InlineData("cbo@example.org", "CsProviderStaff", "cbo")]
    [InlineData("auditor@example.org", "Auditor", "state")]
    public async Task Me_ReturnsRoleAndOrganization(string email, string role, string orgType)
    {
        var client = await App.ApiClientAsync(email);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("email").GetString().ShouldBe(email);
        me.GetProperty("role").GetString().ShouldBe(role);
        me.GetProperty("organizationType").GetString().ShouldBe(orgType);
        var org = await App.OrganizationAsync(email);
        me.GetProperty("organizationId").GetGuid().ShouldBe(org.Id);
        me.GetProperty("organizationName").GetString().ShouldBe(org.Name);
    }

    [Fact]
    public async Task Api_WithoutCredentials_Returns401()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        (await client.GetAsync("/api/members")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Page_WithoutSignIn_RedirectsToSignIn()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/members");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    [Fact]
    public async Task LoginForm_WithoutAntiforgeryToken_IsRejected()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "planadmin@example.org", ["Password"] = CareHubApp.Password });
        (await client.PostAsync("/account/login", form)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ApiKey_CreatedByPlanAdmin_AuthenticatesUntilRevoked()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var created = await admin.PostAsJsonAsync("/api/apikeys", new { name = "Data warehouse", role = "PlanCareManager" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("key").GetString()!;

        var system = App.CreateClient();
        system.DefaultRequestHeaders.Add("X-Api-Key", key);
        var me = await system.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("role").GetString().ShouldBe("PlanCareManager");
        me.GetProperty("organizationId").GetGuid().ShouldBe((await App.OrganizationAsync("planadmin@example.org")).Id);
        (await system.GetAsync("/api/members")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.DeleteAsync($"/api/apikeys/{body.GetProperty("id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await system.GetAsync("/api/members")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_CannotBeCreatedByCareManager()
    {
        var cm = await App.ApiClientAsync("plancm@example.org");
        (await cm.PostAsJsonAsync("/api/apikeys", new { name = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_ReadyAndLive_AreHealthy()
    {
        var client = App.CreateClient();
        (await client.GetStringAsync("/health/live")).ShouldBe("Healthy");
        (await client.GetStringAsync("/health/ready")).ShouldBe("Healthy");
    }

    [Fact]
    public async Task OpenApiDocument_ListsMemberRoutes()
    {
        var doc = await App.CreateClient().GetStringAsync("/openapi/v1.json");
        doc.ShouldContain("/api/members/{memberId}");
        doc.ShouldContain("/api/auth/login");
    }
}

public sealed class AuthTests_Sqlite(SqliteApp app) : AuthTests(app);

public sealed class AuthTests_Postgres(PostgresApp app) : AuthTests(app);
