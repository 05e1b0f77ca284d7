using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Referrals;

public sealed class PlanReferralAdminTests(BrowserFixture browser)
{
    [Fact]
    public async Task PlanAdmin_SetsTheClocks_AndSubscribesAWebhook()
    {
        var admin = await browser.SignInAsync("planadmin@example.org");
        await Assertions.Expect(admin.GetByTestId("referral-card").First).ToContainTextAsync("waiting for authorization");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Authorizations", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Authorization queue");
        await Assertions.Expect(admin.GetByTestId("referrals")).ToContainTextAsync("overdue");

        var clocks = admin.GetByTestId("clocks");
        await clocks.GetByLabel("Routine (hours)").FillAsync("24");
        await clocks.GetByLabel("Expedited (hours)").FillAsync("48");
        await clocks.GetByRole(AriaRole.Button, new() { Name = "Save clocks" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("Expedited hours must be between 1 and the routine hours");
        clocks = admin.GetByTestId("clocks");
        await clocks.GetByLabel("Routine (hours)").FillAsync("96");
        await clocks.GetByLabel("Expedited (hours)").FillAsync("24");
        await clocks.GetByRole(AriaRole.Button, new() { Name = "Save clocks" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".flash")).ToContainTextAsync("routine 96 h, expedited 24 h");
        await BrowserFixture.ScreenshotAsync(admin, "authorization-queue");

        await admin.GotoAsync("/referrals/webhooks");
        await admin.GetByLabel("Receiver address").FillAsync("ftp://partner.example.org/events");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add subscription" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("absolute https URL");
        await admin.GetByLabel("Receiver address").FillAsync("http://127.0.0.1:9/carehub/events");
        await admin.GetByLabel("Description").FillAsync("Closed-loop referral platform");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add subscription" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("new-secret")).ToContainTextAsync("whsec_");
        await Assertions.Expect(admin.GetByTestId("subscriptions")).ToContainTextAsync("http://127.0.0.1:9/carehub/events");
        await BrowserFixture.ScreenshotAsync(admin, "webhook-subscriptions");
        await admin.GetByTestId("subscriptions").GetByRole(AriaRole.Button, new() { Name = "Stop" }).First.ClickAsync();
        await Assertions.Expect(admin.Locator(".flash")).ToContainTextAsync("Stopped sending");
    }
}
