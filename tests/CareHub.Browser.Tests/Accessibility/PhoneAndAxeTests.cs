using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>
/// Every page a role reaches from the main menu, and the first member, ECM case, referral and identification run
/// linked from them, at desktop width and at 390 px (a common phone): no sideways scrolling on the phone and no
/// serious or critical axe-core WCAG 2.0/2.1 A/AA violation at either width (<see cref="VisitedPages"/>; a page
/// another test already checked in this run is not checked again). The pages come from the menu itself, so pages
/// added to the menu later are reached too. All failures are collected and reported together.
/// </summary>
public sealed partial class PhoneAndAxeTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("plancm@example.org")]
    [InlineData("ecm@example.org")]
    [InlineData("cbo@example.org")]
    public async Task EveryMenuPageAndFirstDetailPages_FitAPhoneAndPassAxe(string email)
    {
        var page = await browser.SignInAsync(email);
        var menu = await page.Locator("nav[aria-label='Main'] .nav-wide a")
            .EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        menu.ShouldNotBeEmpty();

        var pages = new List<string>(menu.Distinct());
        var details = new Dictionary<string, string>();
        var failures = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            var path = pages[i];
            await page.SetViewportSizeAsync(1280, 860);
            var response = await page.GotoAsync(path);
            if (response is null || !response.Ok)
            {
                failures.Add($"{path}: HTTP {response?.Status}");
                continue;
            }

            if (i < menu.Length)
            {
                // The first detail page of each kind linked from the menu pages.
                var hrefs = await page.Locator("main a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
                foreach (var href in hrefs)
                {
                    if (DetailKind(href) is { } kind && !details.ContainsKey(kind))
                    {
                        details[kind] = href;
                        pages.Add(href);
                    }
                }
            }

            // Checked here rather than after the test, so each page is loaded once.
            failures.AddRange(await VisitedPages.CheckOnceAsync(page));
            await page.SetViewportSizeAsync(VisitedPages.PhoneWidth, 844);
            await BrowserFixture.ScreenshotAsync(page, $"phone-{email.Split('@')[0]}-{Slug(path)}");
        }

        details.Count.ShouldBeGreaterThan(0, $"no detail page linked from the menu pages of {email}");
        failures.ShouldBeEmpty($"{email}, {pages.Count} pages:\n{string.Join("\n", failures)}");
    }

    private static string? DetailKind(string href) =>
        MemberPage().IsMatch(href) ? "member"
        : CasePage().IsMatch(href) ? "case"
        : ReferralPage().IsMatch(href) ? "referral"
        : RunPage().IsMatch(href) ? "run"
        : null;

    private static string Slug(string path) => path.Trim('/').Replace('/', '-') is { Length: > 0 } s ? s[..Math.Min(s.Length, 60)] : "home";

    [GeneratedRegex("^/members/[0-9a-f-]{36}$")]
    private static partial Regex MemberPage();

    [GeneratedRegex("^/ecm/cases/[0-9a-f-]{36}$")]
    private static partial Regex CasePage();

    [GeneratedRegex("^/referrals/[0-9a-f-]{36}$")]
    private static partial Regex ReferralPage();

    [GeneratedRegex("^/identification/runs/[0-9a-f-]{36}$")]
    private static partial Regex RunPage();
}
