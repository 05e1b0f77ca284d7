using System.CommandLine;
using System.Globalization;
using CareHub.Identification;
using CareHub.Reporting;

namespace CareHub.Cli.Reporting;

/// <summary><c>carehub outcomes</c>: ED visits and unplanned admissions per 1,000 member-months in the 12 months
/// before and after each member's start, per group, from files. Exit codes: 0 success, 1 the input is wrong
/// (nothing written), 2 bad arguments.</summary>
internal static class OutcomesCommand
{
    public static Command Create()
    {
        var command = new Command("outcomes", "Compare ED visits and unplanned admissions per 1,000 member-months in the 12 months before and after each member's start, per group (not a randomized comparison).");
        var synthea = new Option<string?>("--synthea") { Description = "A Synthea CSV export directory (patients.csv, encounters.csv)." };
        var planData = new Option<string?>("--plan-data") { Description = "A plan-data directory (members, enrollment, claims as .csv or .parquet)." };
        var starts = new Option<string>("--starts") { Description = "CSV with the header member_id,group,start_date: one row per member and group.", Required = true };
        var asOf = new Option<string>("--as-of") { Description = "The as-of date, YYYY-MM-DD: after windows end here at the latest.", Required = true };
        var output = new Option<string>("--out") { Description = "The result CSV: one row per group.", Required = true };
        foreach (var o in new Option[] { synthea, planData, starts, asOf, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var syntheaDir = parse.GetValue(synthea);
            var planDir = parse.GetValue(planData);
            if ((syntheaDir is null) == (planDir is null))
            {
                await error.WriteLineAsync("Give exactly one input: --synthea DIR or --plan-data DIR.");
                return 2;
            }

            var inputDir = syntheaDir ?? planDir!;
            if (!Directory.Exists(inputDir))
            {
                await error.WriteLineAsync($"{(syntheaDir is not null ? "--synthea" : "--plan-data")} '{inputDir}': no such directory.");
                return 2;
            }

            var asOfText = parse.GetValue(asOf)!;
            if (!DateOnly.TryParseExact(asOfText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOfDate))
            {
                await error.WriteLineAsync($"--as-of '{asOfText}' is not a date in the form YYYY-MM-DD, for example 2025-06-30.");
                return 2;
            }

            var startsPath = parse.GetValue(starts)!;
            if (!File.Exists(startsPath))
            {
                await error.WriteLineAsync($"--starts '{startsPath}': no such file.");
                return 2;
            }

            var outPath = parse.GetValue(output)!;
            var outDirectory = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(outDirectory) || Directory.Exists(outPath))
            {
                await error.WriteLineAsync($"--out '{outPath}': give a file name in an existing directory, such as outcomes.csv.");
                return 2;
            }

            var kind = syntheaDir is not null ? InputKind.Synthea : InputKind.PlanData;
            var result = await OutcomeComparison.RunAsync(kind, inputDir, startsPath, asOfDate, ct);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync(result.Error);
                await error.WriteLineAsync("Nothing was written.");
                return 1;
            }

            // Written to a temporary file first, so a failure never leaves half a file.
            var temporary = outPath + ".tmp";
            await File.WriteAllTextAsync(temporary, OutcomeCsv.ToText(result.Groups), ct);
            File.Move(temporary, outPath, overwrite: true);
            var stdout = parse.InvocationConfiguration.Output;
            await stdout.WriteLineAsync($"{result.Groups.Count} group(s), {result.Groups.Sum(g => g.Members)} member row(s) written to {outPath}.");
            await stdout.WriteLineAsync(OutcomeCsv.NotRandomized);
            return 0;
        });
        return command;
    }
}
