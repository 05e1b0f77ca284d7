using CareHub.Exchange;

namespace CareHub.Core.Tests.Exchange;

public sealed class Enrollment834Tests
{
    [Fact]
    public void Read_AdditionChangeAndTermination()
    {
        var text = X12Samples.Enrollment(
            X12Samples.Member("021", "91000001A"),
            X12Samples.Member("001", "91000002A", last: "SMITH", fips: "059"),
            X12Samples.Member("024", "91000003A", end: "20250331"));
        var (records, error) = Enrollment834.Read(text);
        error.ShouldBeNull();
        records.Count.ShouldBe(3);

        var add = records[0];
        (add.MaintenanceType, add.MemberId, add.LastName, add.FirstName).ShouldBe(("021", "91000001A", "DOE", "JANE"));
        (add.BirthDate, add.Sex).ShouldBe((new DateOnly(1980, 1, 15), "F"));
        (add.Address, add.City, add.Zip, add.County, add.CountyFips).ShouldBe(("100 MAIN ST", "LOS ANGELES", "90012", "Los Angeles", "06037"));
        add.CoverageStart.ShouldBe(new DateOnly(2025, 1, 1));
        add.SegmentNumber.ShouldBe(7);

        records[1].County.ShouldBe("Orange"); // N406 given without the state's 06
        records[1].LastName.ShouldBe("SMITH");
        records[2].CoverageEnd.ShouldBe(new DateOnly(2025, 3, 31));
    }

    [Theory]
    [InlineData("INS*Y*18*021*28*A", "INS*Y*18*099*28*A", "INS03 '099'")]
    [InlineData("REF*0F*91000001A", "REF*1L*91000001A", "no REF*0F")]
    [InlineData("N4*LOS ANGELES*CA*90012**CY*06037", "N4*LOS ANGELES*CA*90012**CY*06038", "N406 '06038'")]
    [InlineData("DMG*D8*19800115*F", "DMG*D8*19801315*F", "'19801315' in DMG02 is not a date")]
    [InlineData("DTP*348*D8*20250101", "DTP*357*D8*20250101", "no DTP*348")]
    public void Read_Malformed_IsRejectedNamingTheSegment(string good, string bad, string message)
    {
        var text = X12Samples.Enrollment(X12Samples.Member("021", "91000001A")).Replace(good, bad, StringComparison.Ordinal);
        var (records, error) = Enrollment834.Read(text);
        records.ShouldBeEmpty();
        error.ShouldNotBeNull().Message.ShouldContain(message);
        error.SegmentNumber.ShouldBeGreaterThan(0);
        error.ToString().ShouldStartWith($"Segment {error.SegmentNumber} (");
    }

    [Fact]
    public void Read_TerminationWithoutEndDate_NamesTheIns()
    {
        var error = Enrollment834.Read(X12Samples.Enrollment(X12Samples.Member("024", "91000003A"))).Error!;
        error.Segment.ShouldStartWith("INS*Y*18*024");
        error.Message.ShouldContain("DTP*349");
    }

    [Theory]
    [InlineData("Los Angeles", "06037")]
    [InlineData("Alameda", "06001")]
    [InlineData("San Diego", "06073")]
    [InlineData("Yuba", "06115")]
    public void CountyFips_BothWays(string county, string fips)
    {
        CaliforniaCounties.Fips(county).ShouldBe(fips);
        CaliforniaCounties.FromFips(fips).ShouldBe(county);
    }
}
