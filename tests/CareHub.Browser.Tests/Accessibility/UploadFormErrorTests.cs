using System.Text;
using CareHub.Exchange;
using CareHub.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

using static CareHub.Browser.Tests.Accessibility.FormErrorAssertions;

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>
/// A rejected upload in a browser: the summary (<c>role="alert"</c>) has focus, links the file field and lists every
/// problem of the file in a table with its line and column; the field is marked <c>aria-invalid</c> and described by
/// a message next to it; the page passes axe and fits a phone.
/// </summary>
public sealed class UploadFormErrorTests(BrowserFixture browser)
{
    [Fact]
    public async Task ReturnTransmissionFile_WithBadRows_ListsEachProblemInTheSummary_OnTheFileField()
    {
        var header = string.Join(',', MemberFiles.RtfColumns);
        var nobody = $"2{Guid.NewGuid():N}"[..9].ToUpperInvariant();
        var csv = $"{header}\n{nobody},sleeping,,,,,,,,,,\n{nobody},enrolled,2025-13-01,,,,,,,,,\n";

        var page = await browser.SignInAsync("ecm@example.org");
        await page.GotoAsync("/exchange");
        await page.GetByLabel("RTF file").SetInputFilesAsync(new FilePayload { Name = "rtf-march.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Upload RTF" }).ClickAsync(), r => r.Request.Method == "POST");
        response.Status.ShouldBe(400);

        var summary = await AssertSummaryAsync(page, "rtf");
        var table = summary.GetByRole(AriaRole.Table, new() { Name = "Problems in rtf-march.csv" });
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(table.Locator("tbody tr").Filter(new() { HasText = "ecmStatus" })).ToContainTextAsync("'sleeping' is not one of");
        await Assertions.Expect(table.Locator("tbody tr").Filter(new() { HasText = "enrollmentStart" })).ToContainTextAsync("2025-13-01");
        await Assertions.Expect(page.Locator("#rtf-error")).ToContainTextAsync("Nothing in rtf-march.csv was saved: it has 4 problems");
        await Assertions.Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("There are 4 problems");

        await summary.Locator("a[href='#rtf']").ClickAsync();
        await Assertions.Expect(page.Locator("#rtf")).ToBeFocusedAsync();
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-rtf-upload-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-rtf-upload-phone");
    }

    [Fact]
    public async Task Transitions_PastedRowsWithProblems_AreListedByLineAndColumn_AndTheRowsAreKept()
    {
        var member = await NewMemberAsync();
        var rows = $"member_id,event,event_date,facility\n{member.PlanMemberId},discharge,2025-01-15,Harbor General\n,transfer,01/16/2025,Harbor General";

        var page = await browser.SignInAsync("plancm@example.org");
        await page.GotoAsync("/ecm/transitions");
        await page.GetByLabel("Or paste the rows").FillAsync(rows);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Import events" }).ClickAsync(), r => r.Request.Method == "POST");
        response.Status.ShouldBe(400);

        var summary = await AssertSummaryAsync(page, "CsvText");
        var table = summary.GetByRole(AriaRole.Table, new() { Name = "Problems in the pasted rows" });
        var cells = await table.Locator("tbody tr").EvaluateAllAsync<string[]>("trs => trs.map(tr => [...tr.cells].map(td => td.innerText.trim()).join('|'))");
        cells.ShouldBe([
            "3|member_id|member_id is empty.",
            "3|event|event \"transfer\" is not admit or discharge.",
            "3|event_date|event_date \"01/16/2025\" is not a date (yyyy-MM-dd).",
        ]);
        await Assertions.Expect(page.GetByLabel("Or paste the rows")).ToHaveValueAsync(rows);
        await Assertions.Expect(page.Locator("#Upload")).Not.ToHaveAttributeAsync("aria-invalid", "true");

        await summary.Locator("a[href='#CsvText']").ClickAsync();
        await Assertions.Expect(page.Locator("#CsvText")).ToBeFocusedAsync();
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-transitions-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-transitions-phone");

        await using var db = browser.App.SystemDb();
        (await db.Set<CareHub.Ecm.TransitionEvent>().AnyAsync(t => t.MemberId == member.Id)).ShouldBeFalse();
    }

    private Task<Member> NewMemberAsync() => FormErrorAssertions.NewMemberAsync(browser.App, "GPU", "Upload-");
}
