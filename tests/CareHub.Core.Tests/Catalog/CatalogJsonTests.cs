using System.Text.Json;
using System.Text.Json.Nodes;
using CareHub.Catalog;
using static CareHub.Core.Tests.Catalog.TestCatalog;

namespace CareHub.Core.Tests.Catalog;

public class CatalogJsonTests
{
    [Fact]
    public void PopulationView_Json_HasTheRequiredFields()
    {
        var view = PopulationView.From(Embedded.PopulationsAsOf(Date("2025-01-01")).Single(p => p.Code == "adult-high-utilizer"));

        var json = JsonNode.Parse(JsonSerializer.Serialize(view, CatalogJson.Options))!.AsObject();

        json["code"]!.GetValue<string>().ShouldBe("adult-high-utilizer");
        json["ruleVersion"]!.GetValue<string>().ShouldBe("current");
        json["effectiveFrom"]!.GetValue<string>().ShouldBe("2023-07-01");
        json.ContainsKey("effectiveTo").ShouldBeTrue();
        json["effectiveTo"].ShouldBeNull();
        json["confidence"]!.GetValue<string>().ShouldBe("unconfirmed");
        json["criteria"]!["kind"]!.GetValue<string>().ShouldBe("all-of");
        json["criteria"]!["criteria"]![1]!["criteria"]![1]!["events"]!.AsArray().Select(e => e!.GetValue<string>())
            .ShouldBe(["inpatient-admission", "snf-stay"]);
        json["sources"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void CommunitySupportView_Json_HasLimitsAndBillingWithModifierArrays()
    {
        var view = CommunitySupportView.From(Embedded.CommunitySupportOn("housing-deposits", Date("2025-01-01"))!);

        var json = JsonNode.Parse(JsonSerializer.Serialize(view, CatalogJson.Options))!.AsObject();

        var limit = json["limits"]![0]!;
        (limit["kind"]!.GetValue<string>(), limit["quantity"]!.GetValue<decimal>(), limit["unit"]!.GetValue<string>(), limit["period"]!.GetValue<string>())
            .ShouldBe(("lifetime", 1m, "count", "lifetime"));
        var billing = json["billing"]![0]!;
        billing["hcpcs"]!.GetValue<string>().ShouldBe("H0044");
        billing["modifiers"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["U2"]);
        billing["unit"]!.GetValue<string>().ShouldBe("per-month");
        billing.AsObject().ContainsKey("key").ShouldBeFalse();
        json["effectiveTo"].ShouldBeNull();
        json.ContainsKey("effectiveTo").ShouldBeTrue();
    }

    [Fact]
    public void Criteria_WrittenAsJson_ReadBackToTheSameTree()
    {
        foreach (var version in Embedded.Populations.SelectMany(p => p.RuleVersions).Cast<IRuleVersion>()
            .Concat(Embedded.CommunitySupports.SelectMany(s => s.Versions)))
        {
            var written = JsonSerializer.Serialize(version.Criteria, CatalogJson.Options);
            using var document = JsonDocument.Parse(written);
            var errors = new List<CatalogError>();

            var read = CriterionReader.Read(new JsonFieldReader("test.json", errors), document.RootElement, "criteria");

            errors.ShouldBeEmpty();
            JsonSerializer.Serialize(read, CatalogJson.Options).ShouldBe(written);
        }
    }

    [Fact]
    public void Schema_ListsTheSameWordsAsTheLoader()
    {
        var schema = JsonNode.Parse(CatalogLoader.ReadEmbeddedFile(CatalogLoader.SchemaFile))!;
        var defs = schema["$defs"]!;
        static string[] Enum(JsonNode node) => [.. node["enum"]!.AsArray().Select(v => v!.GetValue<string>())];
        var criterionShapes = defs["criterion"]!["oneOf"]!.AsArray();
        JsonNode Shape(string kind) => criterionShapes.Single(s => s!["properties"]!["kind"]!["const"]!.GetValue<string>() == kind)!;

        criterionShapes.Select(s => s!["properties"]!["kind"]!["const"]!.GetValue<string>()).ShouldBe(CriterionReader.Kinds, ignoreOrder: true);
        Enum(Shape("event-count")["properties"]!["events"]!["items"]!).ShouldBe(CatalogVocabulary.EventKinds.Keys, ignoreOrder: true);
        Enum(Shape("program")["properties"]!["program"]!).ShouldBe(CatalogVocabulary.Programs.Keys, ignoreOrder: true);
        Enum(Shape("member-attribute")["properties"]!["attribute"]!).ShouldBe(CatalogVocabulary.MemberAttributes.Keys, ignoreOrder: true);
        Enum(defs["limit"]!["properties"]!["kind"]!).ShouldBe(CatalogVocabulary.LimitKinds, ignoreOrder: true);
        Enum(defs["limit"]!["properties"]!["unit"]!).ShouldBe(CatalogVocabulary.LimitUnits, ignoreOrder: true);
        Enum(defs["limit"]!["properties"]!["period"]!).ShouldBe(CatalogVocabulary.LimitPeriods, ignoreOrder: true);
        Enum(defs["billingCode"]!["properties"]!["unit"]!).ShouldBe(CatalogVocabulary.BillingUnits, ignoreOrder: true);
        Enum(defs["communitySupportVersion"]!["properties"]!["providerTypes"]!["items"]!).ShouldBe(CatalogVocabulary.ProviderTypes.Keys, ignoreOrder: true);
    }

    [Fact]
    public void DataFiles_PointAtTheSchema()
    {
        foreach (var name in CatalogLoader.DataFiles)
        {
            JsonNode.Parse(CatalogLoader.ReadEmbeddedFile(name))!["$schema"]!.GetValue<string>().ShouldBe("./catalog.schema.json");
        }
    }
}
