using CareHub.Catalog;
using CareHub.Core.Tests.Catalog;
using CareHub.Identification;
using CareHub.Identification.Engine;
using CareHub.Identification.Synthetic;

namespace CareHub.Core.Tests.Identification;

/// <summary>The engine and the catalog share one vocabulary, and every catalog rule compiles and evaluates.</summary>
public class VocabularyTests
{
    private static ProgramCatalog Catalog => TestCatalog.Embedded;

    [Fact]
    public void EventKinds_AreExactlyTheCatalogsEventKinds()
    {
        EventKinds.All.ShouldBe(CatalogVocabulary.EventKinds.Keys);
        for (byte k = 0; k < EventKinds.All.Count; k++)
        {
            EventKinds.Words(k).One.ShouldNotBe("event", $"{EventKinds.All[k]} has no words for evidence");
        }
    }

    [Fact]
    public void ProgramCodes_AreExactlyTheCatalogsPrograms()
    {
        ProgramCodes.All.ShouldBe(CatalogVocabulary.Programs.Keys);
        Identify.Catalog.GetExclusionPrograms(new DateOnly(2025, 1, 1)).ShouldAllBe(p => CatalogVocabulary.Programs.ContainsKey(p));
    }

    [Fact]
    public void MemberAttributes_OfTheCatalog_AreKnownToTheEngine()
    {
        foreach (var attribute in CatalogVocabulary.MemberAttributes.Keys)
        {
            MemberAttributeNode.Known.ShouldContain(attribute);
        }
    }

    public static TheoryData<string, string, DateOnly> AllCatalogRules()
    {
        var data = new TheoryData<string, string, DateOnly>();
        foreach (var (kind, key, from) in CatalogRuleList())
        {
            data.Add(kind, key, from);
        }

        return data;
    }

    private static List<(string Kind, string Key, DateOnly From)> CatalogRuleList()
    {
        var data = new List<(string, string, DateOnly)>();
        foreach (var p in Catalog.Populations)
        {
            foreach (var v in p.RuleVersions)
            {
                data.Add(("population", $"{p.Code}@{v.RuleVersion}", v.EffectiveFrom));
            }
        }

        foreach (var s in Catalog.CommunitySupports)
        {
            foreach (var v in s.Versions)
            {
                data.Add(("community-support", $"{s.Code}@{v.RuleVersion}", v.EffectiveFrom));
            }
        }

        foreach (var e in Catalog.EcmExclusions)
        {
            data.Add(("ecm-exclusion", e.Code, e.EffectiveFrom));
        }

        return data;
    }

    private static IEnumerable<PopulationRule> RulesOf(string kind, string key)
    {
        if (kind == "ecm-exclusion")
        {
            var e = Catalog.EcmExclusions.Single(x => x.Code == key);
            return [new PopulationRule(e.Code, "exclusion", e.EffectiveFrom, e.EffectiveTo, e.Criteria)];
        }

        var (code, version) = (key.Split('@')[0], key.Split('@')[1]);
        if (kind == "population")
        {
            var v = Catalog.FindPopulationRuleVersion(code, version)!;
            return [new PopulationRule(code, version, v.EffectiveFrom, v.EffectiveTo, v.Criteria)];
        }

        var s = Catalog.FindCommunitySupportVersion(code, version)!;
        return [new PopulationRule(code, version, s.EffectiveFrom, s.EffectiveTo, s.Criteria)];
    }

    [Theory]
    [MemberData(nameof(AllCatalogRules))]
    public void EveryCatalogRuleOfEveryVersion_Compiles(string kind, string rule, DateOnly effectiveFrom)
    {
        var rules = RulesOf(kind, rule).ToList();
        var (compiled, errors) = CompiledRules.Compile(rules, effectiveFrom, new CatalogPopulationRuleSource(Catalog).GetExclusions(effectiveFrom));

        errors.ShouldBeEmpty();
        compiled!.Rules.Count.ShouldBe(1);
    }

    [Fact]
    public async Task EveryCatalogRule_Evaluates_OnGeneratedData()
    {
        var dir = Directory.CreateTempSubdirectory("carehub-vocabulary-").FullName;
        try
        {
            await SyntheticDataGenerator.GenerateAsync(new SyntheticDataOptions(400, 11, SyntheticFormat.PlanData, dir) { Hmis = false },
                cancellation: TestContext.Current.CancellationToken);
            var all = CatalogRuleList().Where(r => r.Kind != "ecm-exclusion")
                .SelectMany(r => RulesOf(r.Kind, r.Key))
                .Select((r, i) => r with { Code = $"{r.Code}#{r.RuleVersion}#{i}" })
                .ToArray();

            var result = (await Identify.RunAsync(dir, "2024-12-31", scope: DeterminationScope.All, source: new TestRules(all))).Succeeded();

            result.Items.Count.ShouldBe(400 * all.Length);
            result.Items.ShouldAllBe(d => d.EvidenceText.Length > 0);
            result.Items.Where(d => d.CriteriaMet).Select(d => d.Population.Split('#')[0]).Distinct().Count().ShouldBeGreaterThan(5);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void UnknownEventKind_IsAClearCompileError()
    {
        var rule = new PopulationRule("x", "1", new DateOnly(2024, 1, 1), null, new EventCountCriterion(["ed-visits"], 1, 6));

        var (compiled, errors) = CompiledRules.Compile([rule], new DateOnly(2025, 1, 1), []);

        compiled.ShouldBeNull();
        errors.ShouldHaveSingleItem().ShouldStartWith("Rule x version 1: unknown event kind 'ed-visits'. Known kinds: ed-visit, inpatient-admission");
    }
}
