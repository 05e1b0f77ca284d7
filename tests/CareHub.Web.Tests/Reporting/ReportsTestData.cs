using CareHub.Common;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Testing;

namespace CareHub.Web.Tests.Reporting;

/// <summary>A plan of its own for each test (with an API key acting as its plan administrator), so the reports
/// see only the data the test made, whatever other tests add to the shared app.</summary>
internal static class ReportsTestData
{
    public static readonly string[] Counties = ["Los Angeles", "Orange", "San Diego"];

    public static async Task<(Organization Plan, HttpClient Client)> NewPlanAsync(CareHubApp app)
    {
        var plan = new Organization { Name = "Report Test Plan " + Guid.NewGuid().ToString("N")[..8], Type = OrganizationType.Plan, Counties = [.. Counties], CreatedAt = DateTimeOffset.UtcNow };
        var key = ApiKeys.NewKey();
        await using (var db = app.SystemDb())
        {
            db.Organizations.Add(plan);
            db.ApiKeys.Add(new ApiKey { OrganizationId = plan.Id, Name = "reports", Role = Roles.PlanAdmin, Prefix = key.Prefix, SecretHash = key.Hash, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return (plan, client);
    }

    public static Member NewMember(Guid planId, string county, int n) => new()
    {
        PlanId = planId,
        PlanMemberId = $"RPT{n:D4}{Guid.NewGuid().ToString("N")[..8]}",
        FirstName = "Report",
        LastName = $"Member{n:D4}",
        BirthDate = new DateOnly(1975, 1, 1).AddDays(n * 37),
        County = county,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
