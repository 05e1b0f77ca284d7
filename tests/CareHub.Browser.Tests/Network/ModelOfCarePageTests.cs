using CareHub.Network;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Network;

public sealed class ModelOfCarePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Deliverable_IsEditedAndRemovedInItsRow_AndAProblemIsNamedOnThatRowsField()
    {
        var page = await browser.SignInAsync("planadmin@example.org");
        await page.GotoAsync("/network/model-of-care");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Model of Care", Exact = true })).ToBeVisibleAsync();

        var question = $"Describe the plan's ECM policies and procedures ({Guid.NewGuid():N}).";
        await page.GetByLabel("Question", new() { Exact = true }).FillAsync(question);
        await page.GetByLabel("Page", new() { Exact = true }).FillAsync("Part 1, p. 40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add deliverable" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Deliverable added");

        Guid id;
        await using (var db = browser.App.SystemDb())
        {
            id = await db.Set<ModelOfCareItem>().Where(i => i.Question == question).Select(i => i.Id).SingleAsync();
        }

        var key = id.ToString("N");
        var row = page.Locator($"[data-testid='moc-item'][data-id='{id}']");
        await page.Locator($"#status-{key}").SelectOptionAsync("complete");
        await page.Locator($"#owner-{key}").FillAsync("Compliance office");
        await row.Locator("button", new() { HasText = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Deliverable saved");
        await Assertions.Expect(page.Locator($"#status-{key}")).ToHaveValueAsync("complete");
        await Assertions.Expect(page.Locator($"#owner-{key}")).ToHaveValueAsync("Compliance office");
        await BrowserFixture.ScreenshotAsync(page, "network-model-of-care");

        await page.Locator($"#question-{key}").FillAsync("");
        await row.Locator("button", new() { HasText = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("moc-errors")).ToContainTextAsync("Question: Enter the state's question or deliverable.");
        await Assertions.Expect(page.Locator($"#question-{key}")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator($"#question-{key}-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#owner-{key}")).ToHaveValueAsync("Compliance office");
        await BrowserFixture.ScreenshotAsync(page, "network-model-of-care-error");

        await page.GotoAsync("/network/model-of-care");
        await row.Locator("button", new() { HasText = "Remove" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Deliverable removed");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("moc-history")).ToContainTextAsync("Removed");
    }
}
