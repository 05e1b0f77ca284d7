using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>Runs axe-core's WCAG 2.0 and 2.1 level A and AA rules on a page and names each serious or critical
/// violation: rule, impact, help and the elements it found.</summary>
public static class AxeCheck
{
    private static readonly AxeRunOptions _options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        ResultTypes = [ResultType.Violations],
    };

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(_options);
        return
        [
            .. result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(5).Select(n => n.Target.ToString()))}"),
        ];
    }

    /// <summary>Fails when the page has a serious or critical WCAG A/AA violation.</summary>
    public static async Task AssertCleanAsync(IPage page)
    {
        var violations = await SeriousViolationsAsync(page);
        violations.ShouldBeEmpty($"axe-core on {page.Url}:\n{string.Join("\n", violations)}");
    }
}
