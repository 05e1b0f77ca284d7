using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Identification.Runs;
using CareHub.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

using static CareHub.Browser.Tests.Accessibility.FormErrorAssertions;

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>
/// The pages moved to the one way of showing form errors: sent with invalid input, each invalid field is marked
/// <c>aria-invalid</c> and described by a message that exists, the summary (<c>role="alert"</c>) names and links the
/// fields and has focus, and what was typed is kept. On a phone the worklists and queues stack each row as a card.
/// </summary>
public sealed class ConvertedFormErrorTests(BrowserFixture browser)
{
    [Fact]
    public async Task LetterOfInterest_SentEmpty_MarksPlansAndCountiesAndKeepsTheMessage()
    {
        var page = await browser.SignInAsync("ecm@example.org");
        await page.GotoAsync("/network/letters/new");
        await page.GetByLabel("Message").FillAsync("We serve adults experiencing homelessness in Alameda.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send letter of interest" }).ClickAsync();

        var summary = await AssertSummaryAsync(page, "PlanIds", "SelectedCounties");
        await Assertions.Expect(summary).ToContainTextAsync("Choose at least one plan");
        await Assertions.Expect(summary).ToContainTextAsync("Choose at least one county");
        var firstPlan = page.Locator("#PlanIds input[type=checkbox]").First;
        await Assertions.Expect(firstPlan).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(firstPlan).ToHaveAttributeAsync("aria-describedby", "PlanIds-error");
        await Assertions.Expect(page.Locator("#Message")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Message")).ToHaveValueAsync("We serve adults experiencing homelessness in Alameda.");

        // The summary's link moves focus to the group's first choice.
        await summary.Locator("a[href='#PlanIds']").ClickAsync();
        await Assertions.Expect(firstPlan).ToBeFocusedAsync();
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-letter-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-letter-phone");
    }

    [Fact]
    public async Task EcmIntake_BatchWithoutPopulationAndABadCount_NamesBothFields()
    {
        await IdentifiedMemberAsync();
        var page = await browser.SignInAsync("plancm@example.org");
        await page.GotoAsync("/ecm/intake");
        await page.GetByLabel("How many members (1 to 500)").FillAsync("lots");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refer", Exact = true }).ClickAsync();

        var summary = await AssertSummaryAsync(page, "refer-population", "refer-count");
        await Assertions.Expect(page.Locator("#refer-count-error")).ToHaveTextAsync("'lots' is not a number of members from 1 to 500.");
        await Assertions.Expect(page.GetByLabel("How many members (1 to 500)")).ToHaveValueAsync("lots");
        await summary.Locator("a[href='#refer-count']").ClickAsync();
        await Assertions.Expect(page.Locator("#refer-count")).ToBeFocusedAsync();
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-ecm-intake-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-ecm-intake-phone");
    }

    [Fact]
    public async Task ApiKeys_BlankName_IsMarked_ThenAKeyIsMadeAndShownOnce()
    {
        var page = await browser.SignInAsync("planadmin@example.org");
        await page.GotoAsync("/apikeys");
        await page.GetByLabel("System name").FillAsync("   ");
        await page.GetByLabel("Acts as").SelectOptionAsync("PlanAdmin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        await AssertSummaryAsync(page, "Name");
        await Assertions.Expect(page.Locator("#Name-error")).ToHaveTextAsync("Name the system that will use the key.");
        await Assertions.Expect(page.GetByLabel("Acts as")).ToHaveValueAsync("PlanAdmin");
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-api-keys");

        var name = "Claims warehouse " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("System name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-key")).ToContainTextAsync("chk_");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToContainTextAsync("active");
    }

    [Fact]
    public async Task ReferralQueue_ClocksEmptyAndNotANumber_BothReportedAndTypedValueKept()
    {
        var page = await browser.SignInAsync("planadmin@example.org");
        await page.GotoAsync("/referrals/queue");
        await page.GetByLabel("Routine (hours)").FillAsync("");
        await page.GetByLabel("Expedited (hours)").FillAsync("two days");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save clocks" }).ClickAsync();

        await AssertSummaryAsync(page, "routineHours", "expeditedHours");
        await Assertions.Expect(page.Locator("#routineHours-error")).ToHaveTextAsync("Give the number of hours, from 1 to 720.");
        await Assertions.Expect(page.GetByLabel("Expedited (hours)")).ToHaveValueAsync("two days");
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
    }

