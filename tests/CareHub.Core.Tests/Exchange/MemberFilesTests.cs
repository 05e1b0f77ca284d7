using CareHub.Exchange;

namespace CareHub.Core.Tests.Exchange;

public sealed class MemberFilesTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Mif_RoundTrip()
    {
        MifRow[] rows =
        [
            new("Golden Poppy", "91234567A", "GP1", "Nuñez", "Ana, María", D("1970-02-03"), "F", "Los Angeles", "1 \"Main\" St", "Pomona", "91766", null, "Spanish",
                "homeless-adults", D("2024-01-01"), null, "enrolled", D("2025-01-05")),
            new("Golden Poppy", "92345678B", "GP2", "-Lee", "Sam", D("1988-12-31"), "M", "Orange", null, null, null, "555-0100", "English", null, null, null, "assigned", null),
        ];
        var (read, problems) = MemberFiles.ReadMif(MemberFiles.WriteMif(rows));
        problems.ShouldBeEmpty();
        read[0].ShouldBe(rows[0]);
        read[1].LastName.ShouldBe("'-Lee"); // a cell a spreadsheet would run as a formula is written as text
        (read[1] with { LastName = "-Lee" }).ShouldBe(rows[1]);
    }

    [Fact]
    public void Rtf_RoundTrip_WithTheClosedLoopElements()
    {
        RtfRow[] rows =
        [
            new(2, "91234567A", "enrolled", D("2025-02-01"), null, D("2025-02-20"), D("2025-02-10"), "Dana Cruz", null, null, "in-progress", D("2025-07-15"), null),
            new(3, "92345678B", "disenrolled", D("2024-05-01"), D("2025-06-30"), null, null, null, D("2025-06-30"), "Goals met", "completed", D("2025-07-02"), "Service delivered"),
        ];
        var (read, problems) = MemberFiles.ReadRtf(MemberFiles.WriteRtf(rows));
        problems.ShouldBeEmpty();
        read.ShouldBe(rows);
    }

    [Fact]
    public void Otf_RoundTrip()
    {
        OtfRow[] rows = [new(2, "91234567A", D("2025-03-01"), "phone", false, 10), new(3, "91234567A", D("2025-03-04"), "in-person", true, null)];
        var (read, problems) = MemberFiles.ReadOtf(MemberFiles.WriteOtf(rows));
        problems.ShouldBeEmpty();
        read.ShouldBe(rows);
    }

    [Fact]
    public void Rtf_BadRows_RejectTheFile_WithLineColumnAndReason()
    {
        var csv = string.Join('\n', string.Join(',', MemberFiles.RtfColumns),
            "91234567A,enrolled,2025-02-01,,,,,,,,,",
            "92345678B,sleeping,2025-02-01,,,,,,,,,",
            "93456789C,disenrolled,2025-02-01,2025-01-01,,,,,,,,",
            "94567890D,enrolled,2025-02-01,,,,,,,closed,2025-06-30,") + "\n";
        var (_, problems) = MemberFiles.ReadRtf(csv);
        problems.Select(p => (p.Line, p.Column)).ShouldBe([(3, "ecmStatus"), (4, "enrollmentEnd"), (4, "discontinuationDate"), (5, "referralStatusDate"), (5, "loopClosureReason")]);
        problems[0].Reason.ShouldContain("'sleeping' is not one of");
        problems[3].Reason.ShouldContain("from 2025-07-01");
    }

    [Fact]
    public void Otf_UnknownColumnOrMissingColumn_NamesTheHeader()
    {
        MemberFiles.ReadOtf("memberCin,attemptDate,method\nA,2025-01-01,phone\n").Problems.Single().ShouldBe(new CsvProblem(1, "successful",
            "the header has no 'successful' column (layout version 1: memberCin,attemptDate,method,successful,minutes)."));
        MemberFiles.ReadOtf("memberCin,attemptDate,method,successful,color\nA,2025-01-01,phone,Y,red\n").Problems.Single().Column.ShouldBe("color");
    }
}
