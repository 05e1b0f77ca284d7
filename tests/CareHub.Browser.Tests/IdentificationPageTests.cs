using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests;

public sealed class IdentificationPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task PlanCareManager_RunsIdentification_AndDrillsDownToTheEvidence()
    {
        // The demo data's utilization runs up to today.
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await browser.SignInAsync("plancm@example.org");
        await page.GotoAsync("/identification");
        await page.GetByLabel("As of").FillAsync(today);
        await page.GetByLabel("Rules").SelectOptionAsync("current");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run identification" }).ClickAsync();

        // The newest run is listed first; open it and wait for the background worker (the page refreshes itself).
        var newest = page.GetByTestId("runs").Locator("tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync(today);
        await newest.GetByRole(AriaRole.Link).ClickAsync();
        await WaitForCompletedAsync(page);
        var highUtilizers = page.Locator("tr[data-population='adult-high-utilizer']");
        await Assertions.Expect(highUtilizers).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "identification-run");

        await highUtilizers.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Eligible members");
        var firstEvidence = page.GetByTestId("determinations").Locator("td.evidence").First;
        await Assertions.Expect(firstEvidence).ToContainTextAsync("21 or older");
        await Assertions.Expect(firstEvidence).ToContainTextAsync("needed");
        await BrowserFixture.ScreenshotAsync(page, "identification-members");

        // Adult homelessness (from Z59.0 diagnoses in the demo claims) finds members pending confirmation of the
        // complex-need attestation, with the statements shown.
        await page.GoBackAsync();
        var homeless = page.Locator("tr[data-population='homelessness']");
        await Assertions.Expect(homeless).ToBeVisibleAsync();
        var pending = int.Parse(await homeless.GetByTestId("to-confirm").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        pending.ShouldBeGreaterThan(0);
        await homeless.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "identification-run-homelessness");
        await homeless.GetByTestId("to-confirm").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Members to confirm");
        var row = page.GetByTestId("determinations").Locator("tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("to confirm");
        await Assertions.Expect(row.Locator("td.evidence")).ToContainTextAsync("homeless between");
        await Assertions.Expect(row.Locator(".to-confirm li").Last).ToContainTextAsync("complex physical, behavioral or developmental health need");
        await BrowserFixture.ScreenshotAsync(page, "identification-members-to-confirm");
    }

    [Fact]
    public async Task ARunningRun_ShowsWhatItIsDoing_AndHowManyRowsItHasRead()
    {
        // A run another instance is running (its lease is fresh, so this instance's worker leaves it alone).
        var run = new CareHub.Identification.Runs.IdentificationRunRecord
        {
            PlanId = (await browser.App.OrganizationAsync("plancm@example.org")).Id,
            AsOf = new DateOnly(2024, 12, 31),
            RuleVersion = "current",
            Status = "running",
            RequestedBy = "plancm@example.org",
            RequestedAt = DateTimeOffset.UtcNow.AddDays(-30),
            StartedAt = DateTimeOffset.UtcNow.AddDays(-30),
            Attempts = 1,
            LeasedBy = "another-instance",
            LeasedUntil = DateTimeOffset.UtcNow.AddHours(2),
            Stage = "reading claims.csv",
            RowsRead = 1_250_000,
            RowsTotal = 5_000_000,
        };
        await using (var db = browser.App.SystemDb())
        {
            db.IdentificationRuns.Add(run);
            await db.SaveChangesAsync();
        }

        try
        {
            var page = await browser.SignInAsync("plancm@example.org");
            await page.GotoAsync($"/identification/runs/{run.Id}");
            await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("running");
            await Assertions.Expect(page.GetByTestId("run-stage")).ToHaveTextAsync("reading claims.csv");
            await Assertions.Expect(page.GetByTestId("run-progress")).ToContainTextAsync("1,250,000 of 5,000,000 input rows read (25%)");
            await Assertions.Expect(page.GetByTestId("run-percent")).ToHaveAttributeAsync("value", "25");
            await BrowserFixture.ScreenshotAsync(page, "identification-run-progress");
        }
        finally
        {
            await using var db = browser.App.SystemDb();
            await db.IdentificationRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync();
        }
    }

    /// <summary>Waits for the run page to show the run completed; if it does not, fails with the run as saved and
    /// what the server logged.</summary>
    private async Task WaitForCompletedAsync(IPage page)
    {
        try
        {
            await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("completed", new() { Timeout = 120_000 });
        }
        catch (PlaywrightException ex)
        {
            var id = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
            await using var db = browser.App.SystemDb();
            var run = await db.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == id);
            throw new InvalidOperationException(
                $"Run {id} not completed at {DateTimeOffset.UtcNow:HH:mm:ss}: status {run.Status}, requested {run.RequestedAt:HH:mm:ss}, "
                + $"started {run.StartedAt:HH:mm:ss}, attempts {run.Attempts}, leased by {run.LeasedBy} until {run.LeasedUntil:HH:mm:ss}, "
                + $"error {run.Error}.{Environment.NewLine}Server log:{Environment.NewLine}{string.Join(Environment.NewLine, browser.App.Log.Entries)}", ex);
        }
    }
}
