using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using nietras.SeparatedValues;

namespace CareHub.Identification.Output;

/// <summary>The side files of a run: rejects, HMIS matches, JSON summary.</summary>
public static class RunFiles
{
    private static readonly JsonSerializerOptions _json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary><c>results.csv</c> → <c>results.rejects.csv</c> (same directory).</summary>
    public static string BesideOutput(string output, string suffix)
    {
        var full = Path.GetFullPath(output);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var name = Path.GetFileNameWithoutExtension(full);
        return Path.Combine(directory, $"{name}.{suffix}.csv");
    }

    /// <summary>Rejected rows: <c>file,line,column,reason</c>.</summary>
    public static void WriteRejects(string path, IEnumerable<RowError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);
        writer.Header.Add(["file", "line", "column", "reason"]);
        var any = false;
        foreach (var e in errors)
        {
            using var row = writer.NewRow();
            row["file"].Set(e.File);
            row["line"].Set(e.Line.ToString(CultureInfo.InvariantCulture));
            row["column"].Set(e.Column);
            row["reason"].Set(e.Reason);
            any = true;
        }

        if (!any)
        {
            writer.Header.Write();
        }
    }

    /// <summary>HMIS identity matches: <c>personal_id,status,score,member_id,method,reasons,runner_up_member_id</c>.</summary>
    public static void WriteHmisMatches(string path, IEnumerable<HmisMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);
        writer.Header.Add(["personal_id", "status", "score", "member_id", "method", "reasons", "runner_up_member_id"]);
        var any = false;
        foreach (var m in matches)
        {
            using var row = writer.NewRow();
            row["personal_id"].Set(m.PersonalId);
            row["status"].Set(m.Status switch { HmisMatchStatus.Matched => "matched", HmisMatchStatus.NeedsReview => "needs-review", _ => "unmatched" });
            row["score"].Set(m.Score.ToString(CultureInfo.InvariantCulture));
            row["member_id"].Set(m.MemberId ?? "");
            row["method"].Set(m.Method);
            row["reasons"].Set(m.Reasons);
            row["runner_up_member_id"].Set(m.RunnerUpMemberId ?? "");
            any = true;
        }

        if (!any)
        {
            writer.Header.Write();
        }
    }

    /// <summary>The run record as JSON (parameters, files with SHA-256, start/end, counts), plus where the outputs went.</summary>
    public static void WriteSummary(string path, IdentificationRun run, IReadOnlyDictionary<string, string> outputs)
    {
        ArgumentNullException.ThrowIfNull(run);
        var document = new
        {
            status = "succeeded",
            run.Kind,
            run.InputDirectory,
            run.HmisDirectory,
            asOf = run.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            run.RuleVersion,
            run.RulesEvaluated,
            run.StartedAt,
            run.FinishedAt,
            elapsedSeconds = Math.Round((run.FinishedAt - run.StartedAt).TotalSeconds, 3),
            run.Members,
            run.RowsRead,
            run.RowsRejected,
            run.Files,
            run.Populations,
            run.Breakdown,
            run.Hmis,
            run.Warnings,
            outputs,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, _json));
    }
}
