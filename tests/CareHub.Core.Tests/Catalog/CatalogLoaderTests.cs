using CareHub.Catalog;

namespace CareHub.Core.Tests.Catalog;

public class CatalogLoaderTests
{
    private const string Populations = CatalogLoader.PopulationsFile;
    private const string Supports = CatalogLoader.CommunitySupportsFile;

    /// <summary>A small valid populations file; tests replace the {placeholders}.</summary>
    private const string PopulationsTemplate = """
        {
          "formatVersion": 1,
          "catalogVersion": "2026.1",
          "populations": [
            {
              "code": "adult-high-utilizer",
              "name": "Adults at Risk for Avoidable Hospital or ED Utilization",
              "ageGroup": "adult",
              "goLive": [ { "date": "2022-01-01", "confidence": "confirmed" } ],
              "ruleVersions": [
                {
                  "ruleVersion": "2022",
                  "effectiveFrom": "2022-01-01",
                  "effectiveTo": "{firstTo}",
                  "criteria": { "kind": "all-of", "criteria": [
                    { "kind": "age", "min": 21 },
                    { "kind": "event-count", "events": ["{event}"], "min": 6, "windowMonths": 12 } ] },
                  "sources": ["seed 002"],
                  "confidence": "unconfirmed"
                },
                {
                  "ruleVersion": "current",
                  "effectiveFrom": "{secondFrom}",
                  "effectiveTo": null,
                  "criteria": { "kind": "event-count", "events": ["ed-visit"], "min": 5, "windowMonths": 6 },
                  "sources": ["plan page"],
                  "confidence": "confirmed"
                }
              ]
            }
          ]
        }
        """;

    /// <summary>A small valid Community Supports file; tests replace the {placeholders}.</summary>
    private const string SupportsTemplate = """
        {
          "formatVersion": 1,
          "catalogVersion": "2026.1",
          "communitySupports": [
            {
              "code": "housing-deposits",
              "name": "Housing Deposits",
              "ruleVersions": [
                {
                  "ruleVersion": "current",
                  "effectiveFrom": "2022-01-01",
                  "definition": "One-time move-in costs.",
                  "criteria": { "kind": "attestation", "statement": "Is moving into permanent housing." },
                  "limits": [ { "kind": "lifetime", "quantity": {quantity}, "unit": "count", "period": "lifetime" } ],
                  "billing": [ { "hcpcs": "H0044", "modifiers": ["U2"], "unit": "per-month", "description": "Supported housing" } ],
                  "providerTypes": ["housing-provider"],
                  "sources": ["plan page"],
                  "confidence": "confirmed"
                }
              ]
            },
            {
              "code": "{secondCode}",
              "name": "Recuperative Care",
              "ruleVersions": [
                {
                  "ruleVersion": "current",
                  "effectiveFrom": "2022-01-01",
                  "definition": "Short-term residential care.",
                  "criteria": { "kind": "homelessness", "windowDays": 90 },
                  "limits": [],
                  "billing": [ { "hcpcs": "{secondHcpcs}", "modifiers": ["{secondModifier}"], "unit": "per-diem", "description": "Residential care" } ],
                  "providerTypes": ["recuperative-care-provider"],
                  "sources": ["plan page"],
                  "confidence": "confirmed"
                }
              ]
            }
          ],
          "sharedLimits": [
            {
              "code": "room-and-board-6-in-12",
              "name": "Room and board",
              "services": ["housing-deposits", "{sharedService}"],
              "kind": "rolling", "quantity": 6, "unit": "months", "period": "rolling-12-months",
              "effectiveFrom": "2025-01-01",
              "sources": ["nhchc"],
              "confidence": "unconfirmed"
            }
          ]
        }
        """;

    private static string PopulationsFile(string firstTo = "2023-06-30", string secondFrom = "2023-07-01", string @event = "ed-visit") =>
        PopulationsTemplate.Replace("{firstTo}", firstTo).Replace("{secondFrom}", secondFrom).Replace("{event}", @event);

    private static string SupportsFile(
        string quantity = "1",
        string secondCode = "recuperative-care",
        string secondHcpcs = "T2033",
        string secondModifier = "U6",
        string sharedService = "recuperative-care") =>
        SupportsTemplate.Replace("{quantity}", quantity).Replace("{secondCode}", secondCode).Replace("{secondHcpcs}", secondHcpcs)
            .Replace("{secondModifier}", secondModifier).Replace("{sharedService}", sharedService);

    private static IReadOnlyList<string> Errors(string fileName, string content)
    {
        using var directory = new CatalogDirectory().With(fileName, content);
        var result = directory.Load();
        result.Catalog.ShouldBeNull();
        return [.. result.Errors.Select(e => e.ToString())];
    }

