using System.CommandLine;
using CareHub.Cli.Reporting;
using CareHub.Reporting;

namespace CareHub.Cli.Tests.Reporting;

/// <summary><c>carehub outcomes</c> on Synthea and plan-data files, as an analyst runs it.</summary>
public sealed class OutcomesCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("carehub-outcomes-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(OutcomesCommand.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private string P(string name) => Path.Combine(_root, name);

    /// <summary>P1 (ecm, start 2024-03-15): ED 2024-03-14 twice (one date), 2024-03-15, 2025-03-15 (outside), inpatient
    /// 2023-06-01 and 2024-06-01; P2 (ecm) dies 2024-06-30; P3 (comparison, start 2024-01-31): ED 2023-02-01.</summary>
    private string Synthea()
    {
        var dir = P("synthea");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "patients.csv"),
            "Id,BIRTHDATE,DEATHDATE,FIRST,LAST,SSN,RACE,ETHNICITY,GENDER,COUNTY\n"
            + "P1,1970-01-01,,Ann,One,999-00-0001,white,nonhispanic,F,Orange County\n"
            + "P2,1960-01-01,2024-06-30,Bob,Two,999-00-0002,black,nonhispanic,M,Orange County\n"
            + "P3,1980-01-01,,Cy,Three,999-00-0003,asian,hispanic,M,Orange County\n");
        var enc = new[]
        {
            "E1,2024-03-14T08:00:00Z,2024-03-14T09:00:00Z,P1,emergency",
            "E2,2024-03-14T20:00:00Z,2024-03-14T21:00:00Z,P1,emergency",
            "E3,2024-03-15T08:00:00Z,2024-03-15T09:00:00Z,P1,emergency",
            "E4,2025-03-15T08:00:00Z,2025-03-15T09:00:00Z,P1,emergency",
            "E5,2023-06-01T08:00:00Z,2023-06-03T09:00:00Z,P1,inpatient",
            "E6,2024-06-01T08:00:00Z,2024-06-05T09:00:00Z,P1,inpatient",
            "E7,2024-05-01T08:00:00Z,2024-05-01T09:00:00Z,P2,emergency",
            "E8,2023-02-01T08:00:00Z,2023-02-01T09:00:00Z,P3,emergency",
            "E9,2024-02-01T08:00:00Z,2024-02-01T09:00:00Z,P3,wellness",
        };
        File.WriteAllText(Path.Combine(dir, "encounters.csv"), "Id,START,STOP,PATIENT,ENCOUNTERCLASS,CODE,REASONCODE\n" + string.Join("\n", enc.Select(e => e + ",,")) + "\n");
        return dir;
    }

    [Fact]
    public void CliCommands_RegisterOutcomes() => CliCommands.All().Select(c => c.Name).ShouldContain("outcomes");

    [Fact]
    public async Task Outcomes_Synthea_WritesOneRowPerGroup_WithTheExactHeader()
    {
        var dir = Synthea();
        File.WriteAllText(P("starts.csv"), "member_id,group,start_date\nP1,ecm,2024-03-15\nP2,ecm,2024-03-15\nP3,comparison,2024-01-31\n");

        var (exit, output, error) = await Run("outcomes", "--synthea", dir, "--starts", P("starts.csv"), "--as-of", "2025-06-30", "--out", P("out.csv"));

        exit.ShouldBe(0, error);
        output.ShouldContain("not a randomized comparison");
        var lines = File.ReadAllLines(P("out.csv"));
        lines[0].ShouldBe(OutcomeCsv.Header);
        lines.Length.ShouldBe(3);

        // Independent arithmetic: ecm before = P1 2024-03-14 (once) + admission 2023-06-01; after = P1 2024-03-15, P2 2024-05-01,
        // admission 2024-06-01. Days before: 366 + 366; after: 365 (P1) + 108 (P2 to its death).
        var ecm = lines[1].Split(',');
        ecm[..6].ShouldBe(["ecm", "2", "1", "2", "1", "1"]);
        double.Parse(ecm[6], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Math.Round(732 / 30.4375, 2));
        double.Parse(ecm[7], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Math.Round(473 / 30.4375, 2));
        var cmp = lines[2].Split(',');
        cmp[..6].ShouldBe(["comparison", "1", "1", "0", "0", "0"]);
    }

    [Fact]
    public async Task Outcomes_UnknownMember_StopsWithTheLine_AndWritesNothing()
    {
        var dir = Synthea();
        File.WriteAllText(P("starts.csv"), "member_id,group,start_date\nP1,ecm,2024-03-15\nNOPE,ecm,2024-03-15\n");

        var (exit, _, error) = await Run("outcomes", "--synthea", dir, "--starts", P("starts.csv"), "--as-of", "2025-06-30", "--out", P("out.csv"));

        exit.ShouldBe(1);
        error.ShouldContain("line 3");
        error.ShouldContain("NOPE");
        File.Exists(P("out.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task Outcomes_PlanData_CountsEnrolledDaysAndClassifiedClaims()
    {
        var dir = P("plan");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "members.csv"), "member_id,birth_date,death_date\nM1,1980-01-01,\n");
        File.WriteAllText(Path.Combine(dir, "enrollment.csv"), "member_id,start_date,end_date,county\nM1,2024-01-01,,Orange\n");
        File.WriteAllText(Path.Combine(dir, "claims.csv"),
            "claim_id,line,member_id,service_from,service_to,claim_type,place_of_service,revenue_code,type_of_bill,admission_type,procedure_code\n"
            + "C1,1,M1,2024-02-01,2024-02-01,institutional,,0450,0131,,99284\n"
            + "C2,1,M1,2024-02-01,2024-02-01,professional,23,,,,99284\n"
            + "C3,1,M1,2024-05-01,2024-05-04,institutional,,0120,0111,1,\n"
            + "C4,1,M1,2024-06-01,2024-06-04,institutional,,0120,0111,3,\n");
        File.WriteAllText(P("starts.csv"), "member_id,group,start_date\nM1,cs-housing,2024-03-01\n");

        var (exit, _, error) = await Run("outcomes", "--plan-data", dir, "--starts", P("starts.csv"), "--as-of", "2024-08-31", "--out", P("out.csv"));

        exit.ShouldBe(0, error);
        var row = File.ReadAllLines(P("out.csv"))[1].Split(',');
        // ED on 2024-02-01 once; the emergency admission counts, the elective one (type 3) does not.
        row[..6].ShouldBe(["cs-housing", "1", "1", "0", "0", "1"]);
        row[6].ShouldBe((60 / 30.4375).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)); // enrolled 2024-01-01 .. 2024-02-29
        row[7].ShouldBe((184 / 30.4375).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)); // 2024-03-01 .. 2024-08-31
    }
}
