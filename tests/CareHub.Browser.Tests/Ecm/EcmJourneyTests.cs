using CareHub.Identification.Runs;
using CareHub.Members;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Ecm;

/// <summary>The whole ECM journey in real Chromium: plan, provider, and another provider who must not see the member.</summary>
public sealed class EcmJourneyTests(BrowserFixture browser)
{
    /// <summary>A new member of the first demo plan whom a completed identification run found eligible.</summary>
    private async Task<Member> IdentifiedMemberAsync()
    {
        var plan = await browser.App.OrganizationAsync("planadmin@example.org");
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "GP100050B" + Guid.NewGuid().ToString("N")[..10],
            FirstName = "Rosa",
            LastName = "Journey" + Guid.NewGuid().ToString("N")[..4],
            BirthDate = new DateOnly(1968, 3, 14),
            County = "Los Angeles",
            PreferredLanguage = "Spanish",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var run = new IdentificationRunRecord
        {
            PlanId = plan.Id,
            AsOf = DateOnly.FromDateTime(DateTime.UtcNow),
            RuleVersion = "current",
            Status = RunStatus.Completed,
            RequestedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            MembersRead = 1,
            EligibleCount = 1,
        };
        await using var db = browser.App.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = "Los Angeles", Start = new DateOnly(2023, 1, 1) });
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
        return member;
    }

    /// <summary>A bearer-token client against the real server.</summary>
    private async Task<HttpClient> ApiAsync(string email)
    {
        var client = new HttpClient { BaseAddress = browser.BaseAddress };
        var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/auth/login", new { email, password = CareHub.Testing.CareHubApp.Password });
        var token = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(login.Content)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task IdentifiedMember_IsAuthorizedAssignedReachedEnrolledAssessedAndPlanned_AndAnotherProviderCannotOpenThem()
    {
        var member = await IdentifiedMemberAsync();
        var harbor = await browser.App.OrganizationAsync("ecm@example.org");

        // The plan refers the identified member, authorizes ECM and assigns the first ECM provider.
        var plan = await browser.SignInAsync("plancm@example.org");
        await plan.GotoAsync($"/members/{member.Id}");
        await Assertions.Expect(plan.GetByTestId("member-ecm")).ToContainTextAsync("No ECM case");
        await plan.GetByTestId("member-ecm").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(plan.GetByLabel("Referred by")).ToHaveValueAsync("identification");
        await Assertions.Expect(plan.GetByLabel("Population of Focus")).ToHaveValueAsync("adult-high-utilizer");
        await plan.GetByLabel("Reason for referral").FillAsync("Seven ED visits in six months; no PCP visits");
        await plan.GetByRole(AriaRole.Button, new() { Name = "Refer for ECM" }).ClickAsync();
        await Assertions.Expect(plan.GetByTestId("case-status")).ToHaveTextAsync("referred");
        await Assertions.Expect(plan.GetByTestId("decision-clock")).ToContainTextAsync("5 days left");
        var caseUrl = new Uri(plan.Url).AbsolutePath;
        await BrowserFixture.ScreenshotAsync(plan, "ecm-1-referred");

        await plan.GetByLabel("Decision reason").FillAsync("Meets the adult high utilizer criteria");
        await plan.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Assertions.Expect(plan.GetByTestId("case-status")).ToHaveTextAsync("authorized");
        await Assertions.Expect(plan.GetByLabel("ECM provider", new() { Exact = true })).ToBeVisibleAsync();
        await plan.GetByLabel("ECM provider", new() { Exact = true }).SelectOptionAsync(harbor.Id.ToString());
        await BrowserFixture.ScreenshotAsync(plan, "ecm-2-authorized-suggestions");
        await plan.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Assertions.Expect(plan.GetByTestId("case-status")).ToHaveTextAsync("assigned");

        // The provider accepts, logs three outreach attempts, enrolls, assesses and writes the care plan.
        var provider = await browser.SignInAsync("ecm@example.org");
        await provider.GotoAsync("/ecm?status=assigned");
        await provider.GetByRole(AriaRole.Link, new() { Name = member.FirstName + " " + member.LastName }).ClickAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Accept assignment" }).ClickAsync();
        await Assertions.Expect(provider.GetByTestId("case-status")).ToHaveTextAsync("accepted");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var (days, modality, outcome, note) in new[]
        {
            (0, "phone", "no-answer", "Called the number on file"),
            (0, "text", "left-message", "Texted in Spanish"),
            (0, "in-person", "reached", "Met at the shelter; interested"),
        })
        {
            await provider.GetByLabel("Outreach date").FillAsync(today.AddDays(days).ToString("yyyy-MM-dd"));
            await provider.GetByLabel("Modality").SelectOptionAsync(modality);
            await provider.GetByLabel("Outcome").SelectOptionAsync(outcome);
            await provider.GetByLabel("Outreach note").FillAsync(note);
            await provider.GetByRole(AriaRole.Button, new() { Name = "Log attempt" }).ClickAsync();
            await Assertions.Expect(provider.Locator(".flash")).ToContainTextAsync("Outreach attempt of");
        }

        await Assertions.Expect(provider.GetByTestId("case-status")).ToHaveTextAsync("outreach");
        await Assertions.Expect(provider.GetByTestId("outreach").Locator("tbody tr")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotAsync(provider, "ecm-3-outreach");

        await provider.GetByLabel("Consent date").FillAsync(today.ToString("yyyy-MM-dd"));
        await provider.GetByRole(AriaRole.Button, new() { Name = "Enroll member" }).ClickAsync();
        await Assertions.Expect(provider.GetByTestId("case-status")).ToHaveTextAsync("enrolled");

        var form = provider.GetByTestId("assessment-form");
        await form.GetByLabel("Chronic conditions the member lives with").FillAsync("Asthma, hypertension");
        foreach (var (code, answer) in new[]
        {
            ("pcp", "no"), ("recent-hospital", "yes"), ("phq2-interest", "several days"), ("phq2-down", "not at all"), ("substance-use", "no"),
            ("living-situation", "no steady place to live"), ("food-worry", "sometimes true"), ("transportation", "yes"), ("utilities", "no"), ("safety", "never"),
        })
        {
            await provider.Locator($"#a-{code}").SelectOptionAsync(answer);
        }

        await form.GetByLabel("What matters most to you right now?").FillAsync("Tener un lugar seguro para vivir");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save assessment" }).ClickAsync();
        await Assertions.Expect(provider.Locator(".flash")).ToHaveTextAsync("Assessment saved.");
        await Assertions.Expect(provider.GetByTestId("assessment")).ToContainTextAsync("social needs: living-situation, food-worry, transportation");

        await provider.GetByLabel("Problems and goals").FillAsync("Homeless, frequent ED use\nGoal: stable housing in 6 months");
        await provider.GetByLabel("Intervention 1", new() { Exact = true }).FillAsync("Referral to housing navigation");
        await provider.GetByLabel("Owner 1", new() { Exact = true }).FillAsync("Maya Chen");
        await provider.GetByLabel("Due date 1", new() { Exact = true }).FillAsync(today.AddDays(14).ToString("yyyy-MM-dd"));
        await provider.GetByLabel("In the member's words").FillAsync("Quiero un lugar propio.");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save care plan" }).ClickAsync();
        await Assertions.Expect(provider.Locator(".flash")).ToHaveTextAsync("Care plan version 1 saved.");
        await BrowserFixture.ScreenshotAsync(provider, "ecm-4-enrolled-provider");

        // The plan's view shows each step.
        await plan.GotoAsync(caseUrl);
        await Assertions.Expect(plan.GetByTestId("case-status")).ToHaveTextAsync("enrolled");
        var timeline = plan.GetByTestId("timeline");
        foreach (var status in new[] { "referred", "authorized", "assigned", "accepted", "outreach", "enrolled" })
        {
            await Assertions.Expect(timeline.Locator($"li[data-kind='status'][data-status='{status}']")).ToHaveCountAsync(1);
        }

        await Assertions.Expect(plan.GetByTestId("outreach").Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(plan.GetByTestId("assessment")).ToContainTextAsync("ECM comprehensive assessment v1");
        await Assertions.Expect(plan.GetByTestId("care-plan")).ToContainTextAsync("Version 1");
        await Assertions.Expect(plan.GetByTestId("care-plan")).ToContainTextAsync("Referral to housing navigation");
        await Assertions.Expect(plan.GetByTestId("care-team")).ToContainTextAsync("Lead Care Manager");
        await Assertions.Expect(plan.GetByTestId("care-plan-form")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(plan, "ecm-5-plan-view");

        // A user of another ECM provider cannot open the member or the case.
        var other = await browser.SignInAsync("ecm2@example.org");
        (await other.APIRequest.GetAsync($"/members/{member.Id}")).Status.ShouldBe(404);
        (await other.APIRequest.GetAsync(caseUrl)).Status.ShouldBe(404);
        (await other.APIRequest.GetAsync($"/members/{member.Id}/ecm")).Status.ShouldBe(404);
        (await plan.APIRequest.GetAsync($"/members/{member.Id}/ecm")).Status.ShouldBe(200);
        await other.GotoAsync("/ecm?status=open");
        await Assertions.Expect(other.GetByText(member.LastName)).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(other, "ecm-6-other-provider-caseload");
    }

    [Fact]
    public async Task OutreachWithoutADate_MarksTheDateField_KeepsTheNote_AndFocusesTheErrors()
    {
        var member = await IdentifiedMemberAsync();
        var harbor = await browser.App.OrganizationAsync("ecm@example.org");
        using var api = await ApiAsync("plancm@example.org");
        using var providerApi = await ApiAsync("ecm@example.org");
        var created = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/ecm/cases", new { memberId = member.Id, source = "identification" });
        var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(created.Content)).GetProperty("id").GetGuid();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, $"/api/ecm/cases/{id}/authorization", new { decision = "approved", reason = "Meets the criteria" })).EnsureSuccessStatusCode();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, $"/api/ecm/cases/{id}/assignment", new { providerId = harbor.Id })).EnsureSuccessStatusCode();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(providerApi, $"/api/ecm/cases/{id}/acceptance", new { accepted = true })).EnsureSuccessStatusCode();

        var page = await browser.SignInAsync("ecm@example.org");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/ecm/cases/{id}");
        var form = page.GetByTestId("outreach-form");
        await form.GetByLabel("Outreach date").FillAsync("");
        await form.GetByLabel("Outreach note").FillAsync("Met at the shelter; asked to come back Tuesday");
        await form.GetByRole(AriaRole.Button, new() { Name = "Log attempt" }).ClickAsync();

        var summary = page.GetByTestId("outreach-errors");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary.Locator("a[href='#outreachDate']")).ToHaveCountAsync(1);
        var date = page.Locator("#outreachDate");
        await Assertions.Expect(date).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(date).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#outreachDate-error")).ToContainTextAsync("Enter the date of the attempt");
        await Assertions.Expect(page.GetByLabel("Outreach note")).ToHaveValueAsync("Met at the shelter; asked to come back Tuesday");
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue();
        await CareHub.Browser.Tests.Accessibility.AxeCheck.AssertCleanAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "phone-outreach-errors");

        await page.Locator("#outreachDate").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("outreach-form").GetByRole(AriaRole.Button, new() { Name = "Log attempt" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("outreach-errors")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Met at the shelter; asked to come back Tuesday")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TwoCareManagersSaveTheSameCarePlan_TheSecondIsRefused_AndKeepsTheirText()
    {
        var member = await IdentifiedMemberAsync();
        var harbor = await browser.App.OrganizationAsync("ecm@example.org");
        using var api = await ApiAsync("plancm@example.org");
        using var providerApi = await ApiAsync("ecm@example.org");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/ecm/cases", new { memberId = member.Id, source = "identification" });
        var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(created.Content)).GetProperty("id").GetGuid();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, $"/api/ecm/cases/{id}/authorization", new { decision = "approved", reason = "Meets the criteria" })).EnsureSuccessStatusCode();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, $"/api/ecm/cases/{id}/assignment", new { providerId = harbor.Id })).EnsureSuccessStatusCode();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(providerApi, $"/api/ecm/cases/{id}/acceptance", new { accepted = true })).EnsureSuccessStatusCode();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(providerApi, $"/api/ecm/cases/{id}/outreach", new { date = today, modality = "in-person", outcome = "reached" })).EnsureSuccessStatusCode();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(providerApi, $"/api/ecm/cases/{id}/enrollment", new { enrollmentDate = today, consentDate = today })).EnsureSuccessStatusCode();

        var first = await browser.SignInAsync("ecm@example.org");
        var second = await browser.SignInAsync("ecm@example.org");
        await first.GotoAsync($"/ecm/cases/{id}");
        await second.GotoAsync($"/ecm/cases/{id}");
        await first.GetByLabel("Problems and goals").FillAsync("First care manager's goals");
        await second.GetByLabel("Problems and goals").FillAsync("Second care manager's goals, typed at the same time");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save care plan" }).ClickAsync();
        await Assertions.Expect(first.Locator(".flash")).ToHaveTextAsync("Care plan version 1 saved.");

        await second.GetByRole(AriaRole.Button, new() { Name = "Save care plan" }).ClickAsync();
        await Assertions.Expect(second.GetByTestId("care-plan-conflict")).ToContainTextAsync("Someone else saved the care plan while you were editing");
        await Assertions.Expect(second.GetByLabel("Problems and goals")).ToHaveValueAsync("Second care manager's goals, typed at the same time");
        await Assertions.Expect(second.GetByTestId("care-plan")).ToContainTextAsync("First care manager's goals");
        await BrowserFixture.ScreenshotAsync(second, "ecm-7-care-plan-conflict");

        // Having seen version 1, the second care manager saves on top of it: version 2, and version 1 is kept.
        await second.GetByLabel("Problems and goals").FillAsync("First care manager's goals\nSecond care manager's goals");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save care plan" }).ClickAsync();
        await Assertions.Expect(second.Locator(".flash")).ToHaveTextAsync("Care plan version 2 saved.");
        await Assertions.Expect(second.Locator(".care-plan-version")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Worklists_ShowEachDemoAccountItsWork()
    {
        var provider = await browser.SignInAsync("ecm@example.org");
        await Assertions.Expect(provider.GetByTestId("home-caseload")).ToBeVisibleAsync();
        await provider.GotoAsync("/ecm/worklist?due=all");
        await Assertions.Expect(provider.GetByTestId("worklist").Locator("tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(provider.GetByTestId("caseload")).ToContainTextAsync("Harbor Community Clinics");
        await BrowserFixture.ScreenshotAsync(provider, "ecm-8-provider-worklist");

        var plan = await browser.SignInAsync("plancm@example.org");
        await Assertions.Expect(plan.GetByTestId("home-referrals")).ToBeVisibleAsync();
        await plan.GotoAsync("/ecm");
        await Assertions.Expect(plan.GetByTestId("cases").Locator("tbody tr").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(plan, "ecm-9-plan-queue");
        await plan.GotoAsync("/ecm/worklist");
        await Assertions.Expect(plan.GetByTestId("stuck")).ToContainTextAsync("Stuck too long");
        await Assertions.Expect(plan.GetByTestId("outreach-counts")).ToContainTextAsync("Harbor Community Clinics");
        await BrowserFixture.ScreenshotAsync(plan, "ecm-10-plan-worklist");
    }
}
