using CareHub.Common;
using CareHub.Data.Identity;
using CareHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests;

public sealed class SignInTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("planadmin@example.org", Roles.PlanAdmin, "Plan administration")]
    [InlineData("plancm@example.org", Roles.PlanCareManager, "Care management")]
    [InlineData("ecm@example.org", Roles.EcmProviderStaff, "ECM provider workspace")]
    [InlineData("cbo@example.org", Roles.CsProviderStaff, "Community Supports workspace")]
    [InlineData("auditor@example.org", Roles.Auditor, "Audit")]
    public async Task SignIn_EachRole_LandsOnItsHomePage(string email, string role, string heading)
    {
        var page = await browser.SignInAsync(email);
        await Assertions.Expect(page.Locator($"[data-home='{role}']")).ToBeVisibleAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldBe(heading);
        (await page.Locator(".who-role").InnerTextAsync()).ShouldBe(role);
        await BrowserFixture.ScreenshotAsync(page, $"home-{role}");
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsAnError()
    {
        // An account of its own: a failed attempt on a shared demo account races with other tests signing in with it.
        var email = $"wrong-{Guid.NewGuid():N}@example.org";
        var org = await browser.App.OrganizationAsync("plancm@example.org");
        using (var scope = browser.App.Services.CreateScope())
        {
            (await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateUserAsync(email, CareHubApp.Password, Roles.PlanCareManager, org.Id)).Errors.ShouldBeEmpty();
        }

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var error = page.GetByTestId("login-error");
        await Assertions.Expect(error).ToHaveTextAsync("The e-mail or password is wrong.");
        page.Url.ShouldContain("/account/login");
        await BrowserFixture.ScreenshotAsync(page, "login-wrong-password");
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccount()
    {
        var email = $"locked-{Guid.NewGuid():N}@example.org";
        var org = await browser.App.OrganizationAsync("plancm@example.org");
        using (var scope = browser.App.Services.CreateScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateUserAsync(email, CareHubApp.Password, Roles.PlanCareManager, org.Id);
            errors.ShouldBeEmpty();
        }

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        for (var i = 0; i < 5; i++)
        {
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Password").FillAsync("wrong-" + i);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.GetByTestId("login-error").WaitForAsync();
        }

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(CareHubApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("locked");
        page.Url.ShouldContain("/account/login");
        await BrowserFixture.ScreenshotAsync(page, "login-locked");
    }

    [Fact]
    public async Task Members_PlanCareManager_SearchesAndOpensAMember()
    {
        var page = await browser.SignInAsync("plancm@example.org");
        await page.GetByRole(AriaRole.Link, new() { Name = "Members" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Members");
        var firstLink = page.Locator("table.grid tbody tr td a").First;
        var name = await firstLink.InnerTextAsync();
        await BrowserFixture.ScreenshotAsync(page, "members-list");
        await firstLink.ClickAsync();
        var parts = name.Split(", ");
        await Assertions.Expect(page.GetByTestId("member-name")).ToHaveTextAsync($"{parts[1]} {parts[0]}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recent utilization" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "member-detail");
    }

    [Fact]
    public async Task Members_EcmProviderWithoutAssignments_SeesNone()
    {
        var page = await browser.SignInAsync("ecm2@example.org");
        await page.GotoAsync("/members");
        await Assertions.Expect(page.GetByTestId("member-total")).ToHaveTextAsync("0 members");
    }

    [Fact]
    public async Task Audit_Auditor_SeesTheTrail()
    {
        var page = await browser.SignInAsync("auditor@example.org");
        await page.GotoAsync("/audit");
        await Assertions.Expect(page.GetByTestId("audit-table")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "audit");
    }
}
