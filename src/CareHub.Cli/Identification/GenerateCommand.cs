using System.CommandLine;
using System.Globalization;
using CareHub.Identification.Synthetic;

namespace CareHub.Cli.Identification;

/// <summary><c>carehub generate</c>: write a deterministic synthetic population.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "Write a synthetic population (plan data or Synthea, plus an HMIS export); the same seed gives the same files.");
        var members = new Option<int>("--members") { Description = "How many members.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "The random seed.", Required = true };
        var format = new Option<string>("--format") { Description = "plan-data or synthea.", Required = true };
        var output = new Option<string>("--out") { Description = "The output directory (created if missing).", Required = true };
        var parquet = new Option<bool>("--parquet") { Description = "Write plan-data files as Parquet." };
        var noHmis = new Option<bool>("--no-hmis") { Description = "Do not write the HMIS export (OUT/hmis)." };
        var asOf = new Option<string>("--as-of") { Description = "Last date of the 24-month history (default 2024-12-31).", DefaultValueFactory = _ => "2024-12-31" };
        var lines = new Option<double>("--lines-per-member") { Description = "Average claim lines per member in plan data (default 30).", DefaultValueFactory = _ => 30 };
        var threads = new Option<int?>("--threads") { Description = "Threads to use (default: all cores)." };
        foreach (var o in new Option[] { members, seed, format, output, parquet, noHmis, asOf, lines, threads })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var stdout = parse.InvocationConfiguration.Output;
            var formatText = parse.GetValue(format)!;
            SyntheticFormat kind;
            if (formatText == "plan-data")
            {
                kind = SyntheticFormat.PlanData;
            }
            else if (formatText == "synthea")
            {
                kind = SyntheticFormat.Synthea;
            }
            else
            {
                await error.WriteLineAsync($"--format '{formatText}' is not known; use plan-data or synthea.");
                return 2;
            }

            if (parse.GetValue(members) < 1)
            {
                await error.WriteLineAsync("--members must be at least 1.");
                return 2;
            }

            if (!DateOnly.TryParseExact(parse.GetValue(asOf), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOfDate))
            {
                await error.WriteLineAsync($"--as-of '{parse.GetValue(asOf)}' is not a date in the form YYYY-MM-DD.");
                return 2;
            }

            if (parse.GetValue(parquet) && kind != SyntheticFormat.PlanData)
            {
                await error.WriteLineAsync("--parquet applies to --format plan-data only.");
                return 2;
            }

            var options = new SyntheticDataOptions(parse.GetValue(members), parse.GetValue(seed), kind, parse.GetValue(output)!)
            {
                Parquet = parse.GetValue(parquet),
                Hmis = !parse.GetValue(noHmis),
                AsOf = asOfDate,
                LinesPerMember = parse.GetValue(lines),
                MaxDegreeOfParallelism = parse.GetValue(threads),
            };
            var total = options.Members;
            var last = DateTime.UtcNow;
            var result = await SyntheticDataGenerator.GenerateAsync(options, done =>
            {
                if ((DateTime.UtcNow - last).TotalSeconds >= 2)
                {
                    last = DateTime.UtcNow;
                    error.WriteLine($"generated {done:N0} of {total:N0} members");
                }
            }, ct);
            foreach (var file in result.Files)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Path.GetRelativePath(options.OutputDirectory, file.Path),-32} {file.Rows,14:N0} rows {file.Bytes / 1048576.0,10:N1} MB"));
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generated {options.Members:N0} members in {result.Elapsed.TotalSeconds:0.0} s into {Path.GetFullPath(options.OutputDirectory)}."));
            return 0;
        });
        return command;
    }
}
