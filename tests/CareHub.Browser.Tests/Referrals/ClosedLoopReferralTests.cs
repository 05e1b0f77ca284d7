using CareHub.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Referrals;

public sealed class ClosedLoopReferralTests(BrowserFixture browser)
{
    private async Task<Member> NewMemberAsync()
    {
        await using var db = browser.App.SystemDb();
        var planId = await db.Users.Where(u => u.Email == "plancm@example.org").Select(u => u.OrganizationId).SingleAsync();
        var member = new Member
        {
            PlanId = planId,
            PlanMemberId = "GPB" + Random.Shared.Next(100000, 999999),
            Cin = "98765432B",
            FirstName = "Rosa",
            LastName = "Delgado-" + Random.Shared.Next(1000, 9999),
            BirthDate = new DateOnly(1958, 6, 2),
            Sex = "F",
            County = "Los Angeles",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = planId, County = "Los Angeles", Start = new DateOnly(2022, 1, 1) });
        await db.SaveChangesAsync();
        return member;
    }

    [Fact]
    public async Task CareManagerRefersToMeals_PlanApproves_CboAcceptsAndDelivers_CareManagerSeesTheLoopClosed()
    {
        var member = await NewMemberAsync();

        // The care manager refers the member from the member page, checks, and sends.
        var cm = await browser.SignInAsync("plancm@example.org");
        await cm.GotoAsync($"/members/{member.Id}");
        await cm.GetByRole(AriaRole.Link, new() { Name = "Refer to a Community Support" }).ClickAsync();
        await cm.GetByLabel("Community Support", new() { Exact = true }).SelectOptionAsync("medically-tailored-meals");
        await cm.GetByLabel("Community Supports provider").SelectOptionAsync(new SelectOptionValue { Label = "Open Door Housing Collaborative" });
        await cm.GetByLabel("Start", new() { Exact = true }).FillAsync("2025-09-01");
        await cm.GetByLabel("End", new() { Exact = true }).FillAsync("2025-09-28");
        await cm.GetByLabel("Units (meals, hours; empty for day-based services)").FillAsync("56");
        // The check runs by itself as the request takes shape.
        await Assertions.Expect(cm.GetByTestId("instant-check").GetByTestId("check-limit").First).ToContainTextAsync("requested 2");
        await cm.GetByLabel("Reason for the referral").FillAsync("Heart failure with two ED visits this year; cannot cook a low-sodium diet.");
        await cm.GetByLabel("Needs (diet, access, language, schedule…)").FillAsync("Low-sodium, Spanish-language labels.");
        await cm.GetByLabel("Link to a document").FillAsync("https://records.example.org/discharge/4471");
        await cm.GetByRole(AriaRole.Button, new() { Name = "Check against the catalog" }).ClickAsync();
        var check = cm.GetByTestId("instant-check");
        await Assertions.Expect(check.GetByTestId("check-offered")).ToContainTextAsync("Golden Poppy Health Plan offers Medically Tailored Meals/Medically Supportive Food in Los Angeles County on 2025-09-01");
        await Assertions.Expect(check.GetByTestId("check-limit").First).ToContainTextAsync("within the limit");
        await BrowserFixture.ScreenshotAsync(cm, "referral-form-check");

        // Over the limit is shown before sending: 3 meals a day.
        await cm.GetByLabel("Units (meals, hours; empty for day-based services)").FillAsync("84");
        await cm.GetByRole(AriaRole.Button, new() { Name = "Check against the catalog" }).ClickAsync();
        await Assertions.Expect(cm.GetByTestId("instant-check")).ToContainTextAsync("over the limit");
        await Assertions.Expect(cm.GetByTestId("instant-check")).ToContainTextAsync("2 meals per day");
        await cm.GetByLabel("Units (meals, hours; empty for day-based services)").FillAsync("56");
        await cm.GetByRole(AriaRole.Button, new() { Name = "Send referral" }).ClickAsync();
        await Assertions.Expect(cm.GetByTestId("referral-status")).ToHaveTextAsync("Waiting for authorization");
        var referralUrl = new Uri(cm.Url).AbsolutePath;
        await BrowserFixture.ScreenshotAsync(cm, "referral-submitted");

        // Before the plan authorizes, the CBO sees the request without its clinical detail and is told when it appears.
        var cboEarly = await browser.SignInAsync("cbo@example.org");
        await cboEarly.GotoAsync(referralUrl);
        await Assertions.Expect(cboEarly.GetByTestId("detail-withheld")).ToContainTextAsync("appear once the plan authorizes");
        await Assertions.Expect(cboEarly.GetByTestId("referral-reason")).ToHaveCountAsync(0);
        await Assertions.Expect(cboEarly.Locator("main")).Not.ToContainTextAsync("Heart failure");
        await Assertions.Expect(cboEarly.Locator("main")).Not.ToContainTextAsync("discharge/4471");
        await BrowserFixture.ScreenshotAsync(cboEarly, "cbo-referral-before-authorization");

        // The plan approves from its authorization queue.
        var admin = await browser.SignInAsync("planadmin@example.org");
        await admin.GotoAsync("/referrals/queue");
        await admin.GetByRole(AriaRole.Link, new() { Name = member.FullName }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("clock")).ToContainTextAsync("due in");
        await BrowserFixture.ScreenshotAsync(admin, "referral-decision");
        await admin.GetByTestId("approve-form").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("referral-status")).ToHaveTextAsync("Authorized, waiting for the provider");

        // The CBO accepts from its workspace, records deliveries and closes with an outcome.
        var cbo = await browser.SignInAsync("cbo@example.org");
        await cbo.GotoAsync("/referrals/workspace");
        await Assertions.Expect(cbo.GetByTestId("incoming")).ToContainTextAsync(member.FullName);
        await BrowserFixture.ScreenshotAsync(cbo, "cbo-workspace");
        await cbo.GetByTestId("incoming").GetByRole(AriaRole.Link, new() { Name = member.FullName }).ClickAsync();
        await Assertions.Expect(cbo.GetByTestId("referral-reason")).ToContainTextAsync("Heart failure");
        await Assertions.Expect(cbo.GetByTestId("detail-withheld")).ToHaveCountAsync(0);
        await cbo.GetByLabel("Members you can still take on (optional)").First.FillAsync("40");
        await cbo.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(cbo.GetByTestId("referral-status")).ToHaveTextAsync("Accepted by the provider");

        var service = cbo.GetByTestId("service-form");
        await service.GetByLabel("Service date").FillAsync("2025-09-01");
        await service.GetByLabel("Through (optional)").FillAsync("2025-09-14");
        await service.GetByLabel("Units delivered (meals)").FillAsync("28");
        await service.GetByRole(AriaRole.Button, new() { Name = "Record service" }).ClickAsync();
        await Assertions.Expect(cbo.GetByTestId("referral-status")).ToHaveTextAsync("Receiving services");
        service = cbo.GetByTestId("service-form");
        await service.GetByLabel("Service date").FillAsync("2025-09-15");
        await service.GetByLabel("Through (optional)").FillAsync("2025-09-28");
        await service.GetByLabel("Units delivered (meals)").FillAsync("28");
        await service.GetByRole(AriaRole.Button, new() { Name = "Record service" }).ClickAsync();
        await Assertions.Expect(cbo.GetByTestId("deliveries")).ToContainTextAsync("2025-09-15");
        await BrowserFixture.ScreenshotAsync(cbo, "cbo-deliveries");

        // Recording past the authorization is refused with the reason.
        service = cbo.GetByTestId("service-form");
        await service.GetByLabel("Service date").FillAsync("2025-09-29");
        await service.GetByLabel("Through (optional)").FillAsync("");
        await service.GetByLabel("Units delivered (meals)").FillAsync("2");
        await service.GetByRole(AriaRole.Button, new() { Name = "Record service" }).ClickAsync();
        await Assertions.Expect(cbo.GetByTestId("action-error")).ToContainTextAsync("outside the authorization");

        var close = cbo.GetByTestId("close-form");
        await close.GetByLabel("Outcome").SelectOptionAsync("services-completed");
        await close.GetByLabel("What happened").FillAsync("All 56 meals delivered; member reports better energy.");
        await close.GetByRole(AriaRole.Button, new() { Name = "Close referral" }).ClickAsync();
        await Assertions.Expect(cbo.GetByTestId("referral-status")).ToHaveTextAsync("Closed");

        // The care manager sees the loop closed, with every step on the timeline.
        await cm.GotoAsync(referralUrl);
        await Assertions.Expect(cm.GetByTestId("loop-closed")).ToContainTextAsync("Services completed");
        await Assertions.Expect(cm.GetByTestId("loop-closed")).ToContainTextAsync("56 meals delivered");
        var timeline = cm.GetByTestId("timeline");
        await Assertions.Expect(timeline.Locator("li")).ToHaveCountAsync(5);
        await Assertions.Expect(timeline).ToContainTextAsync("Open Door Housing Collaborative");
        await BrowserFixture.ScreenshotAsync(cm, "referral-loop-closed");

        await cm.GotoAsync($"/members/{member.Id}");
        await Assertions.Expect(cm.GetByTestId("member-referrals")).ToContainTextAsync("Closed");
        await Assertions.Expect(cm.GetByTestId("limit-usage")).ToContainTextAsync("Medically Tailored Meals");
        await BrowserFixture.ScreenshotAsync(cm, "member-community-supports");
    }
}
