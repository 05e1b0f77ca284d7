using CareHub.Reporting;
using CareHub.Reporting.Input;

namespace CareHub.Core.Tests.Reporting;

public class StartsFileTests
{
    private static readonly DateOnly _asOf = new(2025, 6, 30);

    private static StartsFile.Result Read(string text) => StartsFile.Read(new StringReader(text), "starts.csv", _asOf);

    [Fact]
    public void Read_ExactHeader_RowsWithLineNumbers()
    {
        var r = Read("member_id,group,start_date\nA,ecm,2024-03-15\n\nB,comparison,2024-01-31\n");
        r.Error.ShouldBeNull();
        r.Rows.ShouldBe([new StartRow(2, "A", "ecm", new DateOnly(2024, 3, 15)), new StartRow(4, "B", "comparison", new DateOnly(2024, 1, 31))]);
    }

    [Theory]
    [InlineData("member,group,start_date\n", "line 1")]
    [InlineData("member_id,group,start_date\nA,ecm,2024-13-01\n", "line 2, column start_date")]
    [InlineData("member_id,group,start_date\nA,ecm,2024-01-01\nB,,2024-01-01\n", "line 3, column group")]
    [InlineData("member_id,group,start_date\nA,ecm,2025-07-01\n", "line 2, column start_date")]
    [InlineData("member_id,group,start_date\nA,ecm\n", "line 2: expected 3 fields")]
    public void Read_BadInput_NamesTheLine(string text, string expected)
    {
        var r = Read(text);
        r.Succeeded.ShouldBeFalse();
        r.Error!.ShouldContain(expected);
        r.Rows.ShouldBeEmpty();
    }

    [Fact]
    public void Summarize_UnknownMember_StopsWithTheLineNumber()
    {
        var rows = Read("member_id,group,start_date\nA,ecm,2024-03-15\nZZ,ecm,2024-03-15\n").Rows;
        var members = new Dictionary<string, OutcomeRecords> { ["A"] = new() };
        var result = OutcomeComparison.Summarize(rows, members, _asOf, "starts.csv", "patients.csv");
        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe("starts.csv line 3, column member_id: member 'ZZ' is not in patients.csv.");
    }
}
