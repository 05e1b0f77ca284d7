using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Reporting;

public sealed class ReportsPageTests(BrowserFixture browser)
{
    /// <summary>Collects Content-Security-Policy violations the browser reports on the console.</summary>
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

    private static async Task ExpectChartDrawn(ILocator image)
    {
        await Assertions.Expect(image).ToBeVisibleAsync();
        var width = await image.EvaluateAsync<int>("img => img.decode().then(() => img.naturalWidth, () => 0)");
        width.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task PlanManager_OpensTheDashboard_SeesCharts_DrillsIntoAFigure_AndExportsXlsx()
    {
        var page = await browser.SignInAsync("plancm@example.org");
        var csp = WatchCsp(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Reports");

        await ExpectChartDrawn(page.GetByTestId("ecm-chart"));
        await ExpectChartDrawn(page.GetByTestId("cs-chart"));
        await BrowserFixture.ScreenshotAsync(page, "reports-dashboard");

        // Drill into the first non-zero figure of the ECM table: the members behind it, as many as the figure says.
        var figure = page.GetByTestId("ecm-rows").Locator("td[data-measure] a").First;
        var expected = int.Parse(await figure.InnerTextAsync(), System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        await figure.ClickAsync();
        await Assertions.Expect(page.GetByTestId("drill-summary")).ToContainTextAsync($"{expected} member");
        (await page.GetByTestId("drill-members").Locator("tbody tr").CountAsync()).ShouldBe(expected);
        await BrowserFixture.ScreenshotAsync(page, "reports-drill-down");

        await page.GoBackAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("ecm-xlsx").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        bytes[..2].ShouldBe("PK"u8.ToArray()); // a zip container: an Office Open XML workbook

        csp.ShouldBeEmpty();
    }

    [Fact]
    public async Task PlanManager_ComputesOutcomes_InTheBackground_WithTheNotRandomizedStatement()
    {
        var page = await browser.SignInAsync("planadmin@example.org");
        var csp = WatchCsp(page);
        await page.GotoAsync("/reports/outcomes");
        await Assertions.Expect(page.GetByTestId("not-randomized")).ToContainTextAsync("Not a randomized comparison");
        await page.GetByLabel("Program").SelectOptionAsync("ecm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compute" }).ClickAsync();

        // The page follows the background job and shows the result when it is done.
        await Assertions.Expect(page.GetByTestId("outcomes-table")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("tr[data-group='comparison']")).ToBeVisibleAsync();
        await ExpectChartDrawn(page.GetByTestId("outcomes-chart"));
        await BrowserFixture.ScreenshotAsync(page, "reports-outcomes");
        csp.ShouldBeEmpty();
    }
}
