using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

/// <summary>Bad rows, missing files and empty inputs: clear messages naming file, line and column; nothing partial.</summary>
public class InputErrorTests
{
    private static PlanDataFixture TwoMembers()
    {
        var f = new PlanDataFixture();
        f.Member("M1", "1980-01-01").Member("M2", "1980-01-01");
        f.Ed("M1", "2025-01-01");
        return f;
    }

    private static void AppendClaim(PlanDataFixture f, string row) =>
        File.AppendAllText(Path.Combine(f.Path, "claims.csv"), row + "\n");

    [Theory]
    [InlineData("X1,1,M1,2025-13-01,,professional,11,,,,99213,10.00,R69,", "service_from", "bad date '2025-13-01' (expected YYYY-MM-DD).")]
    [InlineData("X1,1,,2025-01-01,,professional,11,,,,99213,10.00,R69,", "member_id", "missing member id.")]
    [InlineData("X1,1,M1,2025-01-01,,dental,11,,,,99213,10.00,R69,", "claim_type", "unknown claim type 'dental' (expected professional or institutional).")]
    [InlineData("X1,1,M1,2025-01-01,,professional,11,,,,99213,10.00,NOTACODE,", "diagnosis_1", "unknown diagnosis code 'NOTACODE' (expected ICD-10-CM, e.g. F20.9).")]
    [InlineData("X1,1,M9,2025-01-01,,professional,11,,,,99213,10.00,R69,", "member_id", "member id 'M9' is not in the members file.")]
    public async Task ABadRow_FailsTheRun_NamingFileLineAndColumn(string row, string column, string reason)
    {
        using var f = TwoMembers();
        f.Write();
        AppendClaim(f, row);

        var result = await Identify.RunAsync(f.Path, "2025-06-30");

        result.Outcome.Succeeded.ShouldBeFalse();
        result.Items.ShouldBeEmpty();
        var error = result.Outcome.RowErrors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column, error.Reason).ShouldBe(("claims.csv", 4L, column, reason));
        result.Outcome.Describe().ShouldContain($"claims.csv line 4, column {column}: {reason}");
    }

    [Fact]
    public async Task WrongColumnCount_IsReportedWithTheLine()
    {
        using var f = TwoMembers();
        f.Write();
        AppendClaim(f, "X1,1,M1,2025-01-01,professional");

        var result = await Identify.RunAsync(f.Path, "2025-06-30");

        result.Outcome.Succeeded.ShouldBeFalse();
        var error = result.Outcome.RowErrors.ShouldHaveSingleItem();
        error.File.ShouldBe("claims.csv");
        error.Line.ShouldBe(4);
        error.Reason.ShouldContain("5 fields");
        error.Reason.ShouldContain("14");
    }

    [Fact]
    public async Task BadDateInTheMembersFile_NamesThatFile()
    {
        using var f = TwoMembers();
        f.Member("M3", "01/02/1980");
        f.Write();

        var result = await Identify.RunAsync(f.Path, "2025-06-30");

        result.Outcome.RowErrors.ShouldHaveSingleItem().ToString().ShouldBe("members.csv line 4, column birth_date: bad date '01/02/1980' (expected YYYY-MM-DD).");
    }

    [Fact]
    public async Task UnknownProgramCode_IsABadRow()
    {
        using var f = TwoMembers();
        f.Program("M1", "hospital-at-home", "2025-01-01");
        f.Write();

        var result = await Identify.RunAsync(f.Path, "2025-06-30");

        var error = result.Outcome.RowErrors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column).ShouldBe(("programs.csv", 2L, "program"));
        error.Reason.ShouldStartWith("unknown program 'hospital-at-home' (expected one of wpc, hhp, ecm,");
    }

    [Fact]
    public async Task SkipBadRows_RunsWithoutThem_AndListsThem()
    {
        using var f = TwoMembers();
        foreach (var d in new[] { "2025-01-02", "2025-02-01", "2025-03-01", "2025-04-01" })
        {
            f.Ed("M1", d);
        }

        f.Write();
        AppendClaim(f, "X1,1,M1,2025-13-01,,professional,11,,,,99213,10.00,R69,");
        AppendClaim(f, "X2,1,,2025-01-01,,professional,11,,,,99213,10.00,R69,");

        var result = (await Identify.RunAsync(f.Path, "2025-06-30", skipBadRows: true)).Succeeded();

        result.Outcome.RowErrorCount.ShouldBe(2);
        result.Outcome.RowErrors.Select(e => (e.Line, e.Column)).ShouldBe([(12L, "service_from"), (13L, "member_id")]);
        result.Outcome.Run!.RowsRejected.ShouldBe(2);
        result.Eligible("adult-high-utilizer").ShouldBe(["M1"]);
    }

    [Fact]
    public async Task MissingFiles_AndEmptyInputs_GetClearMessages()
    {
        using var f = TwoMembers();
        f.Write();
        File.Delete(Path.Combine(f.Path, "claims.csv"));
        (await Identify.RunAsync(f.Path, "2025-06-30")).Outcome.Describe()
            .ShouldContain("claims.csv (or claims.parquet) not found in");

        (await Identify.RunAsync(Path.Combine(f.Path, "nowhere"), "2025-06-30")).Outcome.Describe().ShouldContain("nowhere not found");

        using var empty = new PlanDataFixture();
        empty.Write();
        (await Identify.RunAsync(empty.Path, "2025-06-30")).Outcome.Describe().ShouldBe("members.csv: the file has a header but no members.");

        File.WriteAllText(Path.Combine(empty.Path, "members.csv"), "");
        var blank = (await Identify.RunAsync(empty.Path, "2025-06-30")).Outcome;
        blank.Succeeded.ShouldBeFalse();
        blank.Describe().ShouldStartWith("members.csv: ");

        using var synthea = new PlanDataFixture();
        (await Identify.RunAsync(synthea.Path, "2025-06-30", kind: InputKind.Synthea)).Outcome.Describe().ShouldContain("patients.csv");
    }

    [Fact]
    public async Task MissingRequiredColumn_IsNamed()
    {
        using var f = TwoMembers();
        f.Write();
        File.WriteAllText(Path.Combine(f.Path, "members.csv"), "member_id,death_date\nM1,\n");

        var outcome = (await Identify.RunAsync(f.Path, "2025-06-30")).Outcome;

        outcome.Succeeded.ShouldBeFalse();
        outcome.Describe().ShouldContain("birth_date");
    }

    /// <summary>A members file large enough to be read in two parts: the second part's members are added after the
    /// first part's, so an id seen in either part is still reported at its second line.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(699_000)]
    public async Task ADuplicateMemberId_InTheSecondPartOfALargeMembersFile_IsReportedAtItsLine(int duplicated)
    {
        using var f = TwoMembers();
        f.Write();
        const int members = 700_000;
        var rows = Enumerable.Range(1, members).Select(i => $"P{i:D7},1980-01-01,,Ana,Lee,F,white,hispanic,1234")
            .Append($"P{duplicated:D7},1990-01-01,,Bo,Lee,M,asian,not-hispanic,");
        f.WriteFile("members.csv", PlanDataFixture.MembersHeader, rows);
        new FileInfo(Path.Combine(f.Path, "members.csv")).Length.ShouldBeGreaterThan(32L << 20);

        var result = await Identify.RunAsync(f.Path, "2025-06-30");

        result.Outcome.Succeeded.ShouldBeFalse();
        var error = result.Outcome.RowErrors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column, error.Reason).ShouldBe(("members.csv", members + 2L, "member_id", $"member id 'P{duplicated:D7}' appears more than once."));
    }
}
