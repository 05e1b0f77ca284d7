using CareHub.Billing;
using CareHub.Core.Tests.Catalog;
using CareHub.Referrals;

namespace CareHub.Core.Tests.Billing;

public sealed class InvoiceChecksTests
{
    private static readonly Guid _cbo = Guid.NewGuid();
    private static readonly Guid _otherCbo = Guid.NewGuid();
    private static readonly Guid _plan = Guid.NewGuid();

    private static DateOnly D(string s) => TestCatalog.Date(s);

    private static ReferralFacts Meals(Guid? cbo = null, decimal meals = 56, decimal? dollars = null, params BilledSpan[] billed)
    {
        var id = Guid.NewGuid();
        return new ReferralFacts(id, Guid.NewGuid(), ["91234567A"], _plan, "Los Angeles", cbo ?? _cbo, "medically-tailored-meals",
            [new AuthorizationFacts(Guid.NewGuid(), D("2025-03-03"), D("2025-03-30"), meals, "meals", dollars, billed.Length * 14, 0)], billed);
    }

    private static LineDecision Check(InvoiceLineInput line, ReferralFacts? referral, params UsageRecord[] history) =>
        InvoiceChecks.Check(TestCatalog.Embedded, _cbo, line, referral, history);

    private static InvoiceLineInput Line(ReferralFacts? r, string from = "2025-03-03", string to = "2025-03-09", decimal units = 14, decimal amount = 210m, string? member = null) =>
        new(1, r?.ReferralId.ToString() ?? Guid.NewGuid().ToString(), D(from), D(to), units, amount, member);

    [Fact]
    public void Check_LineInsideTheAuthorization_IsAcceptedWithTheCatalogCode()
    {
        var r = Meals();
        var d = Check(Line(r), r);
        d.Accepted.ShouldBeTrue(d.Reason);
        (d.Code!.Hcpcs, string.Join(' ', d.Code.Modifiers)).ShouldBe(("S5170", "U6"));
        d.RuleVersion.ShouldBe("2022");
    }

    [Fact]
    public void Check_UnknownReferral_SaysSo()
    {
        var d = Check(Line(null), null);
        (d.Status, d.ReasonCode).ShouldBe(("rejected", RejectionReasons.UnknownReferral));
        d.Reason!.ShouldContain("no referral");
    }

    [Fact]
    public void Check_AnotherOrganizationsReferral_SaysSo()
    {
        var r = Meals(cbo: _otherCbo);
        var d = Check(Line(r), r);
        d.ReasonCode.ShouldBe(RejectionReasons.OtherOrganization);
        d.Reason!.ShouldContain("another organization");
    }

    [Fact]
    public void Check_AnotherMember_SaysSo()
    {
        var r = Meals();
        var d = Check(Line(r, member: "99999999Z"), r);
        d.ReasonCode.ShouldBe(RejectionReasons.MemberMismatch);
        Check(Line(r, member: "91234567a"), r).Accepted.ShouldBeTrue();
    }

    [Theory]
    [InlineData("2025-03-01", "2025-03-05")]
    [InlineData("2025-03-28", "2025-04-02")]
    [InlineData("2025-04-01", "2025-04-01")]
    public void Check_DatesOutsideTheAuthorizedPeriod_SaySo(string from, string to)
    {
        var r = Meals();
        var d = Check(Line(r, from, to, units: 2), r);
        d.ReasonCode.ShouldBe(RejectionReasons.OutsideAuthorization);
        d.Reason!.ShouldContain("authorized 2025-03-03 to 2025-03-30");
    }