    [Fact]
    public void LoadDirectory_SmallValidFiles_Load()
    {
        using var directory = new CatalogDirectory().With(Populations, PopulationsFile()).With(Supports, SupportsFile());

        var result = directory.Load();

        result.Errors.ShouldBeEmpty();
        result.Catalog!.PopulationsAsOf(TestCatalog.Date("2022-03-01")).ShouldHaveSingleItem().Rule.RuleVersion.ShouldBe("2022");
        result.Catalog.CommunitySupports.Count.ShouldBe(2);
    }

    [Fact]
    public void LoadDirectory_EmbeddedCopies_AreValid()
    {
        using var directory = new CatalogDirectory();

        directory.Load().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Load_ZeroQuantity_NamesFileEntryAndField()
    {
        Errors(Supports, SupportsFile(quantity: "0")).ShouldBe(
            ["community-supports.json: entry 'housing-deposits': field 'ruleVersions[0].limits[0].quantity': must be a positive number"]);
    }

    [Fact]
    public void Load_QuantityNotANumber_IsRefused()
    {
        Errors(Supports, SupportsFile(quantity: "\"many\"")).ShouldBe(
            ["community-supports.json: entry 'housing-deposits': field 'ruleVersions[0].limits[0].quantity': must be a positive number"]);
    }

    [Fact]
    public void Load_OverlappingRuleVersions_AreRefused()
    {
        Errors(Populations, PopulationsFile(secondFrom: "2023-06-01")).ShouldBe(
        [
            "populations-of-focus.json: entry 'adult-high-utilizer': field 'ruleVersions[1].effectiveFrom': "
            + "rule version 'current' (2023-06-01 to open) overlaps rule version '2022' (2022-01-01 to 2023-06-30)",
        ]);
    }

    [Fact]
    public void Load_AdjacentRuleVersions_AreAccepted()
    {
        using var directory = new CatalogDirectory().With(Populations, PopulationsFile(firstTo: "2023-06-30", secondFrom: "2023-07-01"));

        directory.Load().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Load_EffectiveToBeforeEffectiveFrom_IsRefused()
    {
        Errors(Populations, PopulationsFile(firstTo: "2021-12-31")).ShouldBe(
        [
            "populations-of-focus.json: entry 'adult-high-utilizer': field 'ruleVersions[0].effectiveTo': 2021-12-31 is before effectiveFrom 2022-01-01",
        ]);
    }

    [Theory]
    [InlineData("2022-02-30")]
    [InlineData("2022-13-01")]
    [InlineData("06/30/2023")]
    public void Load_BadDate_IsRefused(string date)
    {
        Errors(Populations, PopulationsFile(firstTo: date)).ShouldBe(
        [
            $"populations-of-focus.json: entry 'adult-high-utilizer': field 'ruleVersions[0].effectiveTo': '{date}' is not a valid date (use YYYY-MM-DD)",
        ]);
    }

    [Fact]
    public void Load_MissingRequiredField_IsRefused()
    {
        var content = PopulationsFile().Replace("\"name\": \"Adults at Risk for Avoidable Hospital or ED Utilization\",", "");

        Errors(Populations, content).ShouldBe(["populations-of-focus.json: entry 'adult-high-utilizer': field 'name': is required"]);
    }

    [Fact]
    public void Load_EntryWithoutCode_IsNamedByPosition()
    {
        var content = PopulationsFile().Replace("\"code\": \"adult-high-utilizer\",", "");

        Errors(Populations, content).ShouldBe(["populations-of-focus.json: entry '#1': field 'code': is required"]);
    }

    [Fact]
    public void Load_DuplicateCode_IsRefused()
    {
        Errors(Supports, SupportsFile(secondCode: "housing-deposits", sharedService: "housing-deposits")).ShouldContain(
            "community-supports.json: entry 'housing-deposits': field 'code': duplicate code: entry #1 in communitySupports has the same code");
    }

    [Fact]
    public void Load_UnknownEventKind_IsRefused()
    {
        var errors = Errors(Populations, PopulationsFile(@event: "er-visit"));

        errors.ShouldHaveSingleItem().ShouldStartWith(
            "populations-of-focus.json: entry 'adult-high-utilizer': field 'ruleVersions[0].criteria.criteria[1].events[0]': unknown event kind 'er-visit' (expected one of: ed-visit, ");
    }

    [Fact]
    public void Load_UnknownField_IsRefused()
    {
        var content = PopulationsFile().Replace("\"effectiveTo\": null", "\"efectiveTo\": null");

        Errors(Populations, content).ShouldHaveSingleItem().ShouldStartWith(
            "populations-of-focus.json: entry 'adult-high-utilizer': field 'ruleVersions[1].efectiveTo': unknown field");
    }

    [Fact]
    public void Load_UnknownCriterionKind_IsRefused()
    {
        var content = PopulationsFile().Replace("\"kind\": \"age\"", "\"kind\": \"age-range\"");

        Errors(Populations, content).ShouldHaveSingleItem().ShouldStartWith(
            "populations-of-focus.json: entry 'adult-high-utilizer': field 'ruleVersions[0].criteria.criteria[0].kind': 'age-range' is not one of: all-of, any-of");
    }

    [Fact]
    public void Load_DuplicateRuleVersionName_IsRefused()
    {
        var content = PopulationsFile().Replace("\"ruleVersion\": \"current\"", "\"ruleVersion\": \"2022\"");

        Errors(Populations, content).ShouldBe(
            ["populations-of-focus.json: entry 'adult-high-utilizer': field 'ruleVersions[1].ruleVersion': rule version '2022' is given twice"]);
    }

    [Fact]
    public void Load_SharedLimitWithUnknownService_IsRefused()
    {
        Errors(Supports, SupportsFile(sharedService: "no-such-service")).ShouldBe(
            ["community-supports.json: entry 'room-and-board-6-in-12': field 'services[1]': unknown Community Support 'no-such-service'"]);
    }

    [Fact]
    public void Load_SameBillingKeyOnTwoServices_IsRefused()
    {
        Errors(Supports, SupportsFile(secondHcpcs: "H0044", secondModifier: "U2")).ShouldBe(
        [
            "community-supports.json: entry 'recuperative-care': field 'ruleVersions[0].billing[0]': H0044 U2 already bills 'housing-deposits' "
            + "(rule version 'current', 2022-01-01 to open); a code and modifiers may belong to one service at a time",
        ]);
    }

    [Fact]
    public void Load_SameCodeWithAnotherModifier_IsAccepted()
    {
        using var directory = new CatalogDirectory().With(Supports, SupportsFile(secondHcpcs: "H0044", secondModifier: "U3"));

        directory.Load().Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Load_BadHcpcsAndModifier_AreRefused()
    {
        Errors(Supports, SupportsFile(secondHcpcs: "H44", secondModifier: "u66")).ShouldBe(
        [
            "community-supports.json: entry 'recuperative-care': field 'ruleVersions[0].billing[0].hcpcs': 'H44' is not a HCPCS code (a capital letter and four digits, like H0044)",
            "community-supports.json: entry 'recuperative-care': field 'ruleVersions[0].billing[0].modifiers[0]': 'u66' is not a HCPCS modifier (two capital letters or digits, like U2)",
        ]);
    }

    [Fact]
    public void Load_InvalidJson_NamesTheLine()
    {
        Errors(Populations, "{\n  \"formatVersion\": 1,\n  \"catalogVersion\": \"2026.1\"\n  \"populations\": []\n}").ShouldHaveSingleItem()
            .ShouldStartWith("populations-of-focus.json: not valid JSON at line 4, position");
    }

    [Fact]
    public void Load_DifferentCatalogVersions_AreRefused()
    {
        Errors(Supports, SupportsFile().Replace("\"2026.1\"", "\"2026.2\"")).ShouldBe(
        [
            "community-supports.json: field 'catalogVersion': '2026.2' differs from populations-of-focus.json's '2026.1'; all catalog files carry the same version",
        ]);
    }

    [Fact]
    public void Load_UnsupportedFormatVersion_IsRefused()
    {
        Errors(Populations, PopulationsFile().Replace("\"formatVersion\": 1", "\"formatVersion\": 2")).ShouldBe(
            ["populations-of-focus.json: field 'formatVersion': format version 2 is not supported (this CareHub reads version 1)"]);
    }

    [Fact]
    public void Load_CodeUsedByAPopulationAndAService_IsRefused()
    {
        Errors(Supports, SupportsFile(secondCode: "homelessness", sharedService: "homelessness")).ShouldBe(
            ["community-supports.json: entry 'homelessness': field 'code': code is already used by a population of focus in populations-of-focus.json"]);
    }

    [Fact]
    public void Load_SeveralProblems_AreAllReported()
    {
        var errors = Errors(Supports, SupportsFile(quantity: "-2").Replace("\"per-month\"", "\"monthly\""));

        errors.Count.ShouldBe(2);
        errors[0].ShouldEndWith("field 'ruleVersions[0].limits[0].quantity': must be a positive number");
        errors[1].ShouldStartWith("community-supports.json: entry 'housing-deposits': field 'ruleVersions[0].billing[0].unit': 'monthly' is not one of: per-diem");
    }

    [Fact]
    public void LoadDirectory_MissingFile_IsNamed()
    {
        using var directory = new CatalogDirectory();
        File.Delete(Path.Combine(directory.Path, CatalogLoader.EcmExclusionsFile));

        var result = directory.Load();

        result.Catalog.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().ToString().ShouldBe($"ecm-exclusions.json: file not found in {directory.Path}");
    }
}
