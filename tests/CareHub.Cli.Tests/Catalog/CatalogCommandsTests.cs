using System.CommandLine;
using System.Text.Json.Nodes;
using CareHub.Catalog;
using CareHub.Cli.Catalog;
using Microsoft.Extensions.Time.Testing;

namespace CareHub.Cli.Tests.Catalog;

public class CatalogCommandsTests
{
    private static readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero));

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(CatalogCommands.Create(_clock));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<JsonArray> RunJson(params string[] args)
    {
        var (exit, output, error) = await Run(args);
        error.ShouldBeEmpty();
        exit.ShouldBe(0);
        return JsonNode.Parse(output)!.AsArray();
    }

    [Fact]
    public void CliCommands_RegisterTheCatalogCommand()
    {
        CliCommands.All().Select(c => c.Name).ShouldContain("catalog");
    }

    [Fact]
    public async Task Populations_Json_HasTheRequiredFieldsAndTheRuleInEffect()
    {
        var entries = await RunJson("catalog", "populations", "--as-of", "2022-03-01", "--json");

        entries.Count.ShouldBe(4);
        foreach (var entry in entries.Select(e => e!.AsObject()))
        {
            foreach (var field in new[] { "code", "name", "ruleVersion", "effectiveFrom", "effectiveTo", "criteria", "sources" })
            {
                entry.ContainsKey(field).ShouldBeTrue($"{entry["code"]} lacks {field}");
            }
        }

        var highUtilizer = entries.Single(e => e!["code"]!.GetValue<string>() == "adult-high-utilizer")!;
        highUtilizer["ruleVersion"]!.GetValue<string>().ShouldBe("2022");
        highUtilizer["effectiveTo"]!.GetValue<string>().ShouldBe("2023-06-30");
        var edVisits = highUtilizer["criteria"]!["criteria"]![1]!["criteria"]![0]!;
        (edVisits["min"]!.GetValue<int>(), edVisits["windowMonths"]!.GetValue<int>()).ShouldBe((6, 12));
    }

    [Fact]
    public async Task Populations_Json_CurrentRuleHasANullEffectiveTo()
    {
        var entries = await RunJson("catalog", "populations", "--as-of", "2025-01-01", "--json");

        var highUtilizer = entries.Single(e => e!["code"]!.GetValue<string>() == "adult-high-utilizer")!.AsObject();
        highUtilizer["ruleVersion"]!.GetValue<string>().ShouldBe("current");
        highUtilizer.ContainsKey("effectiveTo").ShouldBeTrue();
        highUtilizer["effectiveTo"].ShouldBeNull();
        var edVisits = highUtilizer["criteria"]!["criteria"]![1]!["criteria"]![0]!;
        (edVisits["min"]!.GetValue<int>(), edVisits["windowMonths"]!.GetValue<int>()).ShouldBe((5, 6));
    }

    [Fact]
    public async Task CommunitySupports_Json_HasLimitsAndBilling()
    {
        var entries = await RunJson("catalog", "community-supports", "--as-of", "2025-07-01", "--json");

        entries.Count.ShouldBe(15);
        foreach (var entry in entries.Select(e => e!.AsObject()))
        {
            foreach (var field in new[] { "code", "name", "ruleVersion", "effectiveFrom", "effectiveTo", "criteria", "sources", "limits", "billing" })
            {
                entry.ContainsKey(field).ShouldBeTrue($"{entry["code"]} lacks {field}");
            }

            foreach (var limit in entry["limits"]!.AsArray().Select(l => l!.AsObject()))
            {
                limit.Select(p => p.Key).ShouldBeSubsetOf(["kind", "quantity", "unit", "period", "confidence", "note", "exceptions"]);
                limit["quantity"]!.GetValue<decimal>().ShouldBeGreaterThan(0);
                limit.ContainsKey("kind").ShouldBeTrue();
                limit.ContainsKey("unit").ShouldBeTrue();
                limit.ContainsKey("period").ShouldBeTrue();
            }

            entry["billing"]!.AsArray().Count.ShouldBeGreaterThan(0);
            foreach (var billing in entry["billing"]!.AsArray())
            {
                billing!["hcpcs"]!.GetValue<string>().Length.ShouldBe(5);
                billing["modifiers"].ShouldBeOfType<JsonArray>();
                billing["unit"]!.GetValue<string>().ShouldNotBeEmpty();
            }
        }

        var deposits = entries.Single(e => e!["code"]!.GetValue<string>() == "housing-deposits")!;
        deposits["billing"]![0]!["modifiers"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["U2"]);
        deposits["limits"]![0]!["kind"]!.GetValue<string>().ShouldBe("lifetime");
    }

    [Fact]
    public async Task CommunitySupports_WithoutAsOf_UseToday()
    {
        var entries = await RunJson("catalog", "community-supports", "--json");

        entries.Count.ShouldBe(14);
        entries.ShouldNotContain(e => e!["code"]!.GetValue<string>() == "transitional-rent");
    }

    [Theory]
    [InlineData("populations", "2025-13-01")]
    [InlineData("community-supports", "yesterday")]
    [InlineData("populations", "07/01/2025")]
    public async Task BadAsOf_ExitsWith2AndSaysWhy(string command, string date)
    {
        var (exit, output, error) = await Run("catalog", command, "--as-of", date, "--json");

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe($"--as-of '{date}' is not a valid date; use YYYY-MM-DD, for example 2025-07-01.");
    }

    [Fact]
    public async Task Populations_WithoutJson_PrintAnAlignedTable()
    {
        var (exit, output, _) = await Run("catalog", "populations", "--as-of", "2022-03-01");

        exit.ShouldBe(0);
        var lines = output.Split(Environment.NewLine);
        lines[0].ShouldBe("Populations of Focus as of 2022-03-01 (catalog 2026.1)");
        var header = lines[2];
        header.ShouldStartWith("CODE ");
        var row = lines.Single(l => l.StartsWith("adult-high-utilizer ", StringComparison.Ordinal));
        row.IndexOf("2022-01-01", StringComparison.Ordinal).ShouldBe(header.IndexOf("FROM", StringComparison.Ordinal));
        row.ShouldContain("Adult High Utilizers");
        row.ShouldEndWith("UNCONFIRMED");
    }

    [Fact]
    public async Task CommunitySupports_Table_ShowsLimitsAndBillingKeys()
    {
        var (exit, output, _) = await Run("catalog", "community-supports", "--as-of", "2025-07-01");

        exit.ShouldBe(0);
        var row = output.Split(Environment.NewLine).Single(l => l.StartsWith("transitional-rent ", StringComparison.Ordinal));
        row.ShouldContain("6 months / episode; 6 months / rolling-12-months (shared, UNCONFIRMED)");
        row.ShouldContain("H0044 U6, H0043 U2");
    }

    [Fact]
    public async Task Validate_EmbeddedCatalog_IsValid()
    {
        var (exit, output, error) = await Run("catalog", "validate");

        error.ShouldBeEmpty();
        exit.ShouldBe(0);
        output.ShouldStartWith("Catalog 2026.1 is valid: 13 Populations of Focus");
    }

    [Fact]
    public async Task CatalogDirectory_WithABadFile_ExitsWith1AndNamesTheField()
    {
        var directory = Directory.CreateTempSubdirectory("carehub-cli-catalog-").FullName;
        try
        {
            foreach (var name in CatalogLoader.DataFiles)
            {
                File.WriteAllText(Path.Combine(directory, name), CatalogLoader.ReadEmbeddedFile(name));
            }

            var supports = Path.Combine(directory, CatalogLoader.CommunitySupportsFile);
            var file = JsonNode.Parse(File.ReadAllText(supports))!;
            var deposits = file["communitySupports"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == "housing-deposits")!;
            deposits["ruleVersions"]![0]!["limits"]![0]!["quantity"] = -1;
            File.WriteAllText(supports, file.ToJsonString());

            var (exit, _, error) = await Run("catalog", "validate", "--catalog", directory);
            var (queryExit, queryOutput, _) = await Run("catalog", "community-supports", "--as-of", "2025-01-01", "--json", "--catalog", directory);

            exit.ShouldBe(1);
            error.ShouldContain("community-supports.json: entry 'housing-deposits': field 'ruleVersions[0].limits[0].quantity': must be a positive number");
            queryExit.ShouldBe(1);
            queryOutput.ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task CatalogDirectory_ThatDoesNotExist_ExitsWith2()
    {
        var (exit, _, error) = await Run("catalog", "populations", "--catalog", Path.Combine(Path.GetTempPath(), "no-such-carehub-catalog"));

        exit.ShouldBe(2);
        error.ShouldContain("is not a directory");
    }
}
