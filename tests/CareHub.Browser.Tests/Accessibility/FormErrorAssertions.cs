using CareHub.Members;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>What every page with a rejected form must show: a focused summary (<c>role="alert"</c>) linking each
/// named field, only those fields marked <c>aria-invalid</c> and described by a message that exists, and a width that
/// fits the screen.</summary>
public static class FormErrorAssertions
{
    public static async Task<ILocator> AssertSummaryAsync(IPage page, params string[] fieldIds)
    {
        var summary = page.Locator("[role='alert'][data-error-summary]");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToBeFocusedAsync();
        foreach (var id in fieldIds)
        {
            await Assertions.Expect(summary.Locator($"a[href='#{id}']")).ToHaveCountAsync(1);
            var message = page.Locator($"#{id}-error");
            await Assertions.Expect(message).ToHaveCountAsync(1);
            (await message.InnerTextAsync()).Trim().ShouldNotBeEmpty();
            var marked = page.Locator($"[aria-invalid='true'][aria-describedby~='{id}-error']");
            (await marked.CountAsync()).ShouldBeGreaterThan(0, $"no field is marked invalid and described by #{id}-error");
        }

        // Only the fields named are marked.
        var invalid = await page.Locator("[aria-invalid='true']").EvaluateAllAsync<string[]>(
            "els => [...new Set(els.map(e => e.getAttribute('aria-describedby').split(' ').find(d => d.endsWith('-error')).slice(0, -6)))]");
        invalid.ShouldBe(fieldIds, ignoreOrder: true);
        return summary;
    }

    public static async Task AssertNoDanglingDescriptionsAsync(IPage page)
    {
        var dangling = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('[aria-describedby]')].flatMap(e => e.getAttribute('aria-describedby').split(' ').filter(id => id && !document.getElementById(id)).map(id => e.id + ' -> ' + id))");
        dangling.ShouldBeEmpty();
    }

    public static async Task AssertFitsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"{page.Url} scrolls sideways");
    }

    /// <summary>A new member of the plan care manager's plan, enrolled in Los Angeles County since 2022.</summary>
    public static async Task<Member> NewMemberAsync(CareHubApp app, string idPrefix, string lastNamePrefix)
    {
        await using var db = app.SystemDb();
        var planId = await db.Users.Where(u => u.Email == "plancm@example.org").Select(u => u.OrganizationId).SingleAsync();
        var member = new Member
        {
            PlanId = planId,
            PlanMemberId = idPrefix + Random.Shared.Next(100000, 999999),
            FirstName = "Ana",
            LastName = lastNamePrefix + Random.Shared.Next(1000, 9999),
            BirthDate = new DateOnly(1960, 4, 9),
            County = "Los Angeles",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = planId, County = "Los Angeles", Start = new DateOnly(2022, 1, 1) });
        await db.SaveChangesAsync();
        return member;
    }
}
