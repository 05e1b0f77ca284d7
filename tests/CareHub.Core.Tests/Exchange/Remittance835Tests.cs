using CareHub.Exchange;

namespace CareHub.Core.Tests.Exchange;

public sealed class Remittance835Tests
{
    [Fact]
    public void Read_PaidDeniedAndPartial_AmountsAndReasonCodes()
    {
        var text = X12Samples.Remittance(
            "CLP*CS0001*1*180.5*180.5**MC*PAYER1\nSVC*HC:H0043:U6*150*150**5\nREF*6R*L1\nSVC*HC:H2016:U6*30.5*30.5**1\nREF*6R*L2",
            "CLP*CS0002*4*84*0**MC*PAYER2\nCAS*CO*197*84",
            "CLP*CS0003*1*100*70**MC*PAYER3\nSVC*HC:T1016:U8:GQ*100*70**1\nCAS*CO*45*20*1\nCAS*PR*1*10\nREF*6R*L4");
        var (remittance, error) = Remittance835.Read(text);
        error.ShouldBeNull();
        remittance!.TotalPaid.ShouldBe(250.5m);
        remittance.CheckNumber.ShouldBe("CHK0001");
        remittance.PaidOn.ShouldBe(new DateOnly(2025, 2, 15));

        var paid = remittance.Claims[0];
        (paid.ClaimNumber, paid.Status, paid.Paid, paid.PayerClaimNumber).ShouldBe(("CS0001", "1", 180.5m, "PAYER1"));
        paid.Lines.Select(l => (l.Hcpcs, l.LineControlNumber, l.Paid)).ShouldBe([("H0043", "L1", 150m), ("H2016", "L2", 30.5m)]);

        var denied = remittance.Claims[1];
        denied.IsDenied.ShouldBeTrue();
        denied.Lines.ShouldBeEmpty();
        denied.Adjustments.ShouldBe([new Adjustment("CO", "197", 84m)]);

        var partial = remittance.Claims[2].Lines.Single();
        partial.Modifiers.ShouldBe(["U8", "GQ"]);
        (partial.Charge, partial.Paid).ShouldBe((100m, 70m));
        partial.Adjustments.ShouldBe([new Adjustment("CO", "45", 20m, 1m), new Adjustment("PR", "1", 10m)]);
        CareHub.Billing.PaymentStatuses.From(partial.Charge, partial.Paid, false).ShouldBe("adjusted");
        CareHub.Billing.PaymentStatuses.From(150m, 150m, false).ShouldBe("paid");
        CareHub.Billing.PaymentStatuses.From(84m, 0m, true).ShouldBe("denied");
    }

    [Fact]
    public void Read_LineAdjustmentsThatDoNotExplainTheDifference_AreRefusedNamingTheSvc()
    {
        var text = X12Samples.Remittance("CLP*CS0003*1*100*70**MC\nSVC*HC:T1016:U8*100*70**1\nCAS*CO*45*10");
        var (remittance, error) = Remittance835.Read(text);
        remittance.ShouldBeNull();
        error!.Segment.ShouldStartWith("SVC*HC:T1016:U8");
        error.Message.ShouldContain("not the sum of its adjustments");
    }

    [Fact]
    public void Read_TotalThatIsNotTheSumOfClaims_NamesBpr()
    {
        var text = X12Samples.Remittance("CLP*CS0001*1*10*10**MC").Replace("BPR*I*10*", "BPR*I*11*", StringComparison.Ordinal);
        var error = Remittance835.Read(text).Error!;
        error.Segment.ShouldStartWith("BPR*I*11");
        error.SegmentNumber.ShouldBe(4);
    }

    [Theory]
    [InlineData("CLP*CS0001*9*10*10**MC", "CLP02 '9'")]
    [InlineData("CLP*CS0001*1*10*ten**MC", "'ten' in CLP04 is not a number")]
    [InlineData("CLP*CS0001*1*10*10**MC\nCAS*XX*45*1", "CAS01 'XX'")]
    public void Read_Malformed_NamesSegmentAndProblem(string claim, string message)
    {
        var text = X12Samples.Remittance(claim.Replace("*ten*", "*10*", StringComparison.Ordinal));
        text = claim.Contains("ten", StringComparison.Ordinal) ? text.Replace("CLP*CS0001*1*10*10", "CLP*CS0001*1*10*ten", StringComparison.Ordinal) : text;
        var error = Remittance835.Read(text).Error.ShouldNotBeNull();
        error.Message.ShouldContain(message);
        error.SegmentNumber.ShouldBeGreaterThan(4);
    }
}
