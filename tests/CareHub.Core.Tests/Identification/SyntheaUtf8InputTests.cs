using System.Text;
using CareHub.Identification;

namespace CareHub.Core.Tests.Identification;

/// <summary>Synthea files are read as UTF-8 bytes: ids beyond ASCII, padded ids, quoted fields, a byte order mark and
/// bytes that are not UTF-8 are read as the text they decode to, bad values are shown as that text, and a condition
/// recorded at an encounter counts as before.</summary>
public sealed class SyntheaUtf8InputTests : IDisposable
{
    private const string PatientsHeader = "Id,BIRTHDATE,DEATHDATE,FIRST,LAST,RACE,ETHNICITY,GENDER,COUNTY";
    private const string EncountersHeader = "Id,START,STOP,PATIENT,ENCOUNTERCLASS,CODE,REASONCODE";
    private const string ConditionsHeader = "START,STOP,PATIENT,ENCOUNTER,SYSTEM,CODE";
    private readonly string _dir = Directory.CreateTempSubdirectory("carehub-synthea-utf8-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string header, IEnumerable<byte[]> rows, bool byteOrderMark = false)
    {
        var bytes = new List<byte>();
        if (byteOrderMark)
        {
            bytes.AddRange(Encoding.UTF8.GetPreamble());
        }

        bytes.AddRange(Utf8(header + "\n"));
        foreach (var row in rows)
        {
            bytes.AddRange(row);
            bytes.Add((byte)'\n');
        }

        File.WriteAllBytes(Path.Combine(_dir, name), [.. bytes]);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Five ED visits in the six months before 2025-06-30.</summary>
    private static IEnumerable<byte[]> FiveEdVisits(byte[] patient, string firstId = "E1") =>
        Enumerable.Range(1, 5).Select(i =>
        {
            var id = i == 1 ? firstId : $"E{i}";
            return (byte[])[.. Utf8($"{id},2025-0{i}-10T09:00:00Z,2025-0{i}-10T11:00:00Z,"), .. patient, .. Utf8(",EMERGENCY,50849002,")];
        });

    /// <summary>Determinations only for identified members: what a large file's test needs.</summary>
    private Task<Identify.Result> LargeRunAsync() => Identify.RunAsync(_dir, "2025-06-30", kind: InputKind.Synthea);

    private Task<Identify.Result> RunAsync() => Identify.RunAsync(_dir, "2025-06-30", kind: InputKind.Synthea, scope: DeterminationScope.All);

    [Fact]
    public async Task IdsBeyondAscii_PaddedIds_QuotedFields_AndAByteOrderMark_AreReadAsText()
    {
        Write("patients.csv", PatientsHeader, [Utf8(" Pé-1 ,1980-01-01,,Ana,Lopez, White ,NonHispanic, f ,Los Angeles County")], byteOrderMark: true);
        Write("encounters.csv", EncountersHeader, FiveEdVisits(Utf8("Pé-1"), "\"E,\"\"1\"\"\""));

        var result = (await RunAsync()).Succeeded();

        var determination = result.Find("Pé-1", "adult-high-utilizer").ShouldNotBeNull();
        determination.Eligible.ShouldBeTrue();
        determination.EvidenceText.ShouldContain("5 ED visits");
        determination.EvidenceText.ShouldContain("(E,\"1\")");
    }

    [Fact]
    public async Task IdsThatAreNotValidUtf8_MatchTheTextTheyDecodeTo()
    {
        Write("patients.csv", PatientsHeader, [[(byte)'P', 0xFF, (byte)'1', .. Utf8(",1980-01-01,,Ana,Lopez,white,nonhispanic,F,")]]);
        Write("encounters.csv", EncountersHeader, FiveEdVisits([(byte)'P', 0xFE, (byte)'1']));

        var result = (await RunAsync()).Succeeded();

        result.IsEligible("P\uFFFD1", "adult-high-utilizer").ShouldBeTrue();
    }

    [Theory]
    [InlineData("patients.csv", "Qø,1980-01-01,,Ana,Lopez,whıte,nonhispanic,F,", "RACE", "unknown RACE 'whıte' (expected white, black, asian, native, hawaiian or other).")]
    [InlineData("patients.csv", "Qø,1980-01-01,,Ana,Lopez,white,nonhispanic,Fé,", "GENDER", "unknown GENDER 'Fé' (expected F or M).")]
    [InlineData("patients.csv", "Qø,1980-0１-01,,Ana,Lopez,white,nonhispanic,F,", "BIRTHDATE", "bad date '1980-0１-01' (expected YYYY-MM-DD).")]
    [InlineData("encounters.csv", "X1,2025-01-01T09:00:00Z,,Pø,emergençy,1,", "ENCOUNTERCLASS", "unknown ENCOUNTERCLASS 'emergençy' (expected one of wellness, ambulatory, outpatient, inpatient, emergency, urgentcare, hospice, home, snf, virtual).")]
    [InlineData("encounters.csv", "X1,2025-01-01T09:00:00Z,,Pø,emergency,1,5820４004", "REASONCODE", "unknown REASONCODE '5820４004' (expected a SNOMED CT code).")]
    [InlineData("encounters.csv", "X1,2025-01-0１T09:00:00Z,,Pø,emergency,1,", "START", "bad date '2025-01-0１T09:00:00Z' (expected an ISO date-time like 2022-01-10T09:00:00Z).")]
    [InlineData("encounters.csv", "X1,2025-01-01T09:00:00Z,,Qø,emergency,1,", "PATIENT", "patient 'Qø' is not in patients.csv.")]
    [InlineData("conditions.csv", "2025-01-01,,Pø,X1,SNOMED-CT,5821400é", "CODE", "unknown condition CODE '5821400é' (expected a SNOMED CT code).")]
    [InlineData("conditions.csv", "2025-01-01,,Pø,X1,ICD-10-CM,F2Ø.9", "CODE", "unknown ICD-10 code 'F2Ø.9'.")]
    [InlineData("conditions.csv", "2025-01-01,2024-12-3１,Pø,X1,SNOMED-CT,58214004", "STOP", "bad date '2024-12-3１' (expected YYYY-MM-DD or empty).")]
    public async Task ABadValueBeyondAscii_IsShownAsText(string file, string row, string column, string reason)
    {
        Write("patients.csv", PatientsHeader, [Utf8("Pø,1980-01-01,,Ana,Lopez,white,nonhispanic,F,")]);
        Write("encounters.csv", EncountersHeader, []);
        Write("conditions.csv", ConditionsHeader, []);
        File.AppendAllText(Path.Combine(_dir, file), row + "\n");

        var result = await RunAsync();

        var error = result.Outcome.RowErrors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column, error.Reason).ShouldBe((file, file == "patients.csv" ? 3L : 2L, column, reason));
    }

    [Fact]
    public async Task AConditionAtTheEncounterOfItsDiagnosis_CountsOncePerDate_AndEachHomelessnessRecordStillCounts()
    {
        Write("patients.csv", PatientsHeader, [Utf8("P1,1980-01-01,,Ana,Lopez,white,nonhispanic,F,")]);
        Write("encounters.csv", EncountersHeader, [
            Utf8("E1,2025-05-01T09:00:00Z,2025-05-01T10:00:00Z,P1,ambulatory,185349003,58214004"),
            Utf8("E2,2025-06-01T09:00:00Z,2025-06-01T10:00:00Z,P1,ambulatory,185349003,32911000"),
        ]);
        Write("conditions.csv", ConditionsHeader, [
            Utf8("2025-05-01,2025-05-01,P1,E1,SNOMED-CT,58214004"),
            Utf8("2025-05-01,,P1,E1,SNOMED-CT,58214004"),
            Utf8("2025-06-01,2025-06-01,P1,E2,SNOMED-CT,32911000"),
        ]);

        var result = (await RunAsync()).Succeeded();

        result.Find("P1", "adult-smi-sud").ShouldNotBeNull().EvidenceText
            .ShouldContain("1 date with a smi diagnosis between 2023-07-01 and 2025-06-30 (1 or more needed): 2025-05-01 F20.9 (E1);");
        result.Find("P1", "homelessness").ShouldNotBeNull().EvidenceText
            .ShouldContain("diagnosis Z59.00 on 2025-06-01 (E2), diagnosis Z59.00 on 2025-06-01 (E2)");
    }

    /// <summary>A patients file large enough to be read in two parts: the second part's patients are added after the
    /// first part's, so an id seen in either part is still reported at its second line, and a patient of the second part
    /// is found with its own county.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(249_000)]
    public async Task ADuplicatePatientId_InTheSecondPartOfALargePatientsFile_IsReportedAtItsLine(int duplicated)
    {
        const int patients = 250_000;
        var padding = new string('a', 120);
        var rows = Enumerable.Range(1, patients)
            .Select(i => Utf8($"P{i:D7},1980-01-01,,Ana{padding},Lopez,white,nonhispanic,F,{(i % 2 == 0 ? "Kern County" : "Fresno")}"))
            .Append(Utf8($"P{duplicated:D7},1990-01-01,,Bo,Lee,asian,hispanic,M,"));
        Write("patients.csv", PatientsHeader, rows);
        new FileInfo(Path.Combine(_dir, "patients.csv")).Length.ShouldBeGreaterThan(32L << 20);
        Write("encounters.csv", EncountersHeader, FiveEdVisits(Utf8($"P{patients - 1:D7}")));

        var outcome = (await LargeRunAsync()).Outcome;

        var error = outcome.RowErrors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column, error.Reason).ShouldBe(("patients.csv", patients + 2L, "Id", $"patient Id 'P{duplicated:D7}' appears more than once."));
    }

