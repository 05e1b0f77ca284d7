using CareHub.Cli.Exchange;

namespace CareHub.Cli.Tests.Exchange;

public sealed class ExchangeCheckTests
{
    [Fact]
    public void Check_RtfWithABadRow_ListsLineAndColumn()
    {
        var (_, problems) = ExchangeCommands.Check("rtf", "memberCin,ecmStatus\n91234567A,enrolled\n92345678B,sleeping\n");
        problems.ShouldContain(p => p.StartsWith("line 2, column enrollmentStart", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("line 3, column ecmStatus", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_X12WithAWrongCount_NamesTheSegment()
    {
        var text = string.Join("\n",
            "ISA*00*          *00*          *ZZ*DHCS           *ZZ*PLAN01         *250102*0930*^*00501*000000001*0*T*:~",
            "GS*BE*DHCS*PLAN01*20250102*0930*1*X*005010X220A1~", "ST*834*0001*005010X220A1~", "BGN*00*E1*20250102*0930****2~",
            "SE*4*0001~", "GE*1*1~", "IEA*1*000000001~");
        var (_, problems) = ExchangeCommands.Check("834", text);
        problems.ShouldHaveSingleItem().ShouldBe("Segment 5 (SE*4*0001): SE01 says 4 segments; the transaction set has 3 (ST to SE).");
        ExchangeCommands.Check("834", text.Replace("SE*4*0001", "SE*3*0001", StringComparison.Ordinal)).Summary.ShouldBe("0 member(s).");
    }
}
