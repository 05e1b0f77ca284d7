using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Audit;
using CareHub.Common;
using CareHub.Members;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Tests;

public abstract class MembersTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private async Task<Member> FirstMemberOfAsync(string email)
    {
        var org = await App.OrganizationAsync(email);
        await using var db = App.SystemDb();
        // A demo member with enrollment: other tests add members of their own to the shared app.
        return await db.Members.Where(m => m.PlanId == org.Id && db.EnrollmentSpans.Any(s => s.MemberId == m.Id))
            .OrderBy(m => m.PlanMemberId).FirstAsync();
    }

    [Fact]
    public async Task List_ReturnsOnlyTheCallersPlanMembers_WithRequiredFields()
    {
        var org = await App.OrganizationAsync("planadmin2@example.org");
        var client = await App.ApiClientAsync("planadmin2@example.org");
        var page = await client.GetFromJsonAsync<JsonElement>("/api/members?pageSize=200");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        await using var db = App.SystemDb();
        var expected = await db.Members.CountAsync(m => m.PlanId == org.Id);
        page.GetProperty("total").GetInt32().ShouldBe(expected);
        expected.ShouldBeGreaterThan(0);
        expected.ShouldBeLessThan(await db.Members.CountAsync());
        foreach (var item in items)
        {
            item.GetProperty("planId").GetGuid().ShouldBe(org.Id);
            foreach (var field in new[] { "id", "firstName", "lastName", "birthDate", "county" })
            {
                item.TryGetProperty(field, out _).ShouldBeTrue(field);
            }
        }
    }

    [Fact]
    public async Task List_SearchByLastNameAndBirthDate_FindsTheMember()
    {
        var member = await FirstMemberOfAsync("planadmin@example.org");
        var client = await App.ApiClientAsync("plancm@example.org");
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/members?q={member.LastName}&birthDate={member.BirthDate:yyyy-MM-dd}");
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldContain(member.Id);
    }

    [Fact]
    public async Task Search_MatchesNamePrefixesWithoutCaseOrAccents_AndIdsInAnyCase_WithinThePlan()
    {
        var plan = await App.OrganizationAsync("planadmin2@example.org");
        var otherPlan = await App.OrganizationAsync("planadmin@example.org");
        var token = "QX" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)).ToUpperInvariant();
        var accented = token[..^1] + "É" + "ñez";
        Member Make(Guid planId, string first, string last) => new()
        {
            PlanId = planId,
            PlanMemberId = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            FirstName = first,
            LastName = last,
            County = "Kern",
            BirthDate = new DateOnly(1980, 1, 1),
        };
        var byLast = Make(plan.Id, "Ana", accented);
        var byFirst = Make(plan.Id, token.ToLowerInvariant() + "o", "Other");
        var notPrefix = Make(plan.Id, "Rosa", "R" + token);
        var otherPlans = Make(otherPlan.Id, "Ana", accented);
        await using (var db = App.SystemDb())
        {
            db.Members.AddRange(byLast, byFirst, notPrefix, otherPlans);
            await db.SaveChangesAsync();
        }

        var client = await App.ApiClientAsync("planadmin2@example.org");
        async Task<List<Guid>> SearchAsync(string q) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/members?q={Uri.EscapeDataString(q)}&pageSize=50")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

        (await SearchAsync(token[..^1].ToLowerInvariant())).ShouldBe([byLast.Id, byFirst.Id], ignoreOrder: true);
        (await SearchAsync(Member.NameKey(accented).ToLowerInvariant())).ShouldBe([byLast.Id]);
        (await SearchAsync(accented)).ShouldBe([byLast.Id]);
        (await SearchAsync("ana " + token[..^1])).ShouldBe([byLast.Id]);
        (await SearchAsync(byFirst.PlanMemberId.ToLowerInvariant())).ShouldBe([byFirst.Id]);

        var fhir = await client.GetFromJsonAsync<JsonElement>($"/fhir/Patient?name={Uri.EscapeDataString(token[..^1].ToLowerInvariant())}");
        fhir.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()).ShouldBe([byLast.Id.ToString(), byFirst.Id.ToString()], ignoreOrder: true);

        await using (var db = App.SystemDb())
        {
            var renamed = await db.Members.SingleAsync(m => m.Id == byLast.Id);
            renamed.LastName = "Z" + token;
            await db.SaveChangesAsync();
        }

        (await SearchAsync(token[..^1])).ShouldBe([byFirst.Id]);
        (await SearchAsync("z" + token)).ShouldBe([byLast.Id]);
    }

    [Fact]
    public async Task SearchPages_FollowNameOrder_WithoutGapsOrRepeats_InTheApiAndFhir()
    {
        var plan = await App.OrganizationAsync("planadmin2@example.org");
        var token = "QP" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)).ToUpperInvariant();
        var names = new[] { ("Ben", token + "b"), ("Ann", token + "b"), ("Ann", token + "b"), ("Cy", token + "a"), (token + "x", "Adams"), ("Ann", token + "b"), ("Dee", token + "c") };
        var members = names.Select((n, i) => new Member
        {
            PlanId = plan.Id,
            PlanMemberId = $"P{i}" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            FirstName = n.Item1,
            LastName = n.Item2,
            County = "Kern",
            BirthDate = new DateOnly(1980, 1, 1),
        }).ToList();
        await using (var db = App.SystemDb())
        {
            db.Members.AddRange(members);
            await db.SaveChangesAsync();
        }

        var expected = members.OrderBy(m => m.LastName, StringComparer.Ordinal).ThenBy(m => m.FirstName, StringComparer.Ordinal)
            .ThenBy(m => m.Id.ToString("N"), StringComparer.Ordinal).Select(m => m.Id).ToList();
        var client = await App.ApiClientAsync("planadmin2@example.org");
        var api = new List<Guid>();
        var fhir = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var json = await client.GetFromJsonAsync<JsonElement>($"/api/members?q={token}&pageSize=3&page={page}");
            json.GetProperty("total").GetInt32().ShouldBe(7);
            api.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            var bundle = await client.GetFromJsonAsync<JsonElement>($"/fhir/Patient?name={token}&_count=3&_offset={(page - 1) * 3}");
            fhir.AddRange(bundle.GetProperty("entry").EnumerateArray().Select(e => Guid.Parse(e.GetProperty("resource").GetProperty("id").GetString()!)));
        }

        api.ShouldBe(expected);
        fhir.ShouldBe(expected);
    }

    [Fact]
    public async Task Get_OwnMember_ReturnsDetail()
    {
        var member = await FirstMemberOfAsync("planadmin@example.org");
        var client = await App.ApiClientAsync("plancm@example.org");
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/members/{member.Id}");
        detail.GetProperty("lastName").GetString().ShouldBe(member.LastName);
        detail.GetProperty("birthDate").GetString().ShouldBe(member.BirthDate.ToString("yyyy-MM-dd"));
        detail.GetProperty("enrollment").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Get_Member_WritesExactlyOneAuditEntryWithUserAndMember()
    {
        var member = await FirstMemberOfAsync("planadmin2@example.org");
        var org = await App.OrganizationAsync("planadmin2@example.org");
        var client = await App.ApiClientAsync("planadmin2@example.org");
        var before = new HashSet<long>();
        await using (var db = App.SystemDb())
        {
            before = [.. await db.AuditEntries.Where(a => a.MemberId == member.Id).Select(a => a.Id).ToListAsync()];
        }

        (await client.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var db = App.SystemDb())
        {
            var entries = (await db.AuditEntries.Where(a => a.MemberId == member.Id).ToListAsync()).Where(a => !before.Contains(a.Id)).ToList();
            entries.Count.ShouldBe(1);
            entries[0].Action.ShouldBe(AuditActions.MemberRead);
            entries[0].UserName.ShouldBe("planadmin2@example.org");
            entries[0].OrganizationId.ShouldBe(org.Id);
            entries[0].Target.ShouldBe($"/api/members/{member.Id}");
            entries[0].At.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        }
    }

    [Fact]
    public async Task EcmProvider_SeesMemberOnlyWhileGranted()
    {
        var member = await FirstMemberOfAsync("planadmin@example.org");
        var provider = await App.OrganizationAsync("ecm2@example.org");
        var client = await App.ApiClientAsync("ecm2@example.org");
        (await client.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var grant = new MemberAccessGrant { MemberId = member.Id, OrganizationId = provider.Id, Reason = "ecm-assignment", GrantedAt = DateTimeOffset.UtcNow };
        await using (var db = App.SystemDb())
        {
            db.MemberAccessGrants.Add(grant);
            await db.SaveChangesAsync();
        }

        (await client.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/members");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldContain(member.Id);

        await using (var db = App.SystemDb())
        {
            var g = await db.MemberAccessGrants.SingleAsync(x => x.Id == grant.Id);
            g.RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        (await client.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task QueryFilters_ScopeMembersAndTheirData_BelowTheUi()
    {
        var other = await App.OrganizationAsync("planadmin2@example.org");
        var member = await FirstMemberOfAsync("planadmin@example.org");
        await using var db = App.ScopedDb(other.Id, OrganizationType.Plan);
        (await db.Members.AnyAsync(m => m.Id == member.Id)).ShouldBeFalse();
        (await db.EnrollmentSpans.AnyAsync(e => e.MemberId == member.Id)).ShouldBeFalse();
        (await db.Members.AnyAsync()).ShouldBeTrue();
        (await db.Members.AllAsync(m => m.PlanId == other.Id)).ShouldBeTrue();

        await using var nobody = App.ScopedDb(Guid.NewGuid(), OrganizationType.Cbo);
        (await nobody.Members.CountAsync()).ShouldBe(0);
        (await nobody.Encounters.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Auditor_CannotListMembers()
    {
        var client = await App.ApiClientAsync("auditor@example.org");
        (await client.GetAsync("/api/members")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Organizations_FilterByType()
    {
        var client = await App.ApiClientAsync("cbo@example.org");
        var plans = await client.GetFromJsonAsync<JsonElement>("/api/organizations?type=plan");
        var planNames = plans.EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
        planNames.ShouldContain("Golden Poppy Health Plan");
        planNames.ShouldContain("Pacific Coast Community Health");
        plans.EnumerateArray().ShouldAllBe(o => o.GetProperty("type").GetString() == "plan");
        plans[0].GetProperty("counties").GetArrayLength().ShouldBeGreaterThan(0);
        // Other tests add organizations to the same app meanwhile: the seeded ones are there, and nothing of another type.
        var providers = await client.GetFromJsonAsync<JsonElement>("/api/organizations?type=ecm-provider");
        providers.EnumerateArray().ShouldAllBe(o => o.GetProperty("type").GetString() == "ecm-provider");
        string?[] seededProviders = ["Harbor Community Clinics", "Eastside Care Partners", "Orange Coast Health Center", "Bay to Border Care Coordination"];
        seededProviders.ShouldBeSubsetOf(providers.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        var cbos = await client.GetFromJsonAsync<JsonElement>("/api/organizations?type=cbo");
        cbos.EnumerateArray().ShouldAllBe(o => o.GetProperty("type").GetString() == "cbo");
        string?[] seededCbos = ["Open Door Housing Collaborative", "Nourish Medically Tailored Meals", "SafeHaven Recuperative Care", "HomeWell Respite & Personal Care",
            "Clear Air Asthma Remediation"];
        seededCbos.ShouldBeSubsetOf(cbos.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        (await client.GetAsync("/api/organizations?type=hospital")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class MembersTests_Sqlite(SqliteApp app) : MembersTests(app);

public sealed class MembersTests_Postgres(PostgresApp app) : MembersTests(app);
