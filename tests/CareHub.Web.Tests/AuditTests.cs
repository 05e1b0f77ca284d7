using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Audit;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests;

public abstract class AuditTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    [Fact]
    public async Task AuditApi_ForAuditor_ListsAMembersEntriesNewestFirst()
    {
        // A member of its own, so reads by other tests of the shared app cannot add to the count.
        var org = await App.OrganizationAsync("plancm@example.org");
        var member = new CareHub.Members.Member
        {
            PlanId = org.Id,
            PlanMemberId = "AUD" + Guid.NewGuid().ToString("N")[..10],
            FirstName = "Audit",
            LastName = "Trail",
            BirthDate = new DateOnly(1970, 1, 1),
            County = "Los Angeles",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = App.SystemDb())
        {
            db.Members.Add(member);
            await db.SaveChangesAsync();
        }

        var memberId = member.Id;

        var cm = await App.ApiClientAsync("plancm@example.org");
        var page = await App.PageClientAsync("plancm@example.org");
        (await cm.GetAsync($"/api/members/{memberId}")).EnsureSuccessStatusCode();
        (await page.GetAsync($"/members/{memberId}")).EnsureSuccessStatusCode();

        var auditor = await App.ApiClientAsync("auditor@example.org");
        var result = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?member={memberId}&pageSize=1");
        result.GetProperty("total").GetInt32().ShouldBe(2);
        var items = result.GetProperty("items");
        items.GetArrayLength().ShouldBe(1);
        items[0].GetProperty("target").GetString().ShouldBe($"/members/{memberId}");
        items[0].GetProperty("userName").GetString().ShouldBe("plancm@example.org");

        var second = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?member={memberId}&pageSize=1&page=2");
        second.GetProperty("items")[0].GetProperty("target").GetString().ShouldBe($"/api/members/{memberId}");
    }

    [Fact]
    public async Task AuditApi_ForOtherRoles_IsForbidden()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        (await admin.GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AuditEntries_CannotBeChangedOrDeleted()
    {
        await using var db = App.SystemDb();
        db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Action = "test.append", UserName = "test" });
        await db.SaveChangesAsync();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
        entry.Detail = "tampered";
        await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(entry);
        await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }
}

public sealed class AuditTests_Sqlite(SqliteApp app) : AuditTests(app);

public sealed class AuditTests_Postgres(PostgresApp app) : AuditTests(app);
