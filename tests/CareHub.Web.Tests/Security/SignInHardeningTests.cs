using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Common;
using CareHub.Data.Identity;
using CareHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>Sign-in answers that reveal nothing, lockout no stranger can use, and tokens that end with the session.</summary>
public abstract class SignInHardeningTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private async Task<string> NewUserAsync(string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.org";
        var org = await App.OrganizationAsync("planadmin@example.org");
        using var scope = App.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateUserAsync(email, CareHubApp.Password, Roles.PlanCareManager, org.Id)).Errors.ShouldBeEmpty();
        return email;
    }

    private static string WithoutTrace(string problem) =>
        string.Join(",", JsonDocument.Parse(problem).RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.ToString()));

    private static async Task<JsonElement> TokensAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private HttpClient WithToken(string accessToken)
    {
        var client = App.CreateClient(new() { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    [Fact]
    public async Task UnknownAndKnownAccounts_GetTheSameAnswer_InSimilarTime()
    {
        var known = await NewUserAsync("known");
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org";
        var client = App.CreateClient(new() { HandleCookies = false });

        // Warm up, then time a few attempts of each, interleaved.
        await client.PostAsJsonAsync("/api/auth/login", new { email = unknown, password = "wrong" });
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        string? knownBody = null, unknownBody = null;
        for (var i = 0; i < 4; i++)
        {
            var watch = Stopwatch.StartNew();
            var k = await client.PostAsJsonAsync("/api/auth/login", new { email = known, password = "wrong-" + i });
            knownTimes.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var u = await client.PostAsJsonAsync("/api/auth/login", new { email = unknown, password = "wrong-" + i });
            unknownTimes.Add(watch.Elapsed.TotalMilliseconds);
            k.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            u.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            knownBody = WithoutTrace(await k.Content.ReadAsStringAsync());
            unknownBody = WithoutTrace(await u.Content.ReadAsStringAsync());
        }

        unknownBody.ShouldBe(knownBody);

        // The unknown account does the same password-hash work: not an order of magnitude faster.
        unknownTimes.Order().ElementAt(1).ShouldBeGreaterThan(knownTimes.Order().ElementAt(1) / 4, $"known {string.Join(", ", knownTimes)}; unknown {string.Join(", ", unknownTimes)}");

        // After five failures the sixth attempt is held off the same way for both.
        (await client.PostAsJsonAsync("/api/auth/login", new { email = known, password = "wrong" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var heldKnown = await client.PostAsJsonAsync("/api/auth/login", new { email = known, password = "wrong" });
        var heldUnknown = await client.PostAsJsonAsync("/api/auth/login", new { email = unknown, password = "wrong" });
        heldKnown.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        heldUnknown.StatusCode.ShouldBe(heldKnown.StatusCode);
        WithoutTrace(await heldUnknown.Content.ReadAsStringAsync()).ShouldBe(WithoutTrace(await heldKnown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task LoginResponse_KeepsItsShape_AndTheAccessTokenIsShortLived()
    {
        var email = await NewUserAsync("shape");
        var tokens = await TokensAsync(await App.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password }));
        tokens.EnumerateObject().Select(p => p.Name).Order().ShouldBe(["accessToken", "expiresIn", "refreshToken", "tokenType"]);
        tokens.GetProperty("tokenType").GetString().ShouldBe("Bearer");
        tokens.GetProperty("expiresIn").GetInt64().ShouldBeLessThanOrEqualTo(900);
    }

    [Fact]
    public async Task Refresh_GivesANewToken_AndLogoutRevokesAccessAndRefreshTokens()
    {
        var email = await NewUserAsync("refresh");
        var client = App.CreateClient(new() { HandleCookies = false });
        var tokens = await TokensAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password }));
        var refreshed = await TokensAsync(await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }));
        var access = refreshed.GetProperty("accessToken").GetString()!;
        (await WithToken(access).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await WithToken(access).PostAsync("/api/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await WithToken(access).GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await WithToken(tokens.GetProperty("accessToken").GetString()!).GetAsync("/api/members")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refreshed.GetProperty("refreshToken").GetString() })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "garbage" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // Signing in again works.
        await TokensAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password }));
    }

    [Theory]
    [InlineData("lock")]
    [InlineData("password")]
    public async Task IssuedTokens_StopWorking_WhenTheUserIsLockedOrChangesPassword(string change)
    {
        var email = await NewUserAsync("stamp");
        var tokens = await TokensAsync(await App.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password }));
        var api = WithToken(tokens.GetProperty("accessToken").GetString()!);
        (await api.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var pages = await App.PageClientAsync(email);
        (await pages.GetAsync("/members")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            if (change == "lock")
            {
                (await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddYears(100))).Succeeded.ShouldBeTrue();
            }
            else
            {
                (await users.ChangePasswordAsync(user, CareHubApp.Password, "An0ther!password")).Succeeded.ShouldBeTrue();
            }
        }

        var refused = await api.GetAsync("/api/me");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await App.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await pages.GetAsync("/members");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    [Fact]
    public async Task ApiKeyRevocation_IsAudited()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var created = await (await admin.PostAsJsonAsync("/api/apikeys", new { name = "Revoked " + Guid.NewGuid().ToString("N")[..6], role = "PlanCareManager" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        (await admin.DeleteAsync($"/api/apikeys/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Action == "apikey.revoke" && a.Target == $"/api/apikeys/{id}")).ShouldBe(1);
    }

    [Fact]
    public async Task FailuresFromOneClient_DoNotLockTheUserOutElsewhere_AndEachClientIsRateLimited()
    {
        var email = await NewUserAsync("victim");

        // The app behind a stand-in for client addresses (the test server has none), with 6 sign-ins a minute per client.
        using var app = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("CareHub:SignIn:PerClientPerMinute", "6");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        });
        HttpClient From(string ip)
        {
            var client = app.CreateClient(new() { HandleCookies = false });
            client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, ip);
            return client;
        }

        var attacker = From("203.0.113.7");
        for (var i = 0; i < 5; i++)
        {
            (await attacker.PostAsJsonAsync("/api/auth/login", new { email, password = "guess-" + i })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await attacker.PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password })).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // The user, from their own device, still signs in; the account itself is not locked.
        await TokensAsync(await From("198.51.100.20").PostAsJsonAsync("/api/auth/login", new { email, password = CareHubApp.Password }));
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            (await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!)).ShouldBeFalse();
        }

        // A client spraying many accounts is held off after 6 attempts a minute, with Retry-After.
        var sprayer = From("192.0.2.99");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await sprayer.PostAsJsonAsync("/api/auth/login", new { email = $"spray-{i}@example.org", password = "x" })).StatusCode);
        }

        statuses.Take(6).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        statuses.Skip(6).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        var last = await sprayer.PostAsJsonAsync("/api/auth/login", new { email = "spray@example.org", password = "x" });
        last.Headers.RetryAfter.ShouldNotBeNull();
        last.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await From("192.0.2.100").PostAsJsonAsync("/api/auth/login", new { email = "spray@example.org", password = "x" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextMiddleware) =>
            {
                if (System.Net.IPAddress.TryParse(http.Request.Headers[Header].ToString(), out var ip))
                {
                    http.Connection.RemoteIpAddress = ip;
                }

                await nextMiddleware(http);
            });
            next(app);
        };
    }
}

public sealed class SignInHardeningTests_Sqlite(SqliteApp app) : SignInHardeningTests(app);

public sealed class SignInHardeningTests_Postgres(PostgresApp app) : SignInHardeningTests(app);
