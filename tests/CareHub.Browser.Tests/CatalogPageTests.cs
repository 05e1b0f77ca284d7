using Microsoft.Playwright;

namespace CareHub.Browser.Tests;

public sealed class CatalogPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task PlanAdmin_AddsAnOffering_AndSeesItInTheCountyMatrix()
    {
        var page = await browser.SignInAsync("planadmin2@example.org");
        await page.GotoAsync("/catalog/offerings");
        await page.GetByLabel("County").SelectOptionAsync("Los Angeles");
        await page.GetByLabel("Community Support").SelectOptionAsync("asthma-remediation");
        await page.GetByLabel("Start").FillAsync("2024-03-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add offering" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("offering-error")).ToContainTextAsync("must start on January 1 or July 1");
        await BrowserFixture.ScreenshotAsync(page, "offering-refused");

        await page.GetByLabel("Start").FillAsync("2024-07-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add offering" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Added: Asthma Remediation in Los Angeles from 2024-07-01");

        await page.GotoAsync("/catalog/matrix?county=Los%20Angeles&asOf=2025-01-01");
        var cell = page.Locator("tr[data-service='asthma-remediation'] td[data-plan='Pacific Coast Community Health']");
        await Assertions.Expect(cell).ToHaveTextAsync("2024-07-01");
        await BrowserFixture.ScreenshotAsync(page, "county-matrix");
    }

    [Fact]
    public async Task CsProviderStaff_ViewsTheCatalog_ButCannotEditOfferings()
    {
        var page = await browser.SignInAsync("cbo@example.org");
        await page.GotoAsync("/catalog/matrix?county=Los%20Angeles");
        await Assertions.Expect(page.GetByTestId("matrix")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Manage my plan's offerings")).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/catalog/offerings");
        page.Url.ShouldContain("/account/access-denied");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");

        await page.GotoAsync("/catalog?asOf=2022-03-01");
        await Assertions.Expect(page.GetByTestId("populations")).ToContainTextAsync("adult-high-utilizer");
        await BrowserFixture.ScreenshotAsync(page, "catalog");
        await page.GotoAsync("/catalog/rules/adult-high-utilizer");
        await Assertions.Expect(page.GetByTestId("rule-version-2022")).ToContainTextAsync("6 or more ED visits in the last 12 months");
        await Assertions.Expect(page.GetByTestId("rule-version-current")).ToContainTextAsync("5 or more ED visits in the last 6 months");
        await BrowserFixture.ScreenshotAsync(page, "rule-history");
    }

    [Fact]
    public async Task PlanAdmin_AddsAPolicy_AfterErrorsMarkedOnTheirFields()
    {
        var page = await browser.SignInAsync("planadmin2@example.org");
        await page.GotoAsync("/catalog/policies");
        var form = page.GetByTestId("add-policy");
        await form.GetByLabel("Limits, as in the catalog").FillAsync("[{\"kind\": \"lifetime\", \"quantity\": 3000, ");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();

        var summary = page.GetByTestId("policy-error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        var invalid = await page.Locator("[aria-invalid='true']").EvaluateAllAsync<string[]>("els => els.map(e => e.id)");
        invalid.ShouldBe(["Service", "EffectiveFrom", "LimitsJson"], ignoreOrder: true);
        await Assertions.Expect(page.Locator("#LimitsJson-error")).ToContainTextAsync("not valid JSON");
        await Assertions.Expect(page.Locator("#LimitsJson")).ToHaveValueAsync("[{\"kind\": \"lifetime\", \"quantity\": 3000, ");
        await Accessibility.AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "policy-errors");

        await form.GetByLabel("Community Support").SelectOptionAsync("environmental-accessibility-adaptations");
        await form.GetByLabel("From").FillAsync("2031-01-01");
        await form.GetByLabel("Limits, as in the catalog").FillAsync("[{\"kind\": \"lifetime\", \"quantity\": 3000, \"unit\": \"dollars\", \"period\": \"lifetime\"}]");
        await form.GetByLabel("Source").FillAsync("Provider manual 2031, section 4.2");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("policy from 2031-01-01");
        await Assertions.Expect(page.GetByTestId("policies")).ToContainTextAsync("Provider manual 2031, section 4.2");
        await BrowserFixture.ScreenshotAsync(page, "policies");
    }
}