    [Fact]
    public async Task PatientsOfEveryPartOfALargePatientsFile_KeepTheirOwnCountyAndDetails()
    {
        const int patients = 250_000;
        var padding = new string('a', 120);
        Write("patients.csv", PatientsHeader, Enumerable.Range(1, patients)
            .Select(i => Utf8($"P{i:D7},1980-01-01,,Ana{padding},Lopez,{(i % 2 == 0 ? "black" : "white")},nonhispanic,F,{(i % 2 == 0 ? "Kern County" : "Fresno")}")));
        Write("encounters.csv", EncountersHeader, [.. FiveEdVisits(Utf8("P0000002")), .. FiveEdVisits(Utf8($"P{patients:D7}"), "E9"), .. FiveEdVisits(Utf8($"P{patients - 1:D7}"), "E8")]);

        var run = (await LargeRunAsync()).Succeeded().Outcome.Run.ShouldNotBeNull();

        run.Members.ShouldBe(patients);
        var adults = run.Breakdown.Where(b => b.Population == "adult-high-utilizer").Select(b => (b.County, b.Eligible)).OrderBy(b => b.County).ToList();
        adults.ShouldBe([("Fresno", 1L), ("Kern", 2L)]);
    }

    [Fact]
    public async Task WordFields_InAnyCase_Padded_OrBeyondAscii_GiveTheSameCounties()
    {
        Write("patients.csv", PatientsHeader,
        [
            Utf8("P1,1980-01-01,,Ana,Lopez,WHITE,HISPANIC,M,Kern county"),
            Utf8("P2,1980-01-01,,Ana,Lopez, white ,nonhispanic, f , Kern County "),
            Utf8("P3,1980-01-01,,Ana,Lopez,Asian,NonHispanic,F,Doña Ana County"),
            Utf8("P4,1980-01-01,,Ana,Lopez,black,,m,Doña Ana"),
        ]);
        Write("encounters.csv", EncountersHeader, Enumerable.Range(1, 4).SelectMany(p => FiveEdVisits(Utf8($"P{p}"), $"F{p}")));

        var run = (await LargeRunAsync()).Succeeded().Outcome.Run.ShouldNotBeNull();

        var adults = run.Breakdown.Where(b => b.Population == "adult-high-utilizer").Select(b => (b.County, b.Eligible)).OrderBy(b => b.County, StringComparer.Ordinal).ToList();
        adults.ShouldBe([("Doña Ana", 2L), ("Kern", 2L)]);
    }
}
