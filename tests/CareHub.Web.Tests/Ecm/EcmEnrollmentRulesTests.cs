using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CareHub.Members;
using CareHub.Testing;

namespace CareHub.Web.Tests.Ecm;

public abstract class EcmEnrollmentRulesTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<Member> NewMemberAsync(string planEmail)
    {
        var plan = await App.OrganizationAsync(planEmail);
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "ER" + Guid.NewGuid().ToString("N")[..16],
            Cin = "9" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant() + "P",
            FirstName = "Enroll",
            LastName = "Rules" + Guid.NewGuid().ToString("N")[..4],
            BirthDate = new DateOnly(1968, 9, 14),
            County = "Los Angeles",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = App.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = "Los Angeles", Start = new DateOnly(2023, 1, 1) });
        await db.SaveChangesAsync();
        return member;
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Enrollment_NeedsTheEnrollmentDate_ConsentIsOptional()
    {
        var member = await NewMemberAsync("planadmin@example.org");
        var plan = await App.ApiClientAsync("planadmin@example.org");
        var provider = await App.ApiClientAsync("ecm@example.org");
        var ecm = await App.OrganizationAsync("ecm@example.org");
        var id = (await Ok(await plan.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source = "pcp" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "approved" }));
        await Ok(await plan.PostAsJsonAsync($"/api/ecm/cases/{id}/assignment", new { providerId = ecm.Id }));
        await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/acceptance", new { accepted = true }));
        await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/outreach", new { date = Today, modality = "in-person", outcome = "reached" }));

        var missing = await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/enrollment", new { consentDate = Today });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("enrollmentDate is required");

        await Ok(await provider.PostAsJsonAsync($"/api/ecm/cases/{id}/enrollment", new { enrollmentDate = Today }));
        var detail = await Ok(await provider.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("status").GetString().ShouldBe("enrolled");
        detail.GetProperty("enrollmentDate").GetString().ShouldBe(Today.ToString("yyyy-MM-dd"));
        detail.GetProperty("consentDate").ValueKind.ShouldBe(JsonValueKind.Null);
        detail.GetProperty("timeline").EnumerateArray().ShouldContain(t => t.GetProperty("detail").GetString()!.Contains("no consent date recorded"));
    }

    [Fact]
    public async Task PresumptiveEnrollment_EndsWhenThePlanDenies_AndIsRefusedWhereThePlanDoesNotAllowIt()
    {
        var member = await NewMemberAsync("planadmin2@example.org");
        var planAdmin = await App.ApiClientAsync("planadmin2@example.org");
        var provider = await App.ApiClientAsync("ecm@example.org");
        var body = new { cin = member.Cin, birthDate = member.BirthDate, enrollmentDate = Today, reason = "Walked in after discharge" };

        var settings = JsonNode.Parse(await planAdmin.GetStringAsync("/api/ecm/settings"))!.AsObject();
        settings["allowPresumptiveAuthorization"] = false;
        await Ok(await planAdmin.PutAsJsonAsync("/api/ecm/settings", settings));
        var notAllowed = await provider.PostAsJsonAsync("/api/ecm/presumptive-enrollments", body);
        notAllowed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await notAllowed.Content.ReadAsStringAsync()).ShouldContain("does not allow presumptive");

        settings["allowPresumptiveAuthorization"] = true;
        settings["presumptiveAuthorizationDays"] = 10;
        await Ok(await planAdmin.PutAsJsonAsync("/api/ecm/settings", settings));
        var wrongBirthDate = await provider.PostAsJsonAsync("/api/ecm/presumptive-enrollments", body with { birthDate = member.BirthDate.AddDays(1) });
        wrongBirthDate.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var created = await Ok(await provider.PostAsJsonAsync("/api/ecm/presumptive-enrollments", body), HttpStatusCode.Created);
        created.GetProperty("status").GetString().ShouldBe("enrolled");
        var id = created.GetProperty("id").GetGuid();
        var detail = await Ok(await planAdmin.GetAsync($"/api/ecm/cases/{id}"));
        detail.GetProperty("presumptive").GetBoolean().ShouldBeTrue();
        detail.GetProperty("presumptiveDueBy").GetString().ShouldBe(Today.AddDays(10).ToString("yyyy-MM-dd"));
        detail.GetProperty("tasks").EnumerateArray().ShouldContain(t => t.GetProperty("kind").GetString() == "authorization-decision");

        var denied = await Ok(await planAdmin.PostAsJsonAsync($"/api/ecm/cases/{id}/authorization", new { decision = "denied", reason = "Not in a Population of Focus" }));
        denied.GetProperty("status").GetString().ShouldBe("disenrolled");
        var after = await Ok(await planAdmin.GetAsync($"/api/ecm/cases/{id}"));
        after.GetProperty("disenrollmentReason").GetString().ShouldBe("presumptive-not-authorized");
        after.GetProperty("timeline").EnumerateArray().ShouldContain(t => t.GetProperty("detail").GetString()!.Contains("The plan denied the presumptive enrollment"));

        // The provider no longer sees the member.
        var gone = await provider.GetAsync($"/api/ecm/cases/{id}");
        gone.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);

        settings["allowPresumptiveAuthorization"] = false;
        await Ok(await planAdmin.PutAsJsonAsync("/api/ecm/settings", settings));
    }
}

public sealed class EcmEnrollmentRulesTests_Sqlite(SqliteApp app) : EcmEnrollmentRulesTests(app);

public sealed class EcmEnrollmentRulesTests_Postgres(PostgresApp app) : EcmEnrollmentRulesTests(app);