    [Fact]
    public async Task ReferralDetail_DenyWithoutReason_MarksTheReasonAndKeepsTheNotice()
    {
        var member = await NewMemberAsync();
        var api = await ApiAsync("plancm@example.org");
        var created = await api.PostAsJsonAsync("/api/referrals", new
        {
            memberId = member.Id,
            communitySupportCode = "medically-tailored-meals",
            referrerKind = "plan-care-manager",
            reason = "Heart failure; cannot cook a low-sodium diet.",
            needs = "Low-sodium meals.",
            requestedStart = "2025-03-03",
            requestedEnd = "2025-03-30",
            requestedQuantity = 56,
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("id").GetString();

        var page = await browser.SignInAsync("planadmin@example.org");
        await page.GotoAsync($"/referrals/{id}");
        var deny = page.GetByTestId("deny-form");
        await deny.GetByLabel("Notice to the member").FillAsync("We cannot approve meals now; call us to appeal.");
        await deny.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        await AssertSummaryAsync(page, "dn-reason");
        await Assertions.Expect(page.Locator("#dn-reason-error")).ToHaveTextAsync("Give the reason for the denial.");
        await Assertions.Expect(page.GetByTestId("referral-status")).ToHaveTextAsync("Waiting for authorization");
        await Assertions.Expect(page.Locator("#dn-notice")).ToHaveValueAsync("We cannot approve meals now; call us to appeal.");
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-referral-detail-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-referral-detail-phone");
    }

    [Fact]
    public async Task NetworkApplication_ReviewNoWithoutWhatIsMissing_MarksBothFieldsInTheAreaAndKeepsTheChoice()
    {
        var plan = await browser.App.OrganizationAsync("planadmin@example.org");
        var provider = await ApiAsync("cbo@example.org");
        var letter = await provider.PostAsJsonAsync("/api/network/letters-of-interest", new { planIds = new[] { plan.Id }, counties = new[] { "Los Angeles" }, message = "Community Supports in Los Angeles." });
        letter.EnsureSuccessStatusCode();
        var letterId = (await letter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await (await ApiAsync("planadmin@example.org")).PostAsJsonAsync($"/api/network/letters-of-interest/{letterId}/response", new { decision = "invite" })).EnsureSuccessStatusCode();
        var started = await provider.PostAsJsonAsync("/api/network/applications", new { letterOfInterestId = letterId, planId = plan.Id });
        started.EnsureSuccessStatusCode();
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await provider.GetFromJsonAsync<JsonElement>($"/api/network/applications/{id}");
        var codes = view.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("code").GetString()!).ToList();
        foreach (var c in codes)
        {
            (await provider.PutAsJsonAsync($"/api/network/applications/{id}/areas/{c}", new { response = $"How we meet {c}.", effort = "low-effort" })).EnsureSuccessStatusCode();
        }

        (await provider.PostAsync($"/api/network/applications/{id}/submit", null)).EnsureSuccessStatusCode();

        var code = codes[1];
        var page = await browser.SignInAsync("planadmin@example.org");
        await page.GotoAsync($"/network/applications/{id}");
        var area = page.Locator($"#area-{code}");
        await area.GetByText("Review this area").ClickAsync();
        await area.GetByLabel("No", new() { Exact = true }).CheckAsync();
        await area.GetByLabel("Comment").FillAsync("Caseloads are not stated.");
        await area.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();

        var summary = await AssertSummaryAsync(page, $"missing-{code}", $"expected-{code}");
        await Assertions.Expect(page.Locator($"#missing-{code}-error")).ToHaveTextAsync("A No needs the missing information: what the provider has not yet shown.");
        area = page.Locator($"#area-{code}");
        await Assertions.Expect(area.GetByLabel("No", new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(area.GetByLabel("Comment")).ToHaveValueAsync("Caseloads are not stated.");
        await summary.Locator($"a[href='#expected-{code}']").ClickAsync();
        await Assertions.Expect(page.Locator($"#expected-{code}")).ToBeFocusedAsync();
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-network-review-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-network-review-phone");
    }

    [Fact]
    public async Task NetworkTraining_CompletionInTheFutureWithoutAName_MarksBothAndKeepsTheProvider()
    {
        var page = await browser.SignInAsync("planadmin@example.org");
        await page.GotoAsync("/network/training");
        var form = page.GetByTestId("record-completion");
        await form.GetByLabel("Provider").SelectOptionAsync(new SelectOptionValue { Label = "Eastside Care Partners" });
        var later = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        await form.GetByLabel("Completed on").FillAsync(later.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();

        await AssertSummaryAsync(page, "staffName", "completedOn");
        await Assertions.Expect(page.Locator("#completedOn-error")).ToHaveTextAsync(
            $"{later.ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture)} is in the future: record training once it is completed.");
        await Assertions.Expect(page.Locator("#providerId option:checked")).ToHaveTextAsync("Eastside Care Partners");
        await Assertions.Expect(page.GetByLabel("Completed on")).ToHaveValueAsync(later.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-network-training");
    }

    [Fact]
    public async Task Offerings_StartOutsideTheDatesCareHubAccepts_ComesBackAs400WithTheFieldMarkedAndTheChoicesKept()
    {
        var page = await browser.SignInAsync("planadmin2@example.org");
        await page.GotoAsync("/catalog/offerings");
        var form = page.GetByTestId("add-offering");
        await form.GetByLabel("County").SelectOptionAsync("Los Angeles");
        await form.GetByLabel("Community Support").SelectOptionAsync("day-habilitation");
        await form.GetByLabel("Start").FillAsync("2250-01-01");
        var response = await page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Add offering" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/catalog/offerings", StringComparison.Ordinal));
        response.Status.ShouldBe(400);

        await AssertSummaryAsync(page, "Start");
        await Assertions.Expect(page.Locator("#Start-error")).ToHaveTextAsync("01/01/2250 is outside the dates CareHub accepts (01/01/1900 to 12/31/2200).");
        await Assertions.Expect(form.GetByLabel("Start")).ToHaveValueAsync("2250-01-01");
        await Assertions.Expect(form.GetByLabel("County")).ToHaveValueAsync("Los Angeles");
        await Assertions.Expect(form.GetByLabel("Community Support")).ToHaveValueAsync("day-habilitation");
        await AssertNoDanglingDescriptionsAsync(page);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "form-errors-offering-input-rules");
    }

    [Theory]
    [InlineData("ecm@example.org", "/ecm/worklist?due=all", "worklist")]
    [InlineData("plancm@example.org", "/ecm", "cases")]
    [InlineData("planadmin@example.org", "/referrals/queue", "referrals")]
    [InlineData("cbo@example.org", "/referrals/workspace", "referrals")]
    public async Task WorklistsAndQueues_OnAPhone_StackEachRowWithItsLabels(string email, string path, string table)
    {
        var page = await browser.SignInAsync(email);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(path);
        var rows = page.GetByTestId(table).First.Locator("tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await AssertFitsAsync(page);

        // A row is a card: its cells are stacked, each led by its column's label; the header row is out of sight.
        var cells = await rows.First.Locator("td[data-label]").EvaluateAllAsync<string[]>(
            "tds => tds.filter(td => td.offsetParent !== null).map(td => getComputedStyle(td).display + '|' + getComputedStyle(td, '::before').content)");
        cells.Length.ShouldBeGreaterThan(1);
        cells.ShouldAllBe(c => c.StartsWith("grid|\""));
        var tops = await rows.First.Locator("td[data-label]").EvaluateAllAsync<double[]>(
            "tds => tds.filter(td => td.offsetParent !== null).map(td => td.getBoundingClientRect().top)");
        tops.ShouldBe([.. tops.Order()]);
        tops.Distinct().Count().ShouldBe(tops.Length, "cells share a line instead of stacking");

        // The table is still a table to assistive technology.
        await Assertions.Expect(page.GetByTestId(table).First.GetByRole(AriaRole.Columnheader).First).ToBeAttachedAsync();
        (await page.GetByTestId(table).First.GetByRole(AriaRole.Cell).CountAsync()).ShouldBeGreaterThan(1);
        await AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"phone-stacked-{table}-{email.Split('@')[0]}");

        // At desktop width it is an ordinary table again.
        await page.SetViewportSizeAsync(1280, 860);
        (await rows.First.Locator("td").First.EvaluateAsync<string>("td => getComputedStyle(td).display")).ShouldBe("table-cell");
    }

    private Task<Member> NewMemberAsync() => FormErrorAssertions.NewMemberAsync(browser.App, "GPF", "Forms-");

    /// <summary>A member of the first demo plan whom a completed identification run found eligible.</summary>
    private async Task IdentifiedMemberAsync()
    {
        var member = await NewMemberAsync();
        var run = new IdentificationRunRecord
        {
            PlanId = member.PlanId,
            AsOf = DateOnly.FromDateTime(DateTime.UtcNow),
            RuleVersion = "current",
            Status = RunStatus.Completed,
            RequestedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            MembersRead = 1,
            EligibleCount = 1,
        };
        await using var db = browser.App.SystemDb();
        db.IdentificationRuns.Add(run);
        db.Determinations.Add(new DeterminationRecord
        {
            RunId = run.Id,
            MemberId = member.Id,
            Population = "adult-high-utilizer",
            RuleVersion = "current",
            Eligible = true,
            EvidenceText = "7 emergency visits in the last 6 months",
            County = "Los Angeles",
        });
        await db.SaveChangesAsync();
    }

    private async Task<HttpClient> ApiAsync(string email)
    {
        var client = new HttpClient { BaseAddress = browser.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = CareHub.Testing.CareHubApp.Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
