using CareHub.Identification;
using CareHub.Identification.Synthetic;

namespace CareHub.Core.Tests.Identification;

/// <summary>A bad date in any file of any input (plan data, Synthea, HMIS) fails the run naming that file, the line
/// and the column; with skip-bad-rows the run goes on without it and lists it.</summary>
public sealed class BadRowsOnEveryInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("carehub-bad-rows-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("plan-data", "members.csv", "birth_date")]
    [InlineData("plan-data", "enrollment.csv", "start_date")]
    [InlineData("plan-data", "claims.csv", "service_from")]
    [InlineData("plan-data", "programs.csv", "start_date")]
    [InlineData("plan-data", "releases.csv", "release_date")]
    [InlineData("plan-data", "nursing_facility_stays.csv", "admission_date")]
    [InlineData("plan-data", "hmis/Enrollment.csv", "EntryDate")]
    [InlineData("plan-data", "hmis/Exit.csv", "ExitDate")]
    [InlineData("synthea", "patients.csv", "BIRTHDATE")]
    [InlineData("synthea", "encounters.csv", "START")]
    [InlineData("synthea", "conditions.csv", "START")]
    public async Task ABadDate_IsReportedWithFileLineAndColumn(string format, string file, string column)
    {
        var dir = Path.Combine(_root, format);
        await SyntheticDataGenerator.GenerateAsync(
            new SyntheticDataOptions(400, 11, format == "synthea" ? SyntheticFormat.Synthea : SyntheticFormat.PlanData, dir) { Hmis = format != "synthea" },
            cancellation: TestContext.Current.CancellationToken);
        var path = Path.Combine(dir, file);
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var position = Array.IndexOf(header, column);
        position.ShouldBeGreaterThanOrEqualTo(0, $"{file} has no {column} column");
        var line = Enumerable.Range(1, lines.Length - 1).Last(i => !lines[i].Contains('"', StringComparison.Ordinal));
        var fields = lines[line].Split(',');
        fields[position] = "2024-02-30";
        lines[line] = string.Join(',', fields);
        await File.WriteAllLinesAsync(path, lines, TestContext.Current.CancellationToken);
        var kind = format == "synthea" ? InputKind.Synthea : InputKind.PlanData;
        var hmis = format == "synthea" ? null : Path.Combine(dir, "hmis");

        var failed = await Identify.RunAsync(dir, "2024-12-31", kind: kind, hmis: hmis);

        failed.Outcome.Succeeded.ShouldBeFalse();
        failed.Items.ShouldBeEmpty();
        var error = failed.Outcome.RowErrors.ShouldHaveSingleItem();
        (error.File, error.Line, error.Column).ShouldBe((file, line + 1L, column));
        error.Reason.ShouldStartWith("bad date '2024-02-30'");
        failed.Outcome.Describe().ShouldContain($"{file} line {line + 1}, column {column}: bad date '2024-02-30'");

        // Skipped, the row is listed (rows of a skipped member are listed too, each with its own reason).
        var skipped = (await Identify.RunAsync(dir, "2024-12-31", kind: kind, hmis: hmis, skipBadRows: true)).Succeeded();
        skipped.Outcome.RowErrors.ShouldContain(error);
    }
}
