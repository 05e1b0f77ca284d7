using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Network;

public sealed class ProviderProfilePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Profile_WrongNpiCheckDigit_IsNamedOnTheField_ThenTheFixedProfileSaves()
    {
        var page = await browser.SignInAsync("cbo@example.org");
        await page.GotoAsync("/network/profile");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registry profile" })).ToBeVisibleAsync();
        var npi = await page.GetByLabel("NPI").InputValueAsync();
        npi.Length.ShouldBe(10);
        await BrowserFixture.ScreenshotAsync(page, "network-profile");

        var wrong = npi[..9] + (char)('0' + ((npi[9] - '0' + 1) % 10));
        await page.GetByLabel("NPI").FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-errors")).ToContainTextAsync("NPI: The NPI's check digit is wrong");
        await Assertions.Expect(page.Locator("#Npi-error")).ToContainTextAsync($"it should be {npi[9]}");
        await Assertions.Expect(page.GetByLabel("NPI")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("NPI")).ToHaveValueAsync(wrong);
        await BrowserFixture.ScreenshotAsync(page, "network-profile-npi-error");

        await page.GetByLabel("NPI").FillAsync(npi);
        var sites = await page.GetByLabel("Sites, one a line (name and address)").InputValueAsync();
        await page.GetByLabel("Sites, one a line (name and address)").FillAsync(sites.TrimEnd() + "\nOpen Door Annex, 5 Elm St");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Profile saved");
        await Assertions.Expect(page.GetByLabel("Sites, one a line (name and address)")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Open Door Annex, 5 Elm St$"));
        await Assertions.Expect(page.GetByLabel("NPI")).ToHaveValueAsync(npi);
    }
}
