using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests;

public abstract class CatalogTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static JsonElement Find(JsonElement array, string code) =>
        array.EnumerateArray().Single(e => e.GetProperty("code").GetString() == code);

    private static IEnumerable<JsonElement> EventCounts(JsonElement criterion)
    {
        if (criterion.GetProperty("kind").GetString() == "event-count")
        {
            yield return criterion;
        }

        if (criterion.TryGetProperty("criteria", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(EventCounts))
            {
                yield return child;
            }
        }
    }

    [Theory]
    [InlineData("2022-03-01", "2022", 6, 12)]
    [InlineData("2025-01-01", "current", 5, 6)]
    public async Task Populations_AsOf_ReturnsTheRuleVersionThen(string asOf, string version, int edVisits, int months)
    {
        var client = await App.ApiClientAsync("cbo@example.org");
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/populations?asOf={asOf}");
        var hu = Find(list, "adult-high-utilizer");
        hu.GetProperty("ruleVersion").GetString().ShouldBe(version);
        var ed = EventCounts(hu.GetProperty("criteria")).Single(c => c.GetProperty("events").EnumerateArray().Select(e => e.GetString()).SequenceEqual(["ed-visit"]));
        ed.GetProperty("min").GetInt32().ShouldBe(edVisits);
        ed.GetProperty("windowMonths").GetInt32().ShouldBe(months);
    }

    [Fact]
    public async Task CommunitySupports_TransitionalRent_OnlyFromJuly2025()
    {
        var client = await App.ApiClientAsync("plancm@example.org");
        var before = await client.GetFromJsonAsync<JsonElement>("/api/catalog/community-supports?asOf=2025-06-30");
        before.EnumerateArray().ShouldNotContain(e => e.GetProperty("code").GetString() == "transitional-rent");
        var after = await client.GetFromJsonAsync<JsonElement>("/api/catalog/community-supports?asOf=2025-07-01");
        var rent = Find(after, "transitional-rent");
        rent.GetProperty("limits").GetArrayLength().ShouldBeGreaterThan(0);
        var deposits = Find(after, "housing-deposits");
        deposits.GetProperty("billing").EnumerateArray().ShouldContain(b => b.GetProperty("hcpcs").GetString() == "H0044"
            && b.GetProperty("modifiers").EnumerateArray().Select(m => m.GetString()).Contains("U2"));
    }

    [Fact]
    public async Task Offerings_StartMustBeJanuaryOrJuly_AndNotOverlap()
    {
        var admin = await App.ApiClientAsync("planadmin2@example.org");
        var bad = await admin.PostAsJsonAsync("/api/catalog/offerings", new { county = "Los Angeles", communitySupportCode = "respite-services", start = "2022-03-15" });
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var refused = await bad.Content.ReadFromJsonAsync<JsonElement>();
        refused.GetProperty("errors").GetProperty("start")[0].GetString().ShouldBe("An offering must start on January 1 or July 1; 2022-03-15 is neither.");

        var ok = await admin.PostAsJsonAsync("/api/catalog/offerings", new { county = "Los Angeles", communitySupportCode = "respite-services", start = "2022-07-01", end = "2023-12-31" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);

        var overlap = await admin.PostAsJsonAsync("/api/catalog/offerings", new { county = "Los Angeles", communitySupportCode = "respite-services", start = "2023-07-01" });
        overlap.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await overlap.Content.ReadAsStringAsync()).ShouldContain("respite-services in Los Angeles from 2022-07-01");

        var next = await admin.PostAsJsonAsync("/api/catalog/offerings", new { county = "Los Angeles", communitySupportCode = "respite-services", start = "2024-01-01" });
        next.StatusCode.ShouldBe(HttpStatusCode.Created);

        var outside = await admin.PostAsJsonAsync("/api/catalog/offerings", new { county = "Orange", communitySupportCode = "respite-services", start = "2024-01-01" });
        outside.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("county")[0].GetString()!.ShouldContain("does not serve Orange County");

        await using var db = App.SystemDb();
        (await db.AuditEntries.CountAsync(a => a.Action == "offering.create" && a.UserName == "planadmin2@example.org" && a.Detail!.StartsWith("respite-services"))).ShouldBe(2);
    }

    [Fact]
    public async Task Offerings_OnlyPlanAdminsChangeThem()
    {
        var cbo = await App.ApiClientAsync("cbo@example.org");
        (await cbo.PostAsJsonAsync("/api/catalog/offerings", new { county = "Los Angeles", communitySupportCode = "day-habilitation", start = "2024-01-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var list = await cbo.GetFromJsonAsync<JsonElement>("/api/catalog/offerings?county=Orange&asOf=2025-01-01");
        list.GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Matrix_FirstPlanOffersEveryServiceInEveryCounty_AndExportsCsv()
    {
        var client = await App.ApiClientAsync("plancm@example.org");
        var matrix = await client.GetFromJsonAsync<JsonElement>("/api/catalog/matrix?county=San Diego&asOf=2025-08-01");
        var services = matrix.GetProperty("services").GetArrayLength();
        services.ShouldBe(15);
        var plan = matrix.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("planName").GetString() == "Golden Poppy Health Plan");
        plan.GetProperty("cells").EnumerateArray().ShouldAllBe(c => c.GetProperty("inEffect").GetBoolean());

        var csv = await client.GetStringAsync("/api/catalog/matrix?county=Los Angeles&asOf=2025-08-01&format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("Plan,");
        lines.ShouldContain(l => l.StartsWith("Golden Poppy Health Plan,2022-01-01", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("Pacific Coast Community Health,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CatalogRelease_IsStoredOnce()
    {
        await using var db = App.SystemDb();
        var releases = await db.CatalogReleases.ToListAsync();
        releases.Count.ShouldBe(1);
        releases[0].FilesJson.ShouldContain("populations-of-focus.json");
    }
}

public sealed class CatalogTests_Sqlite(SqliteApp app) : CatalogTests(app);

public sealed class CatalogTests_Postgres(PostgresApp app) : CatalogTests(app);
