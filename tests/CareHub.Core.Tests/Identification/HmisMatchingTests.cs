using CareHub.Catalog;
using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

/// <summary>HMIS clients are matched to plan members exactly or fuzzily; uncertain matches go to a review queue and
/// their records do not count until someone confirms them.</summary>
public class HmisMatchingTests
{
    private static readonly TestRules _homeless90 =
        new(new PopulationRule("homeless-90", "test", new DateOnly(2020, 1, 1), null, new HomelessnessCriterion(90)));

    /// <summary>An HMIS export beside the plan data: one shelter project, the clients and their enrollments in it.</summary>
    private static string WriteHmis(string directory, IEnumerable<string> clients, IEnumerable<string> enrollments)
    {
        var hmis = Path.Combine(directory, "hmis");
        Directory.CreateDirectory(hmis);
        File.WriteAllText(Path.Combine(hmis, "Project.csv"), "ProjectID,ProjectName,ProjectType\nES1,Harbor Shelter,0\n");
        File.WriteAllLines(Path.Combine(hmis, "Client.csv"),
            ["PersonalID,FirstName,LastName,SSN,SSNDataQuality,DOB,DOBDataQuality,NameDataQuality", .. clients]);
        File.WriteAllLines(Path.Combine(hmis, "Enrollment.csv"),
            ["EnrollmentID,PersonalID,ProjectID,EntryDate,LivingSituation,MoveInDate", .. enrollments]);
        File.WriteAllText(Path.Combine(hmis, "Exit.csv"), "EnrollmentID,ExitDate,Destination\n");
        return hmis;
    }

    [Fact]
    public async Task ExactAndFuzzyMatches_Count_UncertainOnesAwaitReview()
    {
        using var f = new PlanDataFixture();
        f.Member("M1", "1980-03-05", first: "Maria", last: "Garcia", ssn4: "1234")
            .Member("M2", "1975-07-07", first: "Jonathan", last: "Smith", ssn4: "5678")
            .Member("M3", "1990-01-15", first: "Jose", last: "Hernandez")
            .Member("M4", "1960-02-02", first: "Ruth", last: "Baker");
        f.Write();
        var hmis = WriteHmis(f.Path,
            ["H1,Maria,Garcia,123451234,1,1980-03-05,1,1", "H2,Jonathon,Smith,123455678,1,1975-07-07,1,1",
             "H3,Jose,Hernandes,,99,1990-01-15,1,1", "H4,Peter,Nobody,,99,1950-01-01,1,1"],
            ["EN1,H1,ES1,2025-05-01,116,", "EN2,H2,ES1,2025-06-01,116,", "EN3,H3,ES1,2025-06-10,116,", "EN4,H4,ES1,2025-06-10,116,"]);

        var result = (await Identify.RunAsync(f.Path, "2025-06-30", source: _homeless90, hmis: hmis)).Succeeded();

        var matches = result.Outcome.HmisMatches.ToDictionary(m => m.PersonalId);
        (matches["H1"].Status, matches["H1"].MemberId, matches["H1"].Method).ShouldBe((HmisMatchStatus.Matched, "M1", "exact"));
        (matches["H2"].Status, matches["H2"].MemberId, matches["H2"].Method).ShouldBe((HmisMatchStatus.Matched, "M2", "fuzzy"));
        matches["H2"].Reasons.ShouldContain("first name similar");
        (matches["H3"].Status, matches["H3"].MemberId).ShouldBe((HmisMatchStatus.NeedsReview, "M3"));
        matches["H3"].Score.ShouldBeInRange(60, 84);
        matches["H4"].Status.ShouldBe(HmisMatchStatus.Unmatched);
        result.Outcome.Run!.Hmis.ShouldBe(new HmisMatchSummary(4, 2, 1, 1));

        result.Eligible("homeless-90").ShouldBe(["M1", "M2"]);
        result.Find("M1", "homeless-90")!.EvidenceText.ShouldContain("HMIS");
        result.Find("M1", "homeless-90")!.EvidenceText.ShouldContain("EN1");
    }

    /// <summary>A members file large enough to be read in two parts: members of the second part keep their names and
    /// SSN for matching, like those of the first.</summary>
    [Fact]
    public async Task MembersOfBothPartsOfALargeMembersFile_AreMatchedByNameBirthDateAndSsn()
    {
        using var f = new PlanDataFixture();
        f.Member("M0000001", "1980-03-05", first: "Maria", last: "Garcia", ssn4: "1234");
        f.Write();
        const int members = 700_000;
        f.WriteFile("members.csv", PlanDataFixture.MembersHeader, Enumerable.Range(1, members).Select(i => i switch
        {
            1 => "M0000001,1980-03-05,,Maria,Garcia,F,white,hispanic,1234",
            members => $"M{members:D7},1975-07-07,,Jonathan,Smith,M,white,not-hispanic,5678",
            _ => $"M{i:D7},1960-01-01,,Anastasia,Lee,F,white,hispanic,",
        }));
        new FileInfo(Path.Combine(f.Path, "members.csv")).Length.ShouldBeGreaterThan(32L << 20);
        var hmis = WriteHmis(f.Path,
            ["H1,Maria,Garcia,123451234,1,1980-03-05,1,1", "H2,Jonathan,Smith,123455678,1,1975-07-07,1,1"],
            ["EN1,H1,ES1,2025-05-01,116,", "EN2,H2,ES1,2025-06-01,116,"]);

        var result = (await Identify.RunAsync(f.Path, "2025-06-30", source: _homeless90, hmis: hmis)).Succeeded();

        var matches = result.Outcome.HmisMatches.ToDictionary(m => m.PersonalId);
        (matches["H1"].Status, matches["H1"].MemberId, matches["H1"].Method).ShouldBe((HmisMatchStatus.Matched, "M0000001", "exact"));
        (matches["H2"].Status, matches["H2"].MemberId, matches["H2"].Method).ShouldBe((HmisMatchStatus.Matched, $"M{members:D7}", "exact"));
    }
}
