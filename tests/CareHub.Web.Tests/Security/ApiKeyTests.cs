using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Security.FormPages;

namespace CareHub.Web.Tests.Security;

/// <summary>API keys are created and revoked through one path from the page and the API: bad names and roles are
/// refused with the field named (never a server error), and another plan's key is not found.</summary>
public abstract class ApiKeyTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private async Task<int> KeysNamedAsync(string name)
    {
        await using var db = App.SystemDb();
        return await db.ApiKeys.CountAsync(k => k.Name == name);
    }

    [Fact]
    public async Task Api_RefusesALongNameOrAnotherRole_NamingTheField_AndSavesNothing()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var longName = new string('k', 300);
        var tooLong = await admin.PostAsJsonAsync("/api/apikeys", new { name = longName, role = "PlanCareManager" });
        var problem = JsonDocument.Parse(await tooLong.Content.ReadAsStringAsync()).RootElement;
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("The name is 300 characters long; use at most 100.");
        (await KeysNamedAsync(longName)).ShouldBe(0);

        var role = await admin.PostAsJsonAsync("/api/apikeys", new { name = "Feed", role = "Auditor" });
        role.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await role.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("role", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task AnotherPlansKey_IsNotFound_AndStaysActive()
    {
        var mine = await App.ApiClientAsync("planadmin@example.org");
        var name = "Warehouse " + Guid.NewGuid().ToString("N")[..8];
        var created = await (await mine.PostAsJsonAsync("/api/apikeys", new { name })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        created.GetProperty("role").GetString().ShouldBe("PlanCareManager", "a key acts as a care manager unless told otherwise");

        var other = await App.ApiClientAsync("planadmin2@example.org");
        (await other.DeleteAsync($"/api/apikeys/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetFromJsonAsync<JsonElement>("/api/apikeys")).EnumerateArray().ShouldNotContain(k => k.GetProperty("id").GetGuid() == id);

        await using (var db = App.SystemDb())
        {
            (await db.ApiKeys.SingleAsync(k => k.Id == id)).RevokedAt.ShouldBeNull();
        }

        (await mine.DeleteAsync($"/api/apikeys/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await mine.DeleteAsync($"/api/apikeys/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent, "revoking a revoked key changes nothing");
        await using (var db = App.SystemDb())
        {
            (await db.AuditEntries.CountAsync(a => a.Action == "apikey.revoke" && a.Target == $"/api/apikeys/{id}")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Page_MarksAMissingOrLongName_KeepsWhatWasTyped_AndCreatesAndRevokesThroughTheSamePath()
    {
        var pages = await App.PageClientAsync("planadmin@example.org");
        var blank = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/apikeys", "/apikeys", new() { ["name"] = " ", ["role"] = "PlanAdmin" }),
            HttpStatusCode.BadRequest, "Name");
        Message(blank, "Name").ShouldBe("Name the system that will use the key.");
        blank.ShouldContain("<option selected=\"selected\">PlanAdmin</option>");

        var longName = new string('n', 101);
        var tooLong = await ShouldShowFormMarkingAsync(await PostFormAsync(pages, "/apikeys", "/apikeys", new() { ["name"] = longName, ["role"] = "PlanCareManager" }),
            HttpStatusCode.BadRequest, "Name");
        Message(tooLong, "Name").ShouldBe("The name is 101 characters long; use at most 100.");
        Value(tooLong, "Name").ShouldBe(longName);
        (await KeysNamedAsync(longName)).ShouldBe(0);

        var name = "Claims feed " + Guid.NewGuid().ToString("N")[..8];
        var made = await PostFormAsync(pages, "/apikeys", "/apikeys", new() { ["name"] = name, ["role"] = "PlanCareManager" });
        made.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await made.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"new-key\">chk_");
        Guid id;
        await using (var db = App.SystemDb())
        {
            id = (await db.ApiKeys.SingleAsync(k => k.Name == name)).Id;
            (await db.AuditEntries.CountAsync(a => a.Action == "apikey.create" && a.Target == $"/apikeys/{id}")).ShouldBe(1);
        }

        await PostFormAsync(pages, "/apikeys", $"/apikeys?handler=Revoke&id={id}", []);
        await using (var db = App.SystemDb())
        {
            (await db.ApiKeys.SingleAsync(k => k.Id == id)).RevokedAt.ShouldNotBeNull();
        }
    }
}

public sealed class ApiKeyTests_Sqlite(SqliteApp app) : ApiKeyTests(app);

public sealed class ApiKeyTests_Postgres(PostgresApp app) : ApiKeyTests(app);
