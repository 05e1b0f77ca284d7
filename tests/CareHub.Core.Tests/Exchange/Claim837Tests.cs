using CareHub.Exchange;

namespace CareHub.Core.Tests.Exchange;

public sealed class Claim837Tests
{
    private static readonly ClaimParty _cbo = new("OPEN DOOR HOUSING", "1234567893", "1234567893", "123456789", "200 SPRING ST", "LOS ANGELES", "CA", "900121234");
    private static readonly ClaimParty _plan = new("GOLDEN POPPY", "PLAN01");
    private static readonly ClaimSubscriber _jane = new("91234567A", "DOE", "JANE", new DateOnly(1980, 1, 15), "F", "100 MAIN ST", "LOS ANGELES", "CA", "90012");
    private static readonly ClaimSubscriber _john = new("97654321B", "ROE", "JOHN", new DateOnly(1975, 6, 1), "M");

    private static IReadOnlyList<ClaimTransaction> Sample() =>
    [
        new ClaimTransaction(_cbo, _plan, "20250301", [new BillingProviderClaims(_cbo, _plan,
        [
            new ProfessionalClaim("CS0001", _jane, ["Z5900"], "AUTH1",
            [
                new ClaimServiceLine("L1", "H0043", ["U6"], 150m, 5m, new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 7)),
                new ClaimServiceLine("L2", "H2016", ["U6"], 30.5m, 1m, new DateOnly(2025, 3, 10), new DateOnly(2025, 3, 10)),
            ]),
            new ProfessionalClaim("CS0002", _jane, ["Z5941", "I509"], null, [new ClaimServiceLine("L3", "S5170", ["U6"], 84m, 14m, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 7))]),
            new ProfessionalClaim("CS0003", _john, ["Z5900"], null, [new ClaimServiceLine("L4", "T1016", ["U8", "GQ"], 20m, 1m, new DateOnly(2025, 3, 4), new DateOnly(2025, 3, 4))]),
        ])]),
    ];

    private static string Write() => Claim837.Write(new X12Envelope("1234567893", "PLAN01", 123456789, new DateTimeOffset(2025, 3, 31, 12, 0, 0, TimeSpan.Zero)), Sample());

    [Fact]
    public void Write_EnvelopeCountsControlNumbersAndClaimTotalsAreConsistent()
    {
        var text = Write();
        var interchange = X12Reader.Read(text).Interchange.ShouldNotBeNull(); // the reader checks SE01, SE02, GE01, GE02, IEA01, IEA02
        interchange.ControlNumber.ShouldBe("123456789");
        var segments = text.Split("~\n", StringSplitOptions.RemoveEmptyEntries);
        var st = Array.FindIndex(segments, s => s.StartsWith("ST*", StringComparison.Ordinal));
        var se = Array.FindIndex(segments, s => s.StartsWith("SE*", StringComparison.Ordinal));
        segments[se].ShouldBe($"SE*{se - st + 1}*0001");
        segments[^1].ShouldBe("IEA*1*123456789");
        segments[^2].ShouldBe("GE*1*123456789");
        segments.ShouldContain("CLM*CS0001*180.5***12:B:1*Y*A*Y*Y");
        segments.ShouldContain("SV1*HC:T1016:U8:GQ*20*UN*1***1");
        segments.ShouldContain("DTP*472*RD8*20250303-20250307");
        segments.ShouldContain("DTP*472*D8*20250310");
        segments.ShouldContain("HI*ABK:Z5941*ABF:I509");
        // HL: 1 billing provider, then one subscriber HL per member pointing to it.
        segments.Where(s => s.StartsWith("HL*", StringComparison.Ordinal)).ShouldBe(["HL*1**20*1", "HL*2*1*22*0", "HL*3*1*22*0"]);
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameClaims()
    {
        var (transactions, error) = Claim837.Read(Write());
        error.ShouldBeNull();
        var expected = Sample()[0].Providers[0].Claims;
        var actual = transactions.Single().Providers.Single().Claims;
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].ClaimNumber.ShouldBe(expected[i].ClaimNumber);
            actual[i].Total.ShouldBe(expected[i].Total);
            actual[i].Diagnoses.ShouldBe(expected[i].Diagnoses);
            actual[i].PriorAuthorization.ShouldBe(expected[i].PriorAuthorization);
            actual[i].Subscriber.MemberId.ShouldBe(expected[i].Subscriber.MemberId);
            actual[i].Subscriber.BirthDate.ShouldBe(expected[i].Subscriber.BirthDate);
            actual[i].Lines.Select(l => (l.ControlNumber, l.Hcpcs, string.Join(' ', l.Modifiers), l.Charge, l.Units, l.From, l.To))
                .ShouldBe(expected[i].Lines.Select(l => (l.ControlNumber, l.Hcpcs, string.Join(' ', l.Modifiers), l.Charge, l.Units, l.From, l.To)));
        }

        transactions[0].Providers[0].Provider.TaxId.ShouldBe("123456789");
        transactions[0].Receiver.Id.ShouldBe("PLAN01");
    }

    [Fact]
    public void Read_ClaimTotalThatIsNotTheSumOfItsLines_NamesTheClm()
    {
        var text = Write().Replace("CLM*CS0001*180.5*", "CLM*CS0001*181*", StringComparison.Ordinal);
        var (_, error) = Claim837.Read(text);
        error.ShouldNotBeNull().Segment.ShouldStartWith("CLM*CS0001*181");
        error.Message.ShouldContain("not the sum of the service lines (180.5)");
    }
}
