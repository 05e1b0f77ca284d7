using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Network;

public sealed partial class ProviderNetworkJourneyTests(BrowserFixture browser)
{
    private const string Provider = "ecm2@example.org";
    private const string ProviderName = "Eastside Care Partners";

    private static async Task NarrowScreenshotAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, name + "-390");
        await page.SetViewportSizeAsync(1280, 860);
    }

    /// <summary>Collects Content-Security-Policy violations reported in the page's console.</summary>
    private static List<string> WatchCsp(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        return violations;
    }

    [Fact]
    public async Task LetterToTwoPlans_ApplicationWithEvidence_GapClosed_Certified_SharedPlanReads_AdequacyAndRoster()
    {
        // The provider writes one letter of interest to both plans.
        var provider = await browser.SignInAsync(Provider);
        var providerCsp = WatchCsp(provider);
        await provider.GotoAsync("/network/letters/new");
        await provider.GetByLabel("Golden Poppy Health Plan").CheckAsync();
        await provider.GetByLabel("Pacific Coast Community Health").CheckAsync();
        await provider.GetByLabel("Los Angeles", new() { Exact = true }).CheckAsync();
        await provider.GetByLabel("Message").FillAsync("Eastside Care Partners would like to serve adults with SMI/SUD in Los Angeles.");
        await BrowserFixture.ScreenshotAsync(provider, "network-letter");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Send letter of interest" }).ClickAsync();
        await Assertions.Expect(provider.Locator(".flash")).ToContainTextAsync("sent to 2 plans");
        await Assertions.Expect(provider.GetByTestId("letter-row").Filter(new() { HasText = "Pacific Coast Community Health" }).First).ToContainTextAsync("Waiting for the plan");

        // The first plan invites from its readiness dashboard.
        var plan = await browser.SignInAsync("planadmin@example.org");
        var planCsp = WatchCsp(plan);
        await plan.GotoAsync("/network");
        await Assertions.Expect(plan.GetByTestId("stages")).ToContainTextAsync("In gap closure");
        var letter = plan.GetByTestId("letter").Filter(new() { HasText = ProviderName }).First;
        await BrowserFixture.ScreenshotAsync(plan, "network-readiness");
        await NarrowScreenshotAsync(plan, "network-readiness");
        await letter.GetByRole(AriaRole.Button, new() { Name = "Invite to apply" }).ClickAsync();
        await Assertions.Expect(plan.Locator(".flash")).ToContainTextAsync("Invitation sent");

        // The provider starts the application and answers every area with evidence.
        await provider.GotoAsync("/network");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Start application for Golden Poppy Health Plan" }).ClickAsync();
        await Assertions.Expect(provider.GetByTestId("application-status")).ToHaveTextAsync("Draft");
        var applicationUrl = new Uri(provider.Url).AbsolutePath;
        var codes = await provider.Locator("section.area").EvaluateAllAsync<string[]>("els => els.map(e => e.id.substring(5))");
        codes.Length.ShouldBeGreaterThanOrEqualTo(12);
        foreach (var code in codes)
        {
            var area = provider.Locator($"#area-{code}");
            await area.GetByLabel("Response", new() { Exact = true }).FillAsync($"How Eastside meets {code}: written policy, trained staff, monthly audits.");
            await area.GetByLabel("Self-assessed effort").SelectOptionAsync(code == "data-exchange" ? "high-effort-2" : "low-effort");
            await area.GetByLabel("Evidence links (one per line: name | https://…)").FillAsync($"Policy | https://docs.eastside.example.org/{code}.pdf");
            await area.GetByRole(AriaRole.Button, new() { Name = "Save area" }).ClickAsync();
            await Assertions.Expect(provider.Locator($"#area-{code}")).ToContainTextAsync($"How Eastside meets {code}");
        }

        var staffing = provider.Locator("#area-staffing-caseloads");
        await staffing.GetByText("Change the answer").ClickAsync();
        await staffing.GetByLabel(new Regex("^Upload evidence")).SetInputFilesAsync(new FilePayload { Name = "staffing-plan.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% Eastside staffing plan\n"u8.ToArray() });
        await staffing.GetByRole(AriaRole.Button, new() { Name = "Upload file", Exact = true }).ClickAsync();
        await Assertions.Expect(provider.Locator("#area-staffing-caseloads").GetByRole(AriaRole.Link, new() { Name = "staffing-plan.pdf" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(provider, "network-application-draft");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        await Assertions.Expect(provider.GetByTestId("application-status")).ToHaveTextAsync("Submitted for review");

        // The reviewer marks staffing No (a No without the missing information is refused) and every other area Yes.
        await plan.GotoAsync(applicationUrl);
        var review = plan.Locator("#area-staffing-caseloads");
        await review.GetByText("Review this area").ClickAsync();
        await review.GetByLabel("No", new() { Exact = true }).CheckAsync();
        await review.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Assertions.Expect(plan.GetByTestId("problem")).ToContainTextAsync("missing information");
        review = plan.Locator("#area-staffing-caseloads");
        await review.GetByLabel("No", new() { Exact = true }).CheckAsync();
        await review.GetByLabel("Comment").FillAsync("Caseloads are not stated.");
        await review.GetByLabel("Missing information (for a No)").FillAsync("Caseload ratio per care manager");
        await review.GetByLabel("Expected documentation (for a No)").FillAsync("Staffing plan with caseload ratios");
        await review.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Assertions.Expect(plan.GetByTestId("application-status")).ToHaveTextAsync("Gap closure");
        foreach (var code in codes.Where(c => c != "staffing-caseloads"))
        {
            var area = plan.Locator($"#area-{code}");
            await area.GetByText("Review this area").ClickAsync();
            await area.GetByLabel(new Regex("Yes: the evidence")).CheckAsync();
            await area.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
            await Assertions.Expect(plan.Locator($"#area-{code}").GetByTestId("compliant")).ToHaveTextAsync("Compliant");
        }

        await Assertions.Expect(plan.GetByTestId("application-status")).ToHaveTextAsync("Gap closure");
        await BrowserFixture.ScreenshotAsync(plan, "network-application-review");
        await NarrowScreenshotAsync(plan, "network-application-review");

        // The gap report shows it; the workbook downloads.
        await plan.GotoAsync(applicationUrl + "/gaps");
        await Assertions.Expect(plan.GetByTestId("gaps")).ToContainTextAsync("Caseload ratio per care manager");
        await Assertions.Expect(plan.GetByTestId("gaps")).ToContainTextAsync("Staffing plan with caseload ratios");
        await Assertions.Expect(plan.GetByTestId("open-gaps")).ToHaveTextAsync("1");
        var workbook = await plan.RunAndWaitForDownloadAsync(() => plan.GetByTestId("download-xlsx").ClickAsync());
        workbook.SuggestedFilename.ShouldEndWith(".xlsx");
        await BrowserFixture.ScreenshotAsync(plan, "network-gaps");
        await NarrowScreenshotAsync(plan, "network-gaps");

        // The provider closes the gap and resubmits; the reviewer marks it Yes; the application is certified.
        await provider.GotoAsync(applicationUrl);
        staffing = provider.Locator("#area-staffing-caseloads");
        await staffing.GetByLabel("Response", new() { Exact = true }).FillAsync("One care manager per 35 members; supervisors per 8 care managers.");
        await staffing.GetByRole(AriaRole.Button, new() { Name = "Save area" }).ClickAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Resubmit application" }).ClickAsync();
        await Assertions.Expect(provider.GetByTestId("application-status")).ToHaveTextAsync("Submitted for review");
        await plan.GotoAsync(applicationUrl);
        review = plan.Locator("#area-staffing-caseloads");
        await review.GetByText("Review this area").ClickAsync();
        await review.GetByLabel(new Regex("Yes: the evidence")).CheckAsync();
        await review.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Assertions.Expect(plan.GetByTestId("application-status")).ToHaveTextAsync("Certified");
        await plan.GotoAsync(applicationUrl + "/gaps");
        await Assertions.Expect(plan.GetByTestId("open-gaps")).ToHaveTextAsync("0");

        // The provider shares the certified application; the second plan reads it and accepts the certification.
        await provider.GotoAsync(applicationUrl);
        await provider.GetByLabel("Share with").SelectOptionAsync(new SelectOptionValue { Label = "Pacific Coast Community Health" });
        await provider.GetByRole(AriaRole.Button, new() { Name = "I consent: share this application" }).ClickAsync();
        await Assertions.Expect(provider.GetByTestId("shares")).ToContainTextAsync("Pacific Coast Community Health");
        var plan2 = await browser.SignInAsync("planadmin2@example.org");
        await plan2.GotoAsync(applicationUrl);
        await Assertions.Expect(plan2.GetByTestId("application-status")).ToHaveTextAsync("Certified");
        await Assertions.Expect(plan2.Locator("#area-staffing-caseloads")).ToContainTextAsync("One care manager per 35 members");
        await plan2.GetByRole(AriaRole.Button, new() { Name = "Accept this certification for my plan" }).ClickAsync();
        await Assertions.Expect(plan2.Locator(".shared-note")).ToContainTextAsync("Certified for your plan");
        await BrowserFixture.ScreenshotAsync(plan2, "network-shared-application");

        // The adequacy page shows the table and draws the chart from the app's own script.
        await plan.GotoAsync("/network/adequacy?county=Los%20Angeles");
        await Assertions.Expect(plan.GetByTestId("adequacy")).ToContainTextAsync("Los Angeles");
        (await plan.GetByTestId("adequacy-chart").EvaluateAsync<bool>("c => typeof Chart !== 'undefined' && Chart.getChart(c) !== undefined")).ShouldBeTrue();
        await BrowserFixture.ScreenshotAsync(plan, "network-adequacy");
        await NarrowScreenshotAsync(plan, "network-adequacy");

        // A roster downloads with the state's header.
        await plan.GotoAsync("/network/rosters?kind=ecm&county=Los%20Angeles");
        var roster = await plan.RunAndWaitForDownloadAsync(() => plan.GetByTestId("download-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await roster.PathAsync())!);
        csv.ShouldStartWith("provider_name,npi,tin,county,provider_type,populations,community_supports,capacity,contract_start,contract_end");
        csv.ShouldContain("Harbor Community Clinics");
        await plan.GotoAsync("/network/rosters");
        await Assertions.Expect(plan.GetByTestId("roster-history")).ToContainTextAsync("CSV");
        await BrowserFixture.ScreenshotAsync(plan, "network-rosters");
        await NarrowScreenshotAsync(plan, "network-rosters");

        providerCsp.ShouldBeEmpty();
        planCsp.ShouldBeEmpty();
    }

    [Fact]
    public async Task Workspace_TheCboSeesBothPlansWork_WithAPlanFilter()
    {
        var cbo = await browser.SignInAsync("cbo@example.org");
        await cbo.GotoAsync("/network/workspace");
        var filter = cbo.GetByTestId("plan-filter");
        await Assertions.Expect(filter).ToContainTextAsync("Golden Poppy Health Plan");
        await Assertions.Expect(filter).ToContainTextAsync("Pacific Coast Community Health");
        await Assertions.Expect(cbo.GetByTestId("ws-referrals")).ToContainTextAsync("Golden Poppy Health Plan");
        await Assertions.Expect(cbo.GetByTestId("ws-referrals")).ToContainTextAsync("Pacific Coast Community Health");
        await BrowserFixture.ScreenshotAsync(cbo, "network-workspace");
        await NarrowScreenshotAsync(cbo, "network-workspace");
        await filter.GetByRole(AriaRole.Link, new() { Name = "Pacific Coast Community Health" }).ClickAsync();
        await Assertions.Expect(cbo.GetByTestId("ws-referrals")).Not.ToContainTextAsync("Golden Poppy Health Plan");

        var ecm = await browser.SignInAsync("ecm@example.org");
        await ecm.GotoAsync("/network/workspace");
        await Assertions.Expect(ecm.GetByTestId("ws-cases")).ToContainTextAsync("Golden Poppy Health Plan");
        await Assertions.Expect(ecm.GetByTestId("ws-cases")).ToContainTextAsync("Pacific Coast Community Health");
    }
}
