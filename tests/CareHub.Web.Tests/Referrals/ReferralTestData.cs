using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Members;
using CareHub.Testing;

namespace CareHub.Web.Tests.Referrals;

/// <summary>Fresh members for referral tests, so each test has its own history.</summary>
internal static class ReferralTestData
{
    private static int _sequence;

    public static async Task<Member> NewMemberAsync(CareHubApp app, string planEmail = "plancm@example.org", string county = "Los Angeles")
    {
        var plan = await app.OrganizationAsync(planEmail);
        var n = Interlocked.Increment(ref _sequence);
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = $"RT{Guid.NewGuid():N}"[..20],
            Cin = $"9{n:0000000}R",
            FirstName = "Refer",
            LastName = $"Test{n}",
            BirthDate = new DateOnly(1961, 4, 12),
            Sex = "F",
            County = county,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = app.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = county, Start = new DateOnly(2022, 1, 1) });
        await db.SaveChangesAsync();
        return member;
    }

    public static object MealsReferral(Guid memberId, Guid? cboId, string start = "2025-03-03", string end = "2025-03-30", decimal meals = 56) => new
    {
        memberId,
        communitySupportCode = "medically-tailored-meals",
        referrerKind = "plan-care-manager",
        cboId,
        reason = "Heart failure; two ED visits this year; cannot cook a low-sodium diet.",
        needs = "Low-sodium meals, delivery to the home.",
        requestedStart = start,
        requestedEnd = end,
        requestedQuantity = meals,
        documents = new[] { new { title = "Discharge summary", url = "https://records.example.org/discharge/123" } },
    };

    public static async Task<JsonElement> PostOkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Status(JsonElement detail) => detail.GetProperty("summary").GetProperty("status").GetString()!;

    public static Guid Id(JsonElement detail) => detail.GetProperty("summary").GetProperty("id").GetGuid();
}
