using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>Form errors shown one way: a focused summary that links the fields, each invalid field marked
/// <c>aria-invalid</c> and described by a message that exists, what was typed kept.</summary>
public sealed class FormErrorTests(BrowserFixture browser)
{
    [Fact]
    public async Task ReferralForm_SentEmpty_MarksEachFieldAndFocusesTheSummary()
    {
        var page = await browser.SignInAsync("plancm@example.org");
        await page.GotoAsync("/members");
        var memberHref = await page.Locator("main table a[href^='/members/']").First.GetAttributeAsync("href");
        await page.GotoAsync($"/referrals/new?memberId={memberHref!.Split('/')[2]}");
        await page.GetByLabel("Needs").FillAsync("Spanish-speaking, no stove");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send referral" }).ClickAsync();

        var summary = page.Locator("[role='alert'][data-error-summary]");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToBeFocusedAsync();

        // The service and the reason are both reported in one pass.
        var invalid = await page.Locator("[aria-invalid='true']").EvaluateAllAsync<string[]>("els => els.map(e => e.id)");
        invalid.ShouldBe(["Service", "Reason"], ignoreOrder: true);
        foreach (var id in invalid)
        {
            var describedBy = await page.Locator($"#{id}").GetAttributeAsync("aria-describedby");
            describedBy.ShouldNotBeNull();
            foreach (var messageId in describedBy.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var message = page.Locator($"#{messageId}");
                await Assertions.Expect(message).ToHaveCountAsync(1);
                (await message.InnerTextAsync()).Trim().ShouldNotBeEmpty();
            }

            // The summary links the field.
            await Assertions.Expect(summary.Locator($"a[href='#{id}']")).ToHaveCountAsync(1);
        }

        // No field points at a message that is not there.
        var dangling = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('[aria-describedby]')].flatMap(e => e.getAttribute('aria-describedby').split(' ').filter(id => id && !document.getElementById(id)).map(id => e.id + ' -> ' + id))");
        dangling.ShouldBeEmpty();

        await Assertions.Expect(page.GetByLabel("Needs")).ToHaveValueAsync("Spanish-speaking, no stove");

        await summary.Locator("a[href='#Reason']").ClickAsync();
        await Assertions.Expect(page.Locator("#Reason")).ToBeFocusedAsync();
        await AxeCheck.AssertCleanAsync(page);
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "phone-referral-errors");
    }

    [Fact]
    public async Task SignIn_Empty_MarksBothFields()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var summary = page.GetByTestId("login-errors");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Enter your e-mail address.");
        await Assertions.Expect(summary).ToContainTextAsync("Enter your password.");
        await Assertions.Expect(page.Locator("#Email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#Email")).ToHaveAttributeAsync("aria-describedby", "Email-error");
        await Assertions.Expect(page.Locator("#Email-error")).ToHaveTextAsync("Enter your e-mail address.");
        await Assertions.Expect(page.Locator("#Password")).ToHaveAttributeAsync("aria-describedby", "Password-error");
        await AxeCheck.AssertCleanAsync(page);
    }
}
