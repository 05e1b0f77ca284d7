using CareHub.Bench.Identification;
using CareHub.Catalog;
using CareHub.Identification;
using CareHub.Identification.Synthetic;
using DuckDB.NET.Data;

namespace CareHub.Core.Tests.Identification;

/// <summary>Runs over generated data: the generator is deterministic, Synthea and plan-data inputs of one population
/// give the same members, Parquet gives the same result as CSV, and DuckDB agrees on the high utilizers.</summary>
public sealed class GeneratedDataTests : IDisposable
{
    private const string AsOf = "2024-12-31";
    private readonly string _root = Directory.CreateTempSubdirectory("carehub-generated-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> GenerateAsync(string name, int members, ulong seed, SyntheticFormat format, bool parquet = false, bool hmis = false)
    {
        var dir = Path.Combine(_root, name);
        await SyntheticDataGenerator.GenerateAsync(new SyntheticDataOptions(members, seed, format, dir) { Parquet = parquet, Hmis = hmis },
            cancellation: TestContext.Current.CancellationToken);
        return dir;
    }

    [Fact]
    public async Task Generate_IsDeterministicForASeed()
    {
        var a = await GenerateAsync("a", 300, 42, SyntheticFormat.PlanData, hmis: true);
        var b = await GenerateAsync("b", 300, 42, SyntheticFormat.PlanData, hmis: true);
        var c = await GenerateAsync("c", 300, 43, SyntheticFormat.PlanData, hmis: true);

        var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
        files.ShouldContain("claims.csv");
        files.ShouldContain(Path.Combine("hmis", "Client.csv"));
        foreach (var file in files)
        {
            File.ReadAllBytes(Path.Combine(b, file)).ShouldBe(File.ReadAllBytes(Path.Combine(a, file)), file);
        }

        File.ReadAllText(Path.Combine(c, "claims.csv")).ShouldNotBe(File.ReadAllText(Path.Combine(a, "claims.csv")));
    }

    [Fact]
    public async Task SyntheaAndPlanData_OfTheSamePopulation_FindTheSameMembers()
    {
        const ulong seed = 9;
        var plan = await GenerateAsync("plan", 3000, seed, SyntheticFormat.PlanData);
        var synthea = await GenerateAsync("synthea", 3000, seed, SyntheticFormat.Synthea);

        foreach (var rules in new[] { "current", "2022" })
        {
            var fromPlan = (await Identify.RunAsync(plan, AsOf, rules)).Succeeded();
            var fromSynthea = (await Identify.RunAsync(synthea, AsOf, rules, kind: InputKind.Synthea)).Succeeded();
            var syntheaToIndex = Enumerable.Range(0, 3000).ToDictionary(i => SyntheticIds.SyntheaPatientId(seed, i), i => i, StringComparer.Ordinal);
            var planToIndex = Enumerable.Range(0, 3000).ToDictionary(SyntheticIds.PlanMemberId, i => i, StringComparer.Ordinal);
            var custodial = File.ReadLines(Path.Combine(plan, "nursing_facility_stays.csv")).Skip(1)
                .Where(l => l.Contains(",custodial,", StringComparison.Ordinal)).Select(l => planToIndex[l.Split(',')[0]]).ToHashSet();

            foreach (var population in new[] { "adult-high-utilizer", "child-high-utilizer" })
            {
                if (rules == "2022" && population == "child-high-utilizer")
                {
                    continue;
                }

                var a = fromPlan.Items.Where(d => d.Population == population && d.CriteriaMet).Select(d => planToIndex[d.MemberId]).Order().ToList();
                var b = fromSynthea.Items.Where(d => d.Population == population && d.CriteriaMet).Select(d => syntheaToIndex[d.MemberId]).Order().ToList();
                a.Count.ShouldBeGreaterThan(10, $"{population} {rules}");
                // Plan data knows which nursing facility stays are custodial (their skilled nursing bills are not
                // skilled nursing stays); Synthea does not. Otherwise both find the same members.
                a.Except(b).ShouldBeEmpty($"{population} with rules {rules}");
                b.Except(a).ShouldAllBe(i => custodial.Contains(i), $"{population} with rules {rules}");
            }
        }
    }

    [Fact]
    public async Task Parquet_GivesTheSameResultAsCsv()
    {
        var csv = await GenerateAsync("csv", 1500, 5, SyntheticFormat.PlanData);
        var parquet = await GenerateAsync("parquet", 1500, 5, SyntheticFormat.PlanData, parquet: true);
        Directory.GetFiles(parquet, "*.parquet").Length.ShouldBeGreaterThanOrEqualTo(3);
        Directory.GetFiles(parquet, "*.csv").ShouldBeEmpty();

        var a = (await Identify.RunAsync(csv, AsOf, scope: DeterminationScope.CriteriaMet)).Succeeded();
        var b = (await Identify.RunAsync(parquet, AsOf, scope: DeterminationScope.CriteriaMet)).Succeeded();

        a.Items.Count.ShouldBeGreaterThan(10);
        b.Items.Select(Key).ShouldBe(a.Items.Select(Key));
        b.Outcome.Run!.RowsRead.ShouldBe(a.Outcome.Run!.RowsRead);

        // The evidence names the file a record came from (programs.csv or programs.parquet); otherwise it is the same.
        static string Key(Determination d) =>
            $"{d.MemberId} {d.Population} {d.Eligible} {d.Exclusion?.Code} {d.EvidenceText.Replace(".parquet", ".csv", StringComparison.Ordinal)}";
    }

    [Fact]
    public async Task DuckDb_AndCareHub_AgreeOnTheAdultHighUtilizers()
    {
        var dir = await GenerateAsync("duck", 4000, 77, SyntheticFormat.PlanData);
        var asOf = new DateOnly(2024, 12, 31);
        var careHub = (await Identify.RunAsync(dir, AsOf)).Succeeded().Eligible("adult-high-utilizer");

        var exclusions = Identify.Catalog.GetExclusionPrograms(asOf).Append(ProgramCodes.Waiver1915C).Distinct().ToList();
        var duck = new List<string>();
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = HighUtilizerSql.Build(dir, asOf, exclusions);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                duck.Add(reader.GetString(0));
            }
        }

        careHub.Count.ShouldBeGreaterThan(20);
        duck.Order(StringComparer.Ordinal).ShouldBe(careHub);
    }

    [Fact]
    public async Task DuckDb_AndCareHub_AgreeOnTheAdultHighUtilizers_OfASyntheaExport()
    {
        var dir = await GenerateAsync("duck-synthea", 4000, 78, SyntheticFormat.Synthea);
        var asOf = new DateOnly(2024, 6, 30);
        var careHub = (await Identify.RunAsync(dir, "2024-06-30", kind: InputKind.Synthea)).Succeeded().Eligible("adult-high-utilizer");

        var exclusions = Identify.Catalog.GetExclusionPrograms(asOf).ToList();
        exclusions.ShouldContain(ProgramCodes.Hospice);
        var duck = new List<string>();
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = HighUtilizerSql.BuildSynthea(dir, asOf, exclusions);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                duck.Add(reader.GetString(0));
            }
        }

        careHub.Count.ShouldBeGreaterThan(3);
        duck.Order(StringComparer.Ordinal).ShouldBe(careHub);
    }
}