    [Fact]
    public void Check_UnitsOverWhatIsLeft_SaysHowManyAreLeft()
    {
        var r = Meals(meals: 56, billed: new BilledSpan(D("2025-03-03"), D("2025-03-09"), "INV-1"));
        var d = Check(Line(r, "2025-03-10", "2025-03-30", units: 43), r);
        d.ReasonCode.ShouldBe(RejectionReasons.UnitsExceeded);
        d.Reason!.ShouldContain("only 42 of the 56 meals authorized are left");
        Check(Line(r, "2025-03-10", "2025-03-30", units: 42), r).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void Check_DollarsOverWhatIsLeft_SaysHowMuchIsLeft()
    {
        var r = Meals(dollars: 500m);
        var d = Check(Line(r, amount: 500.01m), r);
        d.ReasonCode.ShouldBe(RejectionReasons.DollarsExceeded);
        d.Reason!.ShouldContain("only $500 of the $500 authorized are left");
    }

    [Fact]
    public void Check_DatesAlreadyBilled_NameTheInvoice()
    {
        var r = Meals(billed: new BilledSpan(D("2025-03-03"), D("2025-03-09"), "INV-7"));
        var d = Check(Line(r, "2025-03-09", "2025-03-12", units: 8), r);
        d.ReasonCode.ShouldBe(RejectionReasons.AlreadyBilled);
        d.Reason!.ShouldContain("invoice INV-7");
    }

    [Fact]
    public void Check_MemberHistoryOverTheCatalogLimit_IsRefusedByTheLimitEngine()
    {
        // Home modifications: $7,500 per lifetime, whoever billed the rest.
        var r = new ReferralFacts(Guid.NewGuid(), Guid.NewGuid(), [], _plan, "Los Angeles", _cbo, "environmental-accessibility-adaptations",
            [new AuthorizationFacts(Guid.NewGuid(), D("2025-05-01"), D("2025-06-30"), null, null, 5000m, 0, 0)], []);
        var earlier = new UsageRecord("environmental-accessibility-adaptations", D("2023-02-01"), D("2023-02-01"), null, 6000m, Guid.NewGuid().ToString(), Guid.NewGuid(), "Orange", "billed");
        var d = Check(Line(r, "2025-05-02", "2025-05-02", units: 1, amount: 2000m), r, earlier);
        d.ReasonCode.ShouldBe(RejectionReasons.OverLimit);
        d.Reason!.ShouldContain("7,500");
        Check(Line(r, "2025-05-02", "2025-05-02", units: 1, amount: 1500m), r, earlier).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void CheckAll_EarlierLinesOfTheSameInvoiceCount()
    {
        var r = Meals(meals: 20);
        var lines = new[]
        {
            new InvoiceLineInput(1, r.ReferralId.ToString(), D("2025-03-03"), D("2025-03-09"), 14, 100m),
            new InvoiceLineInput(2, r.ReferralId.ToString(), D("2025-03-10"), D("2025-03-16"), 14, 100m),
            new InvoiceLineInput(3, r.ReferralId.ToString(), D("2025-03-05"), D("2025-03-05"), 2, 10m),
        };
        var decisions = InvoiceChecks.CheckAll(TestCatalog.Embedded, _cbo, lines, id => id == r.ReferralId ? r : null, _ => []);
        decisions.Select(x => x.ReasonCode).ShouldBe([null, RejectionReasons.UnitsExceeded, RejectionReasons.AlreadyBilled]);
    }

    [Fact]
    public void Check_CodeIsTheCatalogsForTheServiceDate_AcrossACodeChange()
    {
        // Community or home transition: T2038 U5 until 2025-12-31, set-up expenses H0044 U5 from 2026-01-01.
        var r = new ReferralFacts(Guid.NewGuid(), Guid.NewGuid(), [], _plan, "Los Angeles", _cbo, "community-home-transition",
            [new AuthorizationFacts(Guid.NewGuid(), D("2025-12-01"), D("2026-01-31"), null, null, 7500m, 0, 0)], []);
        foreach (var (date, hcpcs) in new[] { ("2025-12-31", "T2038"), ("2026-01-01", "H0044") })
        {
            var d = Check(Line(r, date, date, units: 1, amount: 100m), r);
            d.Accepted.ShouldBeTrue(d.Reason);
            var expected = TestCatalog.Embedded.CommunitySupportOn("community-home-transition", D(date))!.Version.Billing[0];
            (d.Code!.Hcpcs, d.Code.Modifiers).ShouldBe((expected.Hcpcs, expected.Modifiers));
            d.Code.Hcpcs.ShouldBe(hcpcs);
            d.Code.Modifiers.ShouldBe(["U5"]);
        }
    }

    [Fact]
    public void EcmEncounterCoding_IsCatalogDataAndKeepsTheUnconfirmedFlags()
    {
        var coding = EcmEncounterCoding.Embedded;
        coding.For(EcmEncounterCoding.Outreach, clinicalStaff: false, remote: true).Key.ShouldBe("G9012 U8 GQ");
        coding.For(EcmEncounterCoding.CareManagement, clinicalStaff: false, remote: false).Key.ShouldBe("G9012 U2");
        var clinical = coding.For(EcmEncounterCoding.CareManagement, clinicalStaff: true, remote: false);
        clinical.Key.ShouldBe("G9008 U1");
        clinical.Confirmed.ShouldBeFalse();
        clinical.Note.ShouldContain("UNCONFIRMED");
        coding.Codes.Where(c => c.Hcpcs == "G9012").ShouldAllBe(c => c.Confirmed);
    }
}
