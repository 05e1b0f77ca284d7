using CareHub.Members;
using CareHub.Referrals;
using CareHub.Testing;

namespace CareHub.Web.Tests.Billing;

/// <summary>Members with an authorized referral to a CBO, built for each test so each has its own history.</summary>
internal static class BillingTestData
{
    private static int _sequence;

    public sealed record Authorized(Member Member, Referral Referral, ServiceAuthorization Authorization);

    public static async Task<Authorized> AuthorizedReferralAsync(
        CareHubApp app, string cboEmail = "cbo@example.org", string planEmail = "planadmin@example.org", string service = "medically-tailored-meals",
        string start = "2025-03-03", string end = "2025-03-30", decimal? quantity = 56, string? unit = "meals", decimal? amount = null)
    {
        var plan = await app.OrganizationAsync(planEmail);
        var cbo = await app.OrganizationAsync(cboEmail);
        var n = Interlocked.Increment(ref _sequence);
        var now = DateTimeOffset.UtcNow;
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = $"BT{Guid.NewGuid():N}"[..20],
            Cin = $"8{n:0000000}{(char)('A' + (n % 26))}" + Guid.NewGuid().ToString("N")[..2],
            FirstName = "Billing",
            LastName = $"Test{n}",
            BirthDate = new DateOnly(1958, 7, 30),
            Sex = "M",
            County = "Los Angeles",
            AddressLine = "12 Elm St",
            City = "Pomona",
            Zip = "91766",
            CreatedAt = now,
        };
        var referral = new Referral
        {
            MemberId = member.Id,
            PlanId = plan.Id,
            County = "Los Angeles",
            CommunitySupportCode = service,
            ReferringOrganizationId = plan.Id,
            ReferrerKind = "plan-care-manager",
            CboId = cbo.Id,
            Reason = "Test referral for billing.",
            RequestedStart = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            RequestedEnd = DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            Status = ReferralStatus.InService,
            StatusChangedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            DecisionDueAt = now,
        };
        var auth = new ServiceAuthorization
        {
            MemberId = member.Id,
            ReferralId = referral.Id,
            PlanId = plan.Id,
            County = "Los Angeles",
            CommunitySupportCode = service,
            Start = referral.RequestedStart,
            End = referral.RequestedEnd,
            Quantity = quantity,
            QuantityUnit = unit,
            Amount = amount,
            AuthorizedAt = now,
        };
        await using var db = app.SystemDb();
        db.Members.Add(member);
        db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = "Los Angeles", Start = new DateOnly(2022, 1, 1) });
        db.Referrals.Add(referral);
        db.ServiceAuthorizations.Add(auth);
        db.MemberAccessGrants.Add(new MemberAccessGrant { MemberId = member.Id, OrganizationId = cbo.Id, Reason = "cs-referral", SourceId = referral.Id, GrantedAt = now });
        await db.SaveChangesAsync();
        return new Authorized(member, referral, auth);
    }

    public static string NewInvoiceNumber() => $"INV-{Guid.NewGuid():N}"[..20];
}
