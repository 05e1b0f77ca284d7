namespace CareHub.Browser.Tests.Accessibility;

/// <summary>The check run on every visited page finds what it is meant to find.</summary>
public sealed class VisitedPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task APageWithFaintTextAnUnlabelledFieldAndAWideBlock_FailsAtBothWidths()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync(
            "<html lang='en'><head><title>Check</title></head><body><main><h1>Check</h1>" +
            "<p style='color:#bbb;background:#fff'>Faint text</p><input type='text'>" +
            "<div style='width:700px'>A block wider than a phone</div></main></body></html>");

        var failures = await VisitedPages.CheckAsync(page, "self-check");

        failures.ShouldContain(f => f.StartsWith("self-check at 1280 px: color-contrast (serious)", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("self-check at 390 px: color-contrast (serious)", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("self-check at 1280 px: label (critical)", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("self-check at 390 px: scrolls sideways, scrollWidth", StringComparison.Ordinal));
        failures.ShouldNotContain(f => f.StartsWith("self-check at 1280 px: scrolls", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/ecm/cases/3f2b9c1e-8a4d-4c6e-9b1a-2d3e4f5a6b7c", "PlanAdmin /ecm/cases/{id}")]
    [InlineData("http://127.0.0.1:5000/billing/invoices/42?tab=lines&x=1&tab=2", "PlanAdmin /billing/invoices/{n}?tab&x")]
    [InlineData("http://127.0.0.1:5000/catalog/rules/adult-high-utilizer", "PlanAdmin /catalog/rules/adult-high-utilizer")]
    public void APageIsKnownByItsRoleAndPathPattern(string url, string key) =>
        VisitedPages.Key("PlanAdmin", url).ShouldBe(key);
}
