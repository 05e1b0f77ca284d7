using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests.Network;

public abstract class ProviderProfileTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static object Body(JsonElement p, string npi, string? tin, string[] sites) => new
    {
        providerType = p.GetProperty("providerType").GetString(),
        npi,
        tin,
        sites,
        counties = p.GetProperty("counties").EnumerateArray().Select(c => c.GetString()).ToArray(),
        populations = p.GetProperty("populations").EnumerateArray().Select(c => c.GetString()).ToArray(),
        communitySupports = p.GetProperty("communitySupports").EnumerateArray().Select(c => c.GetString()).ToArray(),
        languages = p.GetProperty("languages").EnumerateArray().Select(c => c.GetString()).ToArray(),
        capacity = p.TryGetProperty("capacity", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : (int?)null,
        formerHealthHomes = p.GetProperty("formerHealthHomes").GetBoolean(),
    };

    [Fact]
    public async Task Profile_BadNpi_Is400NamingNpi_ValidSaveIsAudited_PlansReadIt_OtherProvidersDoNot()
    {
        var provider = await App.ApiClientAsync("ecm2@example.org");
        var before = await JsonAsync(await provider.GetAsync("/api/network/profile"), HttpStatusCode.OK);
        var npi = before.GetProperty("npi").GetString()!;
        var sites = before.GetProperty("sites").EnumerateArray().Select(s => s.GetString()!).ToArray();
        var wrongDigit = npi[..9] + (char)('0' + ((npi[9] - '0' + 1) % 10));

        var bad = await JsonAsync(await provider.PutAsJsonAsync("/api/network/profile", Body(before, wrongDigit, "95-0001031", sites)), HttpStatusCode.BadRequest);
        bad.GetProperty("errors").GetProperty("npi")[0].GetString()!.ShouldContain("check digit");
        (await JsonAsync(await provider.GetAsync("/api/network/profile"), HttpStatusCode.OK)).GetProperty("npi").GetString().ShouldBe(npi);

        try
        {
            var saved = await JsonAsync(await provider.PutAsJsonAsync("/api/network/profile", Body(before, npi, "95-0001031", [.. sites, "Annex, 5 Elm St"])), HttpStatusCode.OK);
            saved.GetProperty("tin").GetString().ShouldBe("950001031");
            saved.GetProperty("sites").EnumerateArray().Select(s => s.GetString()).ShouldContain("Annex, 5 Elm St");

            var providerId = saved.GetProperty("providerId").GetGuid();
            var plan = await App.ApiClientAsync("planadmin2@example.org");
            (await JsonAsync(await plan.GetAsync($"/api/network/profile?providerId={providerId}"), HttpStatusCode.OK)).GetProperty("sites").GetArrayLength().ShouldBe(sites.Length + 1);
            var other = await App.ApiClientAsync("ecm@example.org");
            (await other.GetAsync($"/api/network/profile?providerId={providerId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await other.PutAsJsonAsync("/api/network/profile", new { npi })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await plan.PutAsJsonAsync("/api/network/profile", Body(before, npi, null, sites))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

            await using var db = App.SystemDb();
            (await db.AuditEntries.AnyAsync(a => a.OrganizationId == providerId && a.Action == "network-profile.update")).ShouldBeTrue();
        }
        finally
        {
            var tin = before.TryGetProperty("tin", out var t) ? t.GetString() : null;
            (await provider.PutAsJsonAsync("/api/network/profile", Body(before, npi, tin, sites))).EnsureSuccessStatusCode();
        }
    }
}

public sealed class ProviderProfileTests_Sqlite(SqliteApp app) : ProviderProfileTests(app);

public sealed class ProviderProfileTests_Postgres(PostgresApp app) : ProviderProfileTests(app);
