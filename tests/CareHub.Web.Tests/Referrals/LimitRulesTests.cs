using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Referrals.ReferralTestData;

namespace CareHub.Web.Tests.Referrals;

public abstract class LimitRulesTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    [Fact]
    public async Task TransitionalRent_SixCalendarMonthsWithin_OneDayMoreExceeded_UsageEmpty()
    {
        var member = await NewMemberAsync(App);
        var cm = await App.ApiClientAsync("plancm@example.org");
        var six = await PostOkAsync(cm, "/api/referrals/check",
            new { memberId = member.Id, communitySupportCode = "transitional-rent", requestedStart = "2026-01-01", requestedEnd = "2026-06-30" });
        six.GetProperty("limits").GetArrayLength().ShouldBeGreaterThan(0);
        six.GetProperty("limits").EnumerateArray().ShouldAllBe(l => !l.GetProperty("exceeded").GetBoolean());
        six.GetProperty("canProceed").GetBoolean().ShouldBeTrue();

        var more = await PostOkAsync(cm, "/api/referrals/check",
            new { memberId = member.Id, communitySupportCode = "transitional-rent", requestedStart = "2026-01-01", requestedEnd = "2026-07-01" });
        more.GetProperty("limits").EnumerateArray().ShouldContain(l => l.GetProperty("exceeded").GetBoolean());
        more.GetProperty("canProceed").GetBoolean().ShouldBeFalse();

        var usage = await cm.GetFromJsonAsync<JsonElement>($"/api/members/{member.Id}/cs-usage");
        usage.ValueKind.ShouldBe(JsonValueKind.Array);
        usage.GetArrayLength().ShouldBe(0);
    }

    public static TheoryData<string, string, decimal?, decimal?, string, string, string, decimal?, decimal?> Exceptions() => new()
    {
        // service, prior start, prior quantity, prior amount, request start, request end, exception, quantity, amount
        { "housing-deposits", "2024-03-01", null, 2500m, "2026-03-02", "2026-03-02", "second-deposit-with-documentation", null, 1000m },
        { "environmental-accessibility-adaptations", "2024-03-01", null, 7000m, "2026-03-02", "2026-03-02", "change-of-residence", null, 1000m },
        { "environmental-accessibility-adaptations", "2024-03-01", null, 7000m, "2026-03-02", "2026-03-02", "change-of-condition", null, 1000m },
        { "medically-tailored-meals", "2026-03-02", 168m, null, "2026-05-25", "2026-05-31", "medically-necessary", 14m, null },
        { "community-home-transition", "2024-03-01", null, 7000m, "2026-03-02", "2026-03-02", "forced-move", null, 1000m },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public async Task DocumentedException_Warns_IsApprovedWithTheReason_AndShowsInHistoryAndAudit(
        string service, string priorStart, decimal? priorQuantity, decimal? priorAmount, string start, string end, string exception, decimal? quantity, decimal? amount)
    {
        var member = await NewMemberAsync(App);
        var plan = await App.OrganizationAsync("plancm@example.org");
        var cbo = await App.OrganizationAsync("cbo@example.org");
        await using (var db = App.SystemDb())
        {
            var priorEnd = service == "medically-tailored-meals" ? DateOnly.Parse("2026-05-24") : DateOnly.Parse(priorStart);
            db.ServiceAuthorizations.Add(new ServiceAuthorization
            {
                MemberId = member.Id,
                PlanId = plan.Id,
                County = "Los Angeles",
                CommunitySupportCode = service,
                Kind = "external",
                Start = DateOnly.Parse(priorStart),
                End = priorEnd,
                Quantity = priorQuantity,
                QuantityUnit = priorQuantity is null ? null : "meals",
                Amount = priorAmount,
                AuthorizedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var cm = await App.ApiClientAsync("plancm@example.org");
        var request = new { memberId = member.Id, communitySupportCode = service, cboId = cbo.Id, reason = "Needs it again", requestedStart = start, requestedEnd = end, requestedQuantity = quantity, requestedAmount = amount };
        var check = await PostOkAsync(cm, "/api/referrals/check", request);
        check.GetProperty("canProceed").GetBoolean().ShouldBeTrue();
        var over = check.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("exceeded").GetBoolean());
        over.GetProperty("warns").GetBoolean().ShouldBeTrue();
        var documented = over.GetProperty("exceptions").EnumerateArray().Single(e => e.GetProperty("code").GetString() == exception);
        documented.GetProperty("source").GetString()!.Length.ShouldBeGreaterThan(10);
        check.GetProperty("warnings").EnumerateArray().Single().GetString()!.ShouldContain(exception);

        var referral = await PostOkAsync(cm, "/api/referrals", request);
        var id = Id(referral);
        var noException = await cm.PostAsJsonAsync($"/api/referrals/{id}/decision", new { decision = "approve", cboId = cbo.Id });
        noException.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noException.Content.ReadAsStringAsync()).ShouldContain("limitException");
        var noReason = await cm.PostAsJsonAsync($"/api/referrals/{id}/decision", new { decision = "approve", cboId = cbo.Id, limitException = exception });
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("exceptionReason");

        var reason = $"Documented for {exception}: see the attached letter.";
        var approved = await PostOkAsync(cm, $"/api/referrals/{id}/decision", new { decision = "approve", cboId = cbo.Id, limitException = exception, exceptionReason = reason });
        Status(approved).ShouldBe("approved");
        var authorization = approved.GetProperty("authorizations").EnumerateArray().Single();
        authorization.GetProperty("limitException").GetString().ShouldBe(exception);
        authorization.GetProperty("limitExceptionReason").GetString().ShouldBe(reason);
        var note = approved.GetProperty("timeline").EnumerateArray().Last().GetProperty("note").GetString()!;
        note.ShouldContain(exception);
        note.ShouldContain(reason);

        await using var check2 = App.SystemDb();
        var audit = await check2.AuditEntries.Where(a => a.MemberId == member.Id && a.Action == "cs-referral.approve").SingleAsync();
        audit.Detail!.ShouldContain(exception);
    }

    [Fact]
    public async Task UnconfirmedLimit_Warns_AndThePlanApprovesAboveItWithAReason()
    {
        var member = await NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var cm = await App.ApiClientAsync("plancm@example.org");
        var request = new { memberId = member.Id, communitySupportCode = "respite-services", cboId = cbo.Id, reason = "Caregiver surgery", requestedStart = "2026-04-01", requestedEnd = "2026-04-30", requestedQuantity = 400 };
        var check = await PostOkAsync(cm, "/api/referrals/check", request);
        check.GetProperty("canProceed").GetBoolean().ShouldBeTrue();
        var over = check.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("exceeded").GetBoolean());
        over.GetProperty("confidence").GetString().ShouldBe("unconfirmed");
        over.GetProperty("warns").GetBoolean().ShouldBeTrue();
        check.GetProperty("warnings").EnumerateArray().Single().GetString()!.ShouldContain("unconfirmed");

        var id = Id(await PostOkAsync(cm, "/api/referrals", request));
        var approved = await PostOkAsync(cm, $"/api/referrals/{id}/decision",
            new { decision = "approve", cboId = cbo.Id, limitException = "unconfirmed-limit", exceptionReason = "The caregiver's episode calls for more hours." });
        approved.GetProperty("authorizations")[0].GetProperty("limitException").GetString().ShouldBe("unconfirmed-limit");
    }

    [Fact]
    public async Task SoberingStays_OnConsecutiveDays_AreTwoStays()
    {
        var member = await NewMemberAsync(App);
        var plan = await App.OrganizationAsync("plancm@example.org");
        await using (var db = App.SystemDb())
        {
            db.ServiceAuthorizations.Add(new ServiceAuthorization
            {
                MemberId = member.Id,
                PlanId = plan.Id,
                County = "Los Angeles",
                CommunitySupportCode = "sobering-center",
                Kind = "external",
                Start = new DateOnly(2026, 2, 10),
                End = new DateOnly(2026, 2, 10),
                Quantity = 13,
                QuantityUnit = "hours",
                AuthorizedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var cm = await App.ApiClientAsync("plancm@example.org");
        var check = await PostOkAsync(cm, "/api/referrals/check",
            new { memberId = member.Id, communitySupportCode = "sobering-center", requestedStart = "2026-02-11", requestedEnd = "2026-02-11", requestedQuantity = 13 });
        var stay = check.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "per-episode");
        stay.GetProperty("exceeded").GetBoolean().ShouldBeFalse();
        stay.GetProperty("used").GetDecimal().ShouldBe(0m);
    }

    [Fact]
    public async Task PlanPolicy_NarrowsCriteriaAndLimits_WithinTheStates_ShownWithItsSource()
    {
        var admin = await App.ApiClientAsync("planadmin@example.org");
        var tooHigh = await admin.PostAsJsonAsync("/api/catalog/policies", new
        {
            communitySupportCode = "recuperative-care",
            effectiveFrom = "2030-01-01",
            limits = new[] { new { kind = "per-episode", quantity = 120, unit = "days", period = "episode" } },
            source = "Plan manual",
        });
        tooHigh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooHigh.Content.ReadAsStringAsync()).ShouldContain("limits[0].quantity");

        var created = await admin.PostAsJsonAsync("/api/catalog/policies", new
        {
            communitySupportCode = "recuperative-care",
            effectiveFrom = "2030-01-01",
            effectiveTo = "2030-12-31",
            limits = new[] { new { kind = "per-episode", quantity = 60, unit = "days", period = "episode" } },
            source = "Plan manual 2030, section 4.2",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var overlap = await admin.PostAsJsonAsync("/api/catalog/policies", new { communitySupportCode = "recuperative-care", effectiveFrom = "2030-06-01", limits = new[] { new { kind = "per-episode", quantity = 30, unit = "days", period = "episode" } }, source = "x" });
        (await overlap.Content.ReadAsStringAsync()).ShouldContain("effectiveFrom");

        var member = await NewMemberAsync(App);
        var cm = await App.ApiClientAsync("plancm@example.org");
        var check = await PostOkAsync(cm, "/api/referrals/check",
            new { memberId = member.Id, communitySupportCode = "recuperative-care", requestedStart = "2030-03-01", requestedEnd = "2030-05-09" });
        var planLimit = check.GetProperty("limits").EnumerateArray().Single(l => l.GetProperty("source").ValueKind == JsonValueKind.String);
        planLimit.GetProperty("source").GetString().ShouldBe("Plan manual 2030, section 4.2");
        planLimit.GetProperty("exceeded").GetBoolean().ShouldBeTrue();
        check.GetProperty("planPolicy").GetString()!.ShouldContain("Plan manual 2030");
        check.GetProperty("canProceed").GetBoolean().ShouldBeFalse();

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/catalog/policies");
        list.EnumerateArray().ShouldContain(p => p.GetProperty("source").GetString() == "Plan manual 2030, section 4.2");
        // Medically tailored meals criteria are each plan's own policy.
        list.EnumerateArray().ShouldContain(p => p.GetProperty("communitySupportCode").GetString() == "medically-tailored-meals" && p.GetProperty("source").GetString()!.Contains("lacare.org"));
    }
}

public sealed class LimitRulesTests_Sqlite(SqliteApp app) : LimitRulesTests(app);

public sealed class LimitRulesTests_Postgres(PostgresApp app) : LimitRulesTests(app);
