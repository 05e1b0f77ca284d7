using System.Text;

namespace CareHub.Core.Tests.Identification;

/// <summary>Plan-data files are read as UTF-8 bytes: ids and values beyond ASCII, padded ids, quoted fields and a byte
/// order mark are read as the text they decode to, and bad values are shown as that text.</summary>
public class Utf8InputTests
{
    private const string AdultHighUtilizer = "adult-high-utilizer";

    /// <summary>Five ED visits in the six months before 2025-06-30, each a facility line and a physician line.</summary>
    private static IEnumerable<string> FiveEdVisits(string member, string firstClaimId = "E1") =>
        Enumerable.Range(1, 5).SelectMany(i =>
        {
            var id = i == 1 ? firstClaimId : $"E{i}";
            var date = $"2025-0{i}-10";
            return new[]
            {
                $"{id},1,{member},{date},{date},Institutional,,0450,0131,,99284,100.00,R07.9,",
                $"{id},2,{member},{date},{date},PROFESSIONAL,23,,,,99284,100.00,R07.9,",
            };
        });

    private static void WriteBytes(PlanDataFixture f, string name, string header, IEnumerable<byte[]> rows, bool byteOrderMark = false)
    {
        var bytes = new List<byte>();
        if (byteOrderMark)
        {
            bytes.AddRange(Encoding.UTF8.GetPreamble());
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(header + "\n"));
        foreach (var row in rows)
        {
            bytes.AddRange(row);
            bytes.Add((byte)'\n');
        }

        File.WriteAllBytes(Path.Combine(f.Path, name), [.. bytes]);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The row's UTF-8 bytes with the one U+FFFD in it written as the single byte <paramref name="b"/>.</summary>
    private static byte[] WithByte(string row, byte b)
    {
        var parts = row.Split('\uFFFD');
        return [.. Utf8(parts[0]), b, .. Utf8(parts[1])];
    }

    [Fact]
    public async Task IdsBeyondAscii_PaddedIds_QuotedFields_AndAByteOrderMark_AreReadAsText()
    {
        using var f = new PlanDataFixture();
        WriteBytes(f, "members.csv", PlanDataFixture.MembersHeader, [Utf8(" Mé-1 ,1980-01-01,,Ana,Lopez,F,white,not-hispanic,")], byteOrderMark: true);
        WriteBytes(f, "enrollment.csv", PlanDataFixture.EnrollmentHeader, [Utf8("Mé-1\t,2020-01-01,, Los Angeles ,Sunrise IPA,n, 1H")]);
        WriteBytes(f, "claims.csv", PlanDataFixture.ClaimsHeader, FiveEdVisits("Mé-1", "\"E,\"\"1\"\"\"").Select(Utf8));

        var result = (await Identify.RunAsync(f.Path, "2025-06-30")).Succeeded();

        var determination = result.Find("Mé-1", AdultHighUtilizer).ShouldNotBeNull();
        determination.Eligible.ShouldBeTrue();
        determination.EvidenceText.ShouldContain("5 ED visits");
        determination.EvidenceText.ShouldContain("(E,\"1\")");
    }

    [Fact]
    public async Task IdsThatAreNotValidUtf8_MatchTheTextTheyDecodeTo()
    {
        using var f = new PlanDataFixture();
        byte[] invalid = [(byte)'M', 0xFF, (byte)'1'];
        byte[] otherInvalid = [(byte)'M', 0xFE, (byte)'1'];
        WriteBytes(f, "members.csv", PlanDataFixture.MembersHeader, [[.. invalid, .. Utf8(",1980-01-01,,Ana,Lopez,F,white,not-hispanic,")]]);
        WriteBytes(f, "enrollment.csv", PlanDataFixture.EnrollmentHeader, [[.. otherInvalid, .. Utf8(",2020-01-01,,Los Angeles,Sunrise IPA,N,1H")]]);
        WriteBytes(f, "claims.csv", PlanDataFixture.ClaimsHeader, FiveEdVisits("M\uFFFD1").Select(row => WithByte(row, 0xFF)));

        var result = (await Identify.RunAsync(f.Path, "2025-06-30")).Succeeded();

        result.IsEligible("M\uFFFD1", AdultHighUtilizer).ShouldBeTrue();
    }

    [Theory]
    [InlineData("X1,1,M1,2025-01-01,,professional,2é,,,,99213,10.00,R69,", "place_of_service", "unknown place of service '2é' (expected a 2-digit CMS code).")]
    [InlineData("X1,1,Mø,2025-01-01,,professional,11,,,,99213,10.00,R69,", "member_id", "member id 'Mø' is not in the members file.")]
    [InlineData("X1,1,M1,2025-01-01,,prøfessional,11,,,,99213,10.00,R69,", "claim_type", "unknown claim type 'prøfessional' (expected professional or institutional).")]
    [InlineData("X1,1,M1,2025-01-01,,professional,11,,,,99213,10.00,F2Ø.9,", "diagnosis_1", "unknown diagnosis code 'F2Ø.9' (expected ICD-10-CM, e.g. F20.9).")]
    [InlineData("X1,1,M1,2025-0１-01,,professional,11,,,,99213,10.00,R69,", "service_from", "bad date '2025-0１-01' (expected YYYY-MM-DD).")]
    public async Task ABadValueBeyondAscii_IsShownAsText(string row, string column, string reason)
    {
        using var f = new PlanDataFixture();
        f.Member("M1", "1980-01-01");
        f.Write();
        File.AppendAllText(Path.Combine(f.Path, "claims.csv"), row + "\n");

        var result = await Identify.RunAsync(f.Path, "2025-06-30");

        var error = result.Outcome.RowErrors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column, error.Reason).ShouldBe(("claims.csv", 2L, column, reason));
    }
}
