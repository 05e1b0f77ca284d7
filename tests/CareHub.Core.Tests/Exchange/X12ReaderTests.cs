using CareHub.Exchange;

namespace CareHub.Core.Tests.Exchange;

public sealed class X12ReaderTests
{
    [Fact]
    public void Read_DelimitersComeFromIsa_NotAssumed()
    {
        var text = X12Samples.Envelope("HC", "005010X222A1", "837", "BHT*0019*00*B1*20250102*0930*CH")
            .Replace('*', '|').Replace(':', '>').Replace('~', '\'');
        var result = X12Reader.Read(text);
        result.Error.ShouldBeNull();
        result.Interchange!.Delimiters.ShouldBe(new X12Delimiters('|', '>', '^', '\''));
        result.Interchange.Transactions.Single().Body.Single()[3].ShouldBe("B1");
    }

    [Theory]
    [InlineData("SE*3*0001~", "SE*9*0001~", "SE01 says 9 segments; the transaction set has 3")]
    [InlineData("SE*3*0001~", "SE*3*0002~", "SE02 '0002' does not match ST02 '0001'")]
    [InlineData("GE*1*7~", "GE*2*7~", "GE01 says 2 transaction sets")]
    [InlineData("GE*1*7~", "GE*1*8~", "GE02 '8' does not match GS06 '7'")]
    [InlineData("IEA*1*000000007~", "IEA*1*000000008~", "IEA02 '000000008' does not match ISA13 '000000007'")]
    [InlineData("IEA*1*000000007~", "IEA*2*000000007~", "IEA01 says 2 functional groups")]
    public void Read_EnvelopeCountsAndControlNumbersThatDisagree_AreNamedWithTheirSegment(string good, string bad, string message)
    {
        var text = X12Samples.Envelope("HC", "005010X222A1", "837", "BHT*0019*00*B1*20250102*0930*CH").Replace(good, bad);
        var error = X12Reader.Read(text).Error.ShouldNotBeNull();
        error.Message.ShouldContain(message);
        error.Segment.ShouldBe(bad.TrimEnd('~'));
        error.SegmentNumber.ShouldBeGreaterThan(3);
    }

    [Fact]
    public void Read_NotAnIsa_IsRefusedAtSegmentOne()
    {
        var error = X12Reader.Read("hello, this is not an X12 file at all, it is much too plain to be one and has no ISA in front").Error!;
        error.SegmentNumber.ShouldBe(1);
        error.Message.ShouldContain("ISA");
    }

    [Fact]
    public void Writer_CountsSegmentsAndMatchesControlNumbers()
    {
        var w = new X12Writer(new X12Envelope("SENDER", "RECEIVER", 42, new DateTimeOffset(2025, 1, 2, 9, 30, 0, TimeSpan.Zero)), "HC", "005010X222A1");
        w.BeginTransaction("837");
        w.Segment("BHT", "0019", "00", "B*1:x~", "20250102");
        w.EndTransaction();
        var text = w.Finish();
        text.Split('\n')[0].Length.ShouldBe(106);
        var read = X12Reader.Read(text);
        read.Error.ShouldBeNull();
        read.Interchange!.ControlNumber.ShouldBe("000000042");
        read.Interchange.Transactions.Single().Body.Single()[3].ShouldBe("B 1 x"); // delimiters inside values are cleaned
    }
}
