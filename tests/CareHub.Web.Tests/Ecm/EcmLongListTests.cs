using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Common;
using CareHub.Data.Identity;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Testing;
using CareHub.Web.Features.Ecm;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Ecm;

/// <summary>Lists longer than the count's cap: the total is a lower bound ("1,000+"), pages go on past it, the last
/// page gives the exact total, the queue's status cards stay exact and its overdue and stuck cards say "1,000+".</summary>
public abstract class EcmLongListTests(CareHubApp app)
{
    private const int Stuck = EcmQueries.TotalCap + 30;
    private const int PageSize = 25;
    private const int LastPage = (Stuck + PageSize - 1) / PageSize;

    private CareHubApp App { get { app.Require(); return app; } }

    [Fact]
    public async Task LongCaseList_CountsUpToTheCap_AndPagesOnPastIt()
    {
        var email = await PlanWithLongListsAsync();
        var client = await App.ApiClientAsync(email);
        const string list = "/api/ecm/cases?status=open&stuck=true&sort=stuck&pageSize=25";

        var first = await client.GetFromJsonAsync<JsonElement>(list);
        first.GetProperty("items").GetArrayLength().ShouldBe(PageSize);
        first.GetProperty("total").GetInt32().ShouldBe(EcmQueries.TotalCap);
        first.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeTrue();
        first.GetProperty("hasNext").GetBoolean().ShouldBeTrue();

        // Past the cap the pages still have rows and a next page while more remain.
        var past = await client.GetFromJsonAsync<JsonElement>(list + $"&page={LastPage - 1}");
        past.GetProperty("items").GetArrayLength().ShouldBe(PageSize);
        past.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeTrue();
        past.GetProperty("total").GetInt32().ShouldBe((LastPage - 1) * PageSize);
        past.GetProperty("hasNext").GetBoolean().ShouldBeTrue();

        // The last page ends the list, so its total is exact again.
        var last = await client.GetFromJsonAsync<JsonElement>(list + $"&page={LastPage}");
        last.GetProperty("items").GetArrayLength().ShouldBe(Stuck - ((LastPage - 1) * PageSize));
        last.GetProperty("total").GetInt32().ShouldBe(Stuck);
        last.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse();
        last.GetProperty("hasNext").GetBoolean().ShouldBeFalse();

        // Every stuck case is on exactly one page, oldest first.
        var ids = new List<Guid>();
        for (var page = 1; page <= Stuck / EcmQueries.MaxPageSize + 1; page++)
        {
            var p = await client.GetFromJsonAsync<JsonElement>($"/api/ecm/cases?status=open&stuck=true&sort=stuck&pageSize={EcmQueries.MaxPageSize}&page={page}");
            ids.AddRange(p.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        }

        ids.Count.ShouldBe(Stuck);
        ids.Distinct().Count().ShouldBe(Stuck);

        // A short list keeps its exact total.
        var enrolled = await client.GetFromJsonAsync<JsonElement>("/api/ecm/cases?status=enrolled");
        enrolled.GetProperty("total").GetInt32().ShouldBe(5);
        enrolled.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse();
        enrolled.GetProperty("hasNext").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task LongWorklist_CountsUpToTheCap_AndTheLastPageIsExact()
    {
        var email = await PlanWithLongListsAsync();
        var client = await App.ApiClientAsync(email);

        var first = await client.GetFromJsonAsync<JsonElement>("/api/worklist?due=all");
        first.GetProperty("total").GetInt32().ShouldBe(EcmQueries.TotalCap);
        first.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeTrue();
        first.GetProperty("hasNext").GetBoolean().ShouldBeTrue();

        var last = await client.GetFromJsonAsync<JsonElement>($"/api/worklist?due=all&page={LastPage}");
        last.GetProperty("items").GetArrayLength().ShouldBe(Stuck - ((LastPage - 1) * PageSize));
        last.GetProperty("total").GetInt32().ShouldBe(Stuck);
        last.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse();
        last.GetProperty("hasNext").GetBoolean().ShouldBeFalse();

        // A page far past the end is empty and claims nothing more.
        var beyond = await client.GetFromJsonAsync<JsonElement>("/api/worklist?due=all&page=100000000");
        beyond.GetProperty("items").GetArrayLength().ShouldBe(0);
        beyond.GetProperty("hasNext").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Pages_ShowTheCappedTotal_ANextLinkPastTheCap_ExactStatusCards_AndCappedAlertCards()
    {
        var email = await PlanWithLongListsAsync();
        var client = await App.PageClientAsync(email);

        var queue = await TextAsync(client, "/ecm?status=open&stuck=true&sort=stuck");
        queue.ShouldContain("1,000+ cases");
        queue.ShouldContain("Page 1 of 40+");
        queue.ShouldContain("page=2\">Next");
        queue.ShouldContain("<span class=\"num\">1,000+</span><span>stuck too long</span>");
        queue.ShouldContain("<span class=\"num\">1,000+</span><span>decisions overdue</span>");
        queue.ShouldContain($"<span class=\"num\">{Stuck}</span><span>awaiting authorization</span>");
        queue.ShouldContain("<span class=\"num\">5</span><span>enrolled</span>");

        var past = await TextAsync(client, $"/ecm?status=open&stuck=true&sort=stuck&page={LastPage - 1}");
        past.ShouldContain($"Page {LastPage - 1} of {LastPage - 1}+");
        past.ShouldContain($"page={LastPage}\">Next");

        var last = await TextAsync(client, $"/ecm?status=open&stuck=true&sort=stuck&page={LastPage}");
        last.ShouldContain($"{Stuck:N0} cases");
        last.ShouldContain($"Page {LastPage} of {LastPage}<");
        last.ShouldNotContain("Next →");

        var worklist = await TextAsync(client, "/ecm/worklist?due=all");
        worklist.ShouldContain("1,000+ tasks");
        worklist.ShouldContain("Stuck too long (1,000+)");
    }

    /// <summary>The page as a person reads it (entities decoded: "1,000+" is sent as "1,000&amp;#x2B;").</summary>
    private static async Task<string> TextAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    /// <summary>A plan of its own with more stuck referrals (each with an open task) than a list counts, five
    /// enrolled cases and a closed one; returns its care manager's email.</summary>
    private async Task<string> PlanWithLongListsAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"longlist-{suffix}@example.org";
        Organization plan;
        using (var scope = App.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            plan = await admin.EnsureOrganizationAsync($"Long List Health Plan {suffix}", OrganizationType.Plan, ["Los Angeles"]);
            (await admin.CreateUserAsync(email, CareHubApp.Password, Roles.PlanCareManager, plan.Id)).Errors.ShouldBeEmpty();
        }

        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var db = App.SystemDb();
        for (var i = 0; i < Stuck + 6; i++)
        {
            var status = i < Stuck ? EcmStatus.Referred : i < Stuck + 5 ? EcmStatus.Enrolled : EcmStatus.Denied;
            var member = new Member
            {
                PlanId = plan.Id,
                PlanMemberId = $"LL{suffix}{i:0000}",
                FirstName = "Long",
                LastName = $"List{i:0000}",
                BirthDate = new DateOnly(1970, 1, 1),
                County = "Los Angeles",
                CreatedAt = now,
            };
            var changed = now.AddDays(-30).AddMinutes(i);
            var c = new EcmCase
            {
                MemberId = member.Id,
                PlanId = plan.Id,
                Status = status,
                OpenMemberId = EcmStatus.IsOpen(status) ? member.Id : null,
                Source = EcmSource.Identification,
                ReferredAt = changed,
                DecisionDueBy = today.AddDays(-10),
                StatusChangedAt = changed,
            };
            db.Members.Add(member);
            db.Add(c);
            if (i < Stuck)
            {
                db.Add(new EcmTask
                {
                    CaseId = c.Id,
                    MemberId = member.Id,
                    OrganizationId = plan.Id,
                    Kind = EcmTaskKind.AuthorizationDecision,
                    Title = "Decide the referral",
                    DueDate = today.AddDays(i % 20),
                    CreatedAt = changed,
                });
            }
        }

        await db.SaveChangesAsync();
        return email;
    }
}

public sealed class EcmLongListTests_Sqlite(SqliteApp app) : EcmLongListTests(app);

public sealed class EcmLongListTests_Postgres(PostgresApp app) : EcmLongListTests(app);
