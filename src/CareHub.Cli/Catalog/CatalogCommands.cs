using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CareHub.Catalog;

namespace CareHub.Cli.Catalog;

/// <summary>
/// <c>carehub catalog populations|community-supports|validate</c>: reads the catalog files (embedded, or from
/// <c>--catalog DIR</c>) and needs no database. Exit codes: 0 success, 1 invalid catalog, 2 bad arguments.
/// </summary>
internal static class CatalogCommands
{
    public static Command Create(TimeProvider clock)
    {
        var catalog = new Command("catalog", "The program catalog: Populations of Focus and Community Supports with their effective-dated rules.");
        catalog.Subcommands.Add(Populations(clock));
        catalog.Subcommands.Add(CommunitySupports(clock));
        catalog.Subcommands.Add(Validate());
        return catalog;
    }

    private static Command Populations(TimeProvider clock)
    {
        var command = new Command("populations", "Populations of Focus in effect on a date, with the rule version then in force.");
        var (asOf, json, directory) = AddQueryOptions(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (!TryResolve(parse, asOf, directory, clock, out var date, out var catalog, out var exitCode))
            {
                return exitCode;
            }

            var entries = catalog.PopulationsAsOf(date);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(entries.Select(PopulationView.From).ToList(), CatalogJson.Options));
                return 0;
            }

            output.WriteLine($"Populations of Focus as of {Format(date)} (catalog {catalog.CatalogVersion})");
            output.WriteLine();
            TextTable.Write(output,
                ["CODE", "NAME", "AGES", "RULE", "FROM", "TO", "CONFIDENCE"],
                entries.Select(e => new[]
                {
                    e.Code, e.Name, AgeText(e.Population.AgeGroup), e.Rule.RuleVersion, Format(e.Rule.EffectiveFrom),
                    e.Rule.EffectiveTo is { } to ? Format(to) : "open", ConfidenceText(e.Rule.Confidence),
                }));
            return 0;
        });
        return command;
    }

    private static Command CommunitySupports(TimeProvider clock)
    {
        var command = new Command("community-supports", "Community Supports in the catalog on a date, with limits and billing codes.");
        var (asOf, json, directory) = AddQueryOptions(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (!TryResolve(parse, asOf, directory, clock, out var date, out var catalog, out var exitCode))
            {
                return exitCode;
            }

            var entries = catalog.CommunitySupportsAsOf(date);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(entries.Select(CommunitySupportView.From).ToList(), CatalogJson.Options));
                return 0;
            }

            output.WriteLine($"Community Supports as of {Format(date)} (catalog {catalog.CatalogVersion})");
            output.WriteLine();
            TextTable.Write(output,
                ["CODE", "NAME", "RULE", "FROM", "TO", "LIMITS", "BILLING", "CONFIDENCE"],
                entries.Select(e => new[]
                {
                    e.Code, e.Name, e.Version.RuleVersion, Format(e.Version.EffectiveFrom),
                    e.Version.EffectiveTo is { } to ? Format(to) : "open",
                    LimitsText(e), string.Join(", ", e.Version.Billing.Select(b => b.Key)), ConfidenceText(e.Version.Confidence),
                }));
            return 0;
        });
        return command;
    }

    private static Command Validate()
    {
        var command = new Command("validate", "Check the catalog files and report every problem (file, entry, field and why).");
        var directory = CatalogOption();
        command.Options.Add(directory);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (!TryLoad(parse, directory, out var catalog, out var exitCode))
            {
                return exitCode;
            }

            output.WriteLine(
                $"Catalog {catalog.CatalogVersion} is valid: {catalog.Populations.Count} Populations of Focus "
                + $"({catalog.Populations.Sum(p => p.RuleVersions.Count)} rule versions), {catalog.CommunitySupports.Count} Community Supports "
                + $"({catalog.CommunitySupports.Sum(s => s.Versions.Count)} versions), {catalog.SharedLimits.Count} shared limit(s), "
                + $"{catalog.EcmExclusions.Count} ECM exclusion and non-duplication rules.");
            return 0;
        });
        return command;
    }

    private static (Option<string?> AsOf, Option<bool> Json, Option<string?> Directory) AddQueryOptions(Command command)
    {
        var asOf = new Option<string?>("--as-of") { Description = "The date to ask about, YYYY-MM-DD (default: today)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var directory = CatalogOption();
        command.Options.Add(asOf);
        command.Options.Add(json);
        command.Options.Add(directory);
        return (asOf, json, directory);
    }

    private static Option<string?> CatalogOption() => new("--catalog")
    {
        Description = "Directory holding populations-of-focus.json, community-supports.json and ecm-exclusions.json "
            + "(default: the catalog built into carehub).",
    };

    private static bool TryResolve(
        ParseResult parse,
        Option<string?> asOf,
        Option<string?> directory,
        TimeProvider clock,
        out DateOnly date,
        out ProgramCatalog catalog,
        out int exitCode)
    {
        catalog = null!;
        var text = parse.GetValue(asOf);
        if (text is null)
        {
            date = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        }
        else if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            parse.InvocationConfiguration.Error.WriteLine($"--as-of '{text}' is not a valid date; use YYYY-MM-DD, for example 2025-07-01.");
            exitCode = 2;
            return false;
        }

        return TryLoad(parse, directory, out catalog, out exitCode);
    }

    private static bool TryLoad(ParseResult parse, Option<string?> directory, out ProgramCatalog catalog, out int exitCode)
    {
        catalog = null!;
        var error = parse.InvocationConfiguration.Error;
        var path = parse.GetValue(directory);
        if (path is not null && !Directory.Exists(path))
        {
            error.WriteLine($"--catalog '{path}' is not a directory.");
            exitCode = 2;
            return false;
        }

        var result = path is null ? CatalogLoader.LoadEmbedded() : CatalogLoader.LoadDirectory(path);
        if (result.Catalog is null)
        {
            foreach (var problem in result.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"The catalog is not valid: {result.Errors.Count} problem(s).");
            exitCode = 1;
            return false;
        }

        catalog = result.Catalog;
        exitCode = 0;
        return true;
    }

    private static string LimitsText(CommunitySupportAsOf entry) =>
        string.Join("; ",
            entry.Version.Limits.Select(l => LimitText(l.Quantity, l.Unit, l.Period)
                    + ((l.Confidence ?? entry.Version.Confidence) == Confidence.Unconfirmed ? " (UNCONFIRMED)" : ""))
                .Concat(entry.SharedLimits.Select(l => LimitText(l.Quantity, l.Unit, l.Period)
                    + (l.Confidence == Confidence.Unconfirmed ? " (shared, UNCONFIRMED)" : " (shared)"))));

    private static string LimitText(decimal quantity, string unit, string period) =>
        $"{quantity.ToString(CultureInfo.InvariantCulture)} {unit} / {period}";

    private static string AgeText(AgeGroup group) => group switch
    {
        AgeGroup.Adult => "adult",
        AgeGroup.Child => "child",
        _ => "both",
    };

    private static string ConfidenceText(Confidence confidence) => confidence == Confidence.Confirmed ? "confirmed" : "UNCONFIRMED";

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
