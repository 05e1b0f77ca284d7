using CareHub.Catalog;
using CareHub.Identification;
using CareHub.Identification.Engine;
using CareHub.Identification.Input.PlanData;

namespace CareHub.Core.Tests.Identification;

/// <summary>How claim lines and Synthea encounters become the catalog's event kinds (docs/identification.md).</summary>
public class ClaimLineClassifierTests
{
    private static string[] Kinds(int bits) => [.. EventKinds.All.Where((_, i) => (bits & (1 << i)) != 0)];

    [Theory]
    [InlineData(true, "", "0450", "131", "", "99284", (int)(LineDiagnoses.None), "ed-visit")]
    [InlineData(true, "", "0981", "131", "", "", (int)(LineDiagnoses.None), "ed-visit")]
    [InlineData(false, "23", "", "", "", "99213", (int)(LineDiagnoses.None), "ed-visit")]
    [InlineData(false, "11", "", "", "", "99285", (int)(LineDiagnoses.None), "ed-visit")]
    [InlineData(true, "", "0450", "138", "", "99284", (int)(LineDiagnoses.None), "")]
    [InlineData(true, "", "0120", "111", "1", "", (int)(LineDiagnoses.None), "inpatient-admission hospital-discharge")]
    [InlineData(true, "", "0120", "112", "2", "", (int)(LineDiagnoses.None), "inpatient-admission")]
    [InlineData(true, "", "0120", "114", "1", "", (int)(LineDiagnoses.None), "hospital-discharge")]
    [InlineData(true, "", "0120", "111", "3", "", (int)(LineDiagnoses.None), "hospital-discharge")]
    [InlineData(true, "", "0022", "211", "2", "", (int)(LineDiagnoses.None), "snf-stay")]
    [InlineData(true, "", "0022", "213", "2", "", (int)(LineDiagnoses.None), "")]
    [InlineData(false, "15", "", "", "", "H2011", (int)(LineDiagnoses.None), "crisis-visit")]
    [InlineData(false, "11", "", "", "", "90839", (int)(LineDiagnoses.None), "crisis-visit")]
    [InlineData(true, "", "0450", "131", "", "", (int)(LineDiagnoses.AnySubstanceUse), "ed-visit sud-ed-visit")]
    [InlineData(true, "", "0450", "131", "", "", (int)(LineDiagnoses.PrimaryBehavioral | LineDiagnoses.PrimarySubstanceUse | LineDiagnoses.AnySubstanceUse), "ed-visit sud-ed-visit bh-ed-visit")]
    [InlineData(true, "", "0120", "111", "3", "", (int)(LineDiagnoses.PrimaryBehavioral), "bh-inpatient-admission hospital-discharge")]
    [InlineData(true, "", "0114", "111", "3", "", (int)(LineDiagnoses.None), "bh-inpatient-admission hospital-discharge")]
    [InlineData(true, "", "0126", "112", "1", "", (int)(LineDiagnoses.None), "inpatient-admission sud-inpatient-admission")]
    [InlineData(true, "", "0120", "112", "1", "", (int)(LineDiagnoses.PrimarySubstanceUse | LineDiagnoses.PrimaryBehavioral), "inpatient-admission sud-inpatient-admission bh-inpatient-admission")]
    [InlineData(true, "", "0450", "131", "", "", (int)(LineDiagnoses.PrimaryAsthma), "ed-visit asthma-ed-visit")]
    [InlineData(true, "", "0120", "112", "1", "", (int)(LineDiagnoses.PrimaryAsthma), "inpatient-admission asthma-inpatient-admission")]
    [InlineData(false, "20", "", "", "", "", (int)(LineDiagnoses.PrimaryAsthma), "asthma-urgent-visit")]
    [InlineData(false, "11", "", "", "", "99213", (int)(LineDiagnoses.PrimaryAsthma), "asthma-urgent-visit")]
    [InlineData(false, "11", "", "", "", "99213", (int)(LineDiagnoses.None), "")]
    [InlineData(false, "81", "", "", "", "80053", (int)(LineDiagnoses.PrimaryAsthma), "")]
    [InlineData(true, "", "1002", "861", "", "", (int)(LineDiagnoses.None), "hospital-discharge")]
    public void ClaimLines(bool institutional, string pos, string revenue, string bill, string admission, string procedure, int dx, string expected)
    {
        var bits = EventClassifier.ClaimLine(institutional, pos, revenue, bill, admission, procedure, (LineDiagnoses)dx);

        Kinds(bits).ShouldBe(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), ignoreOrder: true);
    }

    [Fact]
    public void SettingCache_GivesTheClassifiersSetting_ForEveryCombination_AndItsThreeDigitRevenueForm()
    {
        string[] places = ["", "11", "20", "23"];
        string[] revenues = ["", "0450", "450", "0456", "0981", "0114", "0126", "1002", "0120"];
        string[] bills = ["", "111", "112", "114", "118", "131", "211", "861"];
        string[] admissions = ["", "1", "3"];
        string[] procedures = ["", "99213", "99284", "99286", "H2011", "S9083", "S9088", "S9089", "80053"];
        var cache = new ClaimSettingCache();
        var combinations = 0;
        for (var round = 0; round < 2; round++)
        {
            foreach (var institutional in new[] { false, true })
            {
                foreach (var pos in places)
                {
                    foreach (var revenue in revenues)
                    {
                        foreach (var bill in bills)
                        {
                            foreach (var admission in admissions)
                            {
                                foreach (var procedure in procedures)
                                {
                                    var expected = EventClassifier.ClaimLineSetting(institutional, pos, revenue.Length == 3 ? "0" + revenue : revenue, bill, admission, procedure);
                                    var setting = cache.Setting(institutional, Bytes(pos), Bytes(revenue), Bytes(bill), Bytes(admission), Bytes(procedure));
                                    setting.ShouldBe(expected, $"{institutional} {pos}/{revenue}/{bill}/{admission}/{procedure}");
                                    combinations++;
                                }
                            }
                        }
                    }
                }
            }
        }

        combinations.ShouldBe(2 * 2 * 4 * 9 * 8 * 3 * 9);

        static byte[] Bytes(string s) => System.Text.Encoding.ASCII.GetBytes(s);
    }

    [Fact]
    public async Task EveryEventKind_IsFoundFromPlanDataFiles_OnItsDate()
    {
        using var f = new PlanDataFixture();
        f.Member("M", "1980-01-01");
        f.Ed("M", "2025-01-05", dx: "F10.20", id: "SUD-ED");
        f.Ed("M", "2025-01-06", dx: "F32.2", id: "BH-ED");
        f.Ed("M", "2025-01-07", dx: "J45.41", id: "ASTHMA-ED");
        f.Admission("M", "2025-02-01", admissionType: "3", dx: "F20.9", days: 5, id: "BH-ADMIT");
        f.Admission("M", "2025-03-01", dx: "F11.23", days: 4, id: "SUD-ADMIT");
        f.Admission("M", "2025-04-01", dx: "J45.51", days: 2, id: "ASTHMA-ADMIT");
        f.Line("M", "2025-04-20", "professional", pos: "20", procedure: "99213", dx1: "J45.909", id: "ASTHMA-URGENT");
        f.Line("M", "2025-05-01", "professional", pos: "15", procedure: "H2011", dx1: "F43.0", id: "CRISIS");
        f.Snf("M", "2025-05-10", id: "SNF");

        var expected = new Dictionary<string, string[]>
        {
            ["ed-visit"] = ["2025-01-05 SUD-ED", "2025-01-06 BH-ED", "2025-01-07 ASTHMA-ED"],
            ["sud-ed-visit"] = ["2025-01-05 SUD-ED"],
            ["bh-ed-visit"] = ["2025-01-05 SUD-ED", "2025-01-06 BH-ED"],
            ["asthma-ed-visit"] = ["2025-01-07 ASTHMA-ED"],
            ["inpatient-admission"] = ["2025-03-01 SUD-ADMIT", "2025-04-01 ASTHMA-ADMIT"],
            ["bh-inpatient-admission"] = ["2025-02-01 BH-ADMIT", "2025-03-01 SUD-ADMIT"],
            ["sud-inpatient-admission"] = ["2025-03-01 SUD-ADMIT"],
            ["asthma-inpatient-admission"] = ["2025-04-01 ASTHMA-ADMIT"],
            ["asthma-urgent-visit"] = ["2025-04-20 ASTHMA-URGENT"],
            ["crisis-visit"] = ["2025-05-01 CRISIS"],
            ["snf-stay"] = ["2025-05-10 SNF"],
            ["hospital-discharge"] = ["2025-02-05 BH-ADMIT", "2025-03-04 SUD-ADMIT", "2025-04-02 ASTHMA-ADMIT"],
        };
        expected.Keys.ShouldBe(EventKinds.All, ignoreOrder: true);
        var rules = EventKinds.All.Select(k => new PopulationRule(k, "test", new DateOnly(2020, 1, 1), null, new EventCountCriterion([k], 1, 12))).ToArray();

        var result = (await Identify.RunAsync(f.Write(), "2025-06-30", scope: DeterminationScope.All, source: new TestRules(rules))).Succeeded();

        foreach (var (kind, events) in expected)
        {
            var records = result.Find("M", kind)!.Evidence.Records;
            records.Select(r => $"{r.Date:yyyy-MM-dd} {r.SourceId}").ShouldBe(events, kind);
        }
    }

    [Fact]
    public async Task SyntheaEncounters_BecomeTheSameKinds()
    {
        var dir = Directory.CreateTempSubdirectory("carehub-synthea-kinds-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "patients.csv"), "Id,BIRTHDATE,DEATHDATE,FIRST,LAST,RACE,ETHNICITY,GENDER\nP1,1980-01-01,,Ann,Lee,white,nonhispanic,F\n");
            File.WriteAllText(Path.Combine(dir, "encounters.csv"), string.Join("\n",
                "Id,START,STOP,PATIENT,ENCOUNTERCLASS,CODE,REASONCODE",
                "E1,2025-01-05T10:00:00Z,2025-01-05T12:00:00Z,P1,emergency,50849002,7200002",
                "E2,2025-01-06T10:00:00Z,2025-01-06T12:00:00Z,P1,emergency,50849002,195967001",
                "E3,2025-02-01T10:00:00Z,2025-02-05T10:00:00Z,P1,inpatient,32485007,58214004",
                "E4,2025-03-01T10:00:00Z,,P1,inpatient,32485007,",
                "E5,2025-04-20T10:00:00Z,2025-04-20T11:00:00Z,P1,urgentcare,702927004,233678006",
                "E6,2025-05-10T10:00:00Z,2025-05-20T10:00:00Z,P1,snf,449214001,") + "\n");
            var rules = EventKinds.All.Select(k => new PopulationRule(k, "test", new DateOnly(2020, 1, 1), null, new EventCountCriterion([k], 1, 12))).ToArray();

            var result = (await Identify.RunAsync(dir, "2025-06-30", kind: InputKind.Synthea, scope: DeterminationScope.All, source: new TestRules(rules))).Succeeded();

            string[] Events(string kind) => [.. result.Find("P1", kind)!.Evidence.Records.Select(r => $"{r.Date:MM-dd} {r.SourceId}")];
            Events("ed-visit").ShouldBe(["01-05 E1", "01-06 E2"]);
            Events("sud-ed-visit").ShouldBe(["01-05 E1"]);
            Events("bh-ed-visit").ShouldBe(["01-05 E1"]);
            Events("asthma-ed-visit").ShouldBe(["01-06 E2"]);
            Events("inpatient-admission").ShouldBe(["02-01 E3", "03-01 E4"]);
            Events("bh-inpatient-admission").ShouldBe(["02-01 E3"]);
            Events("hospital-discharge").ShouldBe(["02-05 E3"]);
            Events("asthma-urgent-visit").ShouldBe(["04-20 E5"]);
            Events("snf-stay").ShouldBe(["05-10 E6"]);
            Events("crisis-visit").ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
