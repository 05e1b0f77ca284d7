using System.CommandLine;
using CareHub.Cli.Identification;

namespace CareHub.Cli.Tests.Identification;

/// <summary><c>carehub generate</c> and <c>carehub identify</c> as a user runs them.</summary>
public sealed class IdentifyCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("carehub-identify-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(IdentifyCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private string P(string name) => Path.Combine(_root, name);

    /// <summary>A plan-data directory: one adult with 5 ED visits in the 6 months before 2025-06-30, one with 4.</summary>
    private string SmallPlanData(string name = "plan")
    {
        var dir = P(name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "members.csv"), "member_id,birth_date,death_date\nHU1,1980-01-01,\nLOW,1980-01-01,\n");
        File.WriteAllText(Path.Combine(dir, "enrollment.csv"), "member_id,start_date,end_date,county,health_network,dual,aid_code\nHU1,2020-01-01,,Orange,Coast IPA,N,1H\nLOW,2020-01-01,,Orange,Coast IPA,N,1H\n");
        var claims = new List<string> { "claim_id,line,member_id,service_from,service_to,claim_type,place_of_service,revenue_code,type_of_bill,admission_type,procedure_code,paid_amount,diagnosis_1" };
        var dates = new[] { "2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10", "2025-06-30" };
        for (var i = 0; i < dates.Length; i++)
        {
            claims.Add($"A{i},1,HU1,{dates[i]},{dates[i]},institutional,,0450,0131,,99284,900.00,R07.9");
            if (i > 0)
            {
                claims.Add($"B{i},1,LOW,{dates[i]},{dates[i]},institutional,,0450,0131,,99284,900.00,R07.9");
            }
        }

        File.WriteAllText(Path.Combine(dir, "claims.csv"), string.Join("\n", claims) + "\n");
        return dir;
    }

    [Fact]
    public void CliCommands_RegisterIdentifyAndGenerate()
    {
        CliCommands.All().Select(c => c.Name).ShouldContain("identify");
        CliCommands.All().Select(c => c.Name).ShouldContain("generate");
    }

    [Fact]
    public async Task Identify_WritesTheExactHeader_AndCatalogPopulationCodes()
    {
        var dir = SmallPlanData();

        var (exit, output, error) = await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--out", P("eligible.csv"));

        exit.ShouldBe(0, error);
        var lines = File.ReadAllLines(P("eligible.csv"));
        lines[0].ShouldBe("member_id,population,rule_version,evidence");
        var eligible = lines.Skip(1).Where(l => !l.Contains("to confirm: ", StringComparison.Ordinal)).ToList();
        eligible.Count.ShouldBe(1);
        eligible[0].ShouldStartWith("HU1,adult-high-utilizer,current,\"age 45 on 2025-06-30 (21 or older; born 1980-01-01); 5 ED visits between 2024-12-31 and 2025-06-30");
        output.ShouldContain("adult-high-utilizer");
        // No row for rules whose open statements rest on age alone (LTC at risk, a parent or caregiver's homelessness):
        // nothing in these members' records points to them.
        lines.Length.ShouldBe(2);
        output.ShouldContain("Wrote 1 rows to");
        output.ShouldContain("(1 eligible, 0 pending confirmation of attestations)");
    }

    [Fact]
    public async Task Identify_WritesMembersPendingConfirmation_WithTheStatementsAtTheEndOfTheEvidence()
    {
        var dir = P("pending");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "members.csv"), "member_id,birth_date,death_date\nHOMELESS,1980-01-01,\nHOUSED,1980-01-01,\n");
        File.WriteAllText(Path.Combine(dir, "enrollment.csv"),
            "member_id,start_date,end_date,county,health_network,dual,aid_code\nHOMELESS,2020-01-01,,Orange,Coast IPA,N,1H\nHOUSED,2020-01-01,,Orange,Coast IPA,N,1H\n");
        File.WriteAllText(Path.Combine(dir, "claims.csv"),
            "claim_id,line,member_id,service_from,service_to,claim_type,place_of_service,revenue_code,type_of_bill,admission_type,procedure_code,paid_amount,diagnosis_1\n"
            + "Z1,1,HOMELESS,2025-05-01,2025-05-01,professional,11,,,,99213,80.00,Z59.00\n"
            + "R1,1,HOUSED,2025-05-01,2025-05-01,professional,11,,,,99213,80.00,R69\n");

        var (exit, output, error) = await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--out", P("pending.csv"));

        exit.ShouldBe(0, error);
        var rows = File.ReadAllLines(P("pending.csv"));
        rows[0].ShouldBe("member_id,population,rule_version,evidence");
        var homeless = rows.Where(r => r.StartsWith("HOMELESS,homelessness,", StringComparison.Ordinal)).ShouldHaveSingleItem();
        homeless.ShouldContain("homeless between 2025-04-02 and 2025-06-30 (within 90 days): diagnosis Z59.00 on 2025-05-01 (Z1)");
        homeless.ShouldEndWith("; to confirm: (1) Has no dependent children or youth under 21 living with them. (2) Has at least one complex physical, "
            + "behavioral or developmental health need, with inability to successfully self-manage, for whom coordination of services would likely "
            + "improve health outcomes and/or decrease use of high-cost services.\"");
        rows.ShouldNotContain(r => r.StartsWith("HOUSED,homelessness,", StringComparison.Ordinal), "no homelessness in the data: not identified");
        output.ShouldMatch(@"homelessness\s+current\s+0 eligible,\s+1 pending confirmation, of 1 meeting the criteria");
        output.ShouldNotContain("never met by data alone");
    }

    [Fact]
    public async Task Identify_Rules2022_UsesTheLaunchVersions()
    {
        var dir = SmallPlanData();

        var (exit, output, _) = await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--rules", "2022", "--out", P("e2022.csv"));

        exit.ShouldBe(0);
        File.ReadAllLines(P("e2022.csv")).ShouldBe(["member_id,population,rule_version,evidence"]);
        output.ShouldContain("with rules '2022'");
        (await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--rules", "2019", "--out", P("x.csv"))).Error
            .ShouldContain("--rules '2019' is not a rule version in the catalog; use current or one of: 2022, current");
    }

    [Fact]
    public async Task Identify_WithRulesCurrent_BeforeLaunch_ListsWhoMeetsTheCurrentCriteria()
    {
        (await Run("generate", "--members", "1500", "--seed", "4", "--format", "synthea", "--as-of", "2020-12-31", "--out", P("synthea"))).Item1.ShouldBe(0);

        var (exit, output, error) = await Run("identify", "--synthea", P("synthea"), "--as-of", "2020-12-31", "--rules", "current", "--out", P("before.csv"));

        exit.ShouldBe(0, error);
        var lines = File.ReadAllLines(P("before.csv"));
        lines[0].ShouldBe("member_id,population,rule_version,evidence");
        var highUtilizers = lines.Skip(1).Where(l => l.Split(',')[1] == "adult-high-utilizer").ToList();
        highUtilizers.ShouldNotBeEmpty();
        highUtilizers.ShouldAllBe(l => l.Split(',')[2] == "current");
        highUtilizers.ShouldAllBe(l => l.Contains("was not yet live in ", StringComparison.Ordinal) && l.Contains(" County on 2020-12-31 (live there from 2022-", StringComparison.Ordinal));
        output.ShouldContain("with rules 'current'");
        output.ShouldContain("Back-test: ");

        var (defaultExit, _, defaultError) = await Run("identify", "--synthea", P("synthea"), "--as-of", "2020-12-31", "--out", P("none.csv"));
        defaultExit.ShouldBe(2);
        defaultError.ShouldContain("No Population of Focus rule is in effect on 2020-12-31");
        defaultError.ShouldContain("--rules current");
    }

    [Fact]
    public async Task Identify_Synthea_FromAGeneratedExport()
    {
        var (genExit, genOutput, _) = await Run("generate", "--members", "800", "--seed", "3", "--format", "synthea", "--out", P("synthea"));
        genExit.ShouldBe(0);
        genOutput.ShouldContain("patients.csv");

        var (exit, output, error) = await Run("identify", "--synthea", P("synthea"), "--as-of", "2024-12-31", "--out", P("s.csv"));

        exit.ShouldBe(0, error);
        var rows = File.ReadAllLines(P("s.csv")).Skip(1).ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.Split(',')[0].Length == 36, "member_id is Synthea's own Id (a UUID)");
        rows.Select(r => r.Split(',')[1]).ShouldContain("adult-high-utilizer");
        output.ShouldContain("800 members");
        output.ShouldNotContain("latest service date");

        var (_, late, _) = await Run("identify", "--synthea", P("synthea"), "--as-of", "2025-06-30", "--out", P("s2.csv"));
        late.ShouldContain("note: the latest service date in encounters.csv is 2024-12-31, more than 3 months before the as-of date 2025-06-30");
    }

    [Fact]
    public async Task Identify_ABadRow_FailsAndWritesNothing_SkipBadRowsWritesRejects()
    {
        var dir = SmallPlanData();
        File.AppendAllText(Path.Combine(dir, "claims.csv"), "X1,1,HU1,2025-02-30,,professional,11,,,,99213,10.00,R69\n");

        var (exit, _, error) = await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--out", P("bad.csv"));

        exit.ShouldBe(1);
        error.ShouldContain("claims.csv line 11, column service_from: bad date '2025-02-30' (expected YYYY-MM-DD).");
        error.ShouldContain("Identification failed; nothing was written.");
        error.ShouldContain("--skip-bad-rows");
        File.Exists(P("bad.csv")).ShouldBeFalse();
        Directory.GetFiles(_root).ShouldBeEmpty();

        var (skipExit, _, skipError) = await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--out", P("ok.csv"), "--skip-bad-rows");

        skipExit.ShouldBe(0);
        skipError.ShouldContain("Skipped 1 bad rows; see ");
        var rejects = File.ReadAllLines(P("ok.rejects.csv"));
        rejects.Length.ShouldBe(2);
        rejects[1].ShouldContain("claims.csv");
        rejects[1].ShouldContain("11");
        rejects[1].ShouldContain("service_from");
        File.ReadAllLines(P("ok.csv")).Count(l => !l.Contains("to confirm: ", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task Identify_ClearMessages_ForMissingAndEmptyInputs()
    {
        (await Run("identify", "--plan-data", P("missing"), "--as-of", "2025-06-30", "--out", P("o.csv"))).Error
            .ShouldContain($"--plan-data '{P("missing")}': no such directory.");

        Directory.CreateDirectory(P("empty"));
        var empty = await Run("identify", "--plan-data", P("empty"), "--as-of", "2025-06-30", "--out", P("o.csv"));
        empty.Exit.ShouldBe(1);
        empty.Error.ShouldContain("members.csv, enrollment.csv, claims.csv (or .parquet) not found in");
        empty.Error.ShouldContain("The directory is empty; `carehub generate --format plan-data` writes a sample.");

        (await Run("generate", "--members", "20", "--seed", "1", "--format", "synthea", "--out", P("syn"))).Exit.ShouldBe(0);
        (await Run("identify", "--plan-data", P("syn"), "--as-of", "2025-06-30", "--out", P("o.csv"))).Error
            .ShouldContain("This looks like a Synthea export (patients.csv, encounters.csv): read it with --synthea.");

        var dir = SmallPlanData("no-members");
        File.WriteAllText(Path.Combine(dir, "members.csv"), "member_id,birth_date\n");
        (await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--out", P("o.csv"))).Error
            .ShouldContain("members.csv: the file has a header but no members.");

        (await Run("identify", "--plan-data", dir, "--as-of", "30/06/2025", "--out", P("o.csv"))).Error
            .ShouldContain("--as-of '30/06/2025' is not a date in the form YYYY-MM-DD");
        (await Run("identify", "--as-of", "2025-06-30", "--out", P("o.csv"))).Error.ShouldContain("Give exactly one input: --synthea DIR or --plan-data DIR.");
        (await Run("identify", "--plan-data", dir, "--as-of", "2025-06-30", "--out", P("nowhere/o.csv"))).Error.ShouldContain("the output directory");
        File.Exists(P("o.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task Generate_IsDeterministicForASeed()
    {
        (await Run("generate", "--members", "200", "--seed", "12", "--format", "plan-data", "--out", P("g1"))).Exit.ShouldBe(0);
        (await Run("generate", "--members", "200", "--seed", "12", "--format", "plan-data", "--out", P("g2"))).Exit.ShouldBe(0);

        foreach (var file in Directory.GetFiles(P("g1"), "*.csv"))
        {
            File.ReadAllText(Path.Combine(P("g2"), Path.GetFileName(file))).ShouldBe(File.ReadAllText(file), Path.GetFileName(file));
        }

        (await Run("generate", "--members", "10", "--seed", "1", "--format", "fhir", "--out", P("g3"))).Error.ShouldContain("--format 'fhir' is not known");
    }
}
