using System.Text;
using CareHub.Members;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Billing;

public sealed class BillingPageTests(BrowserFixture browser)
{
    /// <summary>A member with meals authorized in February 2024 and referred to the first CBO.</summary>
    private async Task<(Member Member, Referral Referral)> AuthorizedMealsAsync()
    {
        await using var db = browser.App.SystemDb();
        var planId = await db.Users.Where(u => u.Email == "planadmin@example.org").Select(u => u.OrganizationId).SingleAsync();
        var cboId = await db.Users.Where(u => u.Email == "cbo@example.org").Select(u => u.OrganizationId).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var member = new Member
        {
            PlanId = planId,
            PlanMemberId = "GPI" + Random.Shared.Next(100000, 999999),
            Cin = "9" + Random.Shared.Next(1000000, 9999999) + "C",
            FirstName = "Lena",
            LastName = "Ortiz-" + Random.Shared.Next(1000, 9999),
            BirthDate = new DateOnly(1955, 4, 8),
            Sex = "F",
            County = "Los Angeles",
            CreatedAt = now,
        };
        var referral = new Referral
        {
            MemberId = member.Id,
            PlanId = member.PlanId,
            County = "Los Angeles",
            CommunitySupportCode = "medically-tailored-meals",
            ReferringOrganizationId = member.PlanId,
            ReferrerKind = "plan-care-manager",
            CboId = cboId,
            Reason = "Heart failure; low-sodium meals.",
            RequestedStart = new DateOnly(2024, 2, 1),
            RequestedEnd = new DateOnly(2024, 2, 28),
            Status = ReferralStatus.InService,
            StatusChangedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            DecisionDueAt = now,
        };
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = member.PlanId, County = "Los Angeles", Start = new DateOnly(2022, 1, 1) });
        db.Referrals.Add(referral);
        db.ServiceAuthorizations.Add(new ServiceAuthorization
        {
            MemberId = member.Id,
            ReferralId = referral.Id,
            PlanId = member.PlanId,
            County = "Los Angeles",
            CommunitySupportCode = referral.CommunitySupportCode,
            Start = referral.RequestedStart,
            End = referral.RequestedEnd,
            Quantity = 56,
            QuantityUnit = "meals",
            AuthorizedAt = now,
        });
        db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = member.Id, OrganizationId = cboId, Reason = "cs-referral", SourceId = referral.Id, GrantedAt = now });
        await db.SaveChangesAsync();
        return (member, referral);
    }

    [Fact]
    public async Task CboUploadsInvoiceCsv_SeesOneLineRejectedWithItsReason_AndDownloadsTheClaimFile()
    {
        var (member, referral) = await AuthorizedMealsAsync();
        var number = "INV-" + Random.Shared.Next(100000, 999999);
        var csv = "invoiceNumber,referralId,memberCin,from,to,units,amount\n"
            + $"{number},{referral.Id},{member.Cin},2024-02-01,2024-02-07,14,210.00\n"
            + $"{number},{referral.Id},{member.Cin},2024-02-25,2024-03-03,16,240.00\n";

        var cbo = await browser.SignInAsync("cbo@example.org");
        await cbo.GotoAsync("/billing");
        await Assertions.Expect(cbo.GetByRole(AriaRole.Link, new() { Name = "Billing" })).ToBeVisibleAsync();
        var template = await cbo.RunAndWaitForDownloadAsync(() => cbo.GetByTestId("template").ClickAsync());
        (await File.ReadAllTextAsync((await template.PathAsync())!)).ShouldStartWith("invoiceNumber,referralId,memberCin,from,to,units,amount");
        await BrowserFixture.ScreenshotAsync(cbo, "billing-cbo");

        await cbo.GetByLabel("Invoice file").SetInputFilesAsync(new FilePayload { Name = "february.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await cbo.GetByRole(AriaRole.Button, new() { Name = "Upload invoice" }).ClickAsync();
        await Assertions.Expect(cbo.Locator(".flash")).ToContainTextAsync($"Invoice {number} received: 1 line(s) accepted, 1 rejected.");
        var lines = cbo.GetByTestId("invoice-lines");
        await Assertions.Expect(lines.Locator("tr[data-line='1']")).ToContainTextAsync("accepted");
        await Assertions.Expect(lines.Locator("tr[data-line='1']")).ToContainTextAsync("S5170 U6");
        await Assertions.Expect(lines.Locator("tr[data-line='2']")).ToContainTextAsync("rejected");
        await Assertions.Expect(lines.Locator("tr[data-line='2']").GetByTestId("reason"))
            .ToContainTextAsync("2024-02-25 to 2024-03-03 is not inside one authorized period (authorized 2024-02-01 to 2024-02-28)");
        await BrowserFixture.ScreenshotAsync(cbo, "billing-invoice-lines");

        await cbo.GotoAsync("/billing");
        await cbo.GetByLabel("First service date").FillAsync("2024-02-01");
        await cbo.GetByLabel("Last service date").FillAsync("2024-02-29");
        var download = await cbo.RunAndWaitForDownloadAsync(() => cbo.GetByTestId("download-claims").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".x12");
        var x12 = await File.ReadAllTextAsync((await download.PathAsync())!);
        var (transactions, error) = CareHub.Exchange.Claim837.Read(x12);
        error.ShouldBeNull();
        var claim = transactions.SelectMany(t => t.Providers).SelectMany(p => p.Claims).Single(c => c.Subscriber.MemberId == member.Cin);
        claim.Lines.Single().Hcpcs.ShouldBe("S5170");
        claim.Total.ShouldBe(210m);

        // The plan sees the invoice awaiting payment, and its data exchange page.
        var plan = await browser.SignInAsync("planadmin@example.org");
        await plan.GotoAsync("/billing");
        await Assertions.Expect(plan.GetByTestId("invoices")).ToContainTextAsync(number);
        await Assertions.Expect(plan.GetByTestId("invoices")).ToContainTextAsync("1 awaiting payment");
        await BrowserFixture.ScreenshotAsync(plan, "billing-plan");
        await plan.GotoAsync("/exchange");
        await Assertions.Expect(plan.GetByRole(AriaRole.Heading, new() { Name = "Remittance advice (X12 835)" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(plan, "exchange-plan");

        var ecm = await browser.SignInAsync("ecm@example.org");
        await ecm.GotoAsync("/exchange");
        await ecm.GetByLabel("RTF file").SetInputFilesAsync(new FilePayload { Name = "rtf.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("memberCin,ecmStatus\n99999999Z,sleeping\n") });
        await ecm.GetByRole(AriaRole.Button, new() { Name = "Upload RTF" }).ClickAsync();
        await Assertions.Expect(ecm.GetByTestId("rejected")).ToContainTextAsync("'sleeping' is not one of");
        await Assertions.Expect(ecm.GetByTestId("rejected")).ToContainTextAsync("not a member assigned to your organization");
        await BrowserFixture.ScreenshotAsync(ecm, "exchange-ecm-rejected");
    }
}
