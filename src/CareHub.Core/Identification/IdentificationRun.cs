namespace CareHub.Identification;

/// <summary>One input file of a run.</summary>
/// <param name="Name">The file name as shown in messages (HMIS files as <c>hmis/Client.csv</c>).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes, when computed.</param>
/// <param name="Rows">Rows accepted (excluding rejected rows and the header).</param>
public sealed record InputFileInfo(string Name, string Path, long Bytes, long Rows, string? Sha256);

/// <summary>Counts for one population rule.</summary>
/// <param name="Eligible">Members eligible outright (every criterion met by data, no exclusion).</param>
/// <param name="CriteriaMet">Members meeting the criteria (outright or but for attestations), eligible or not.</param>
/// <param name="Excluded">Members meeting the criteria but excluded, by exclusion code.</param>
public sealed record PopulationCount(string Population, string RuleVersion, string? Name, long Eligible, long CriteriaMet, IReadOnlyDictionary<string, long> Excluded)
{
    /// <summary>Members identified pending confirmation of attestations (not excluded).</summary>
    public long ToConfirm { get; init; }
}

/// <summary>Identified members of one population in one county, health network and dual status
/// (<c>dual</c>, <c>medi-cal-only</c> or <c>unknown</c>): eligible outright and pending confirmation.</summary>
public sealed record BreakdownCount(string Population, string County, string HealthNetwork, string DualStatus, long Eligible)
{
    public long ToConfirm { get; init; }
}

/// <summary>The record of a completed run: parameters, inputs with checksums, timing and counts.</summary>
public sealed record IdentificationRun(
    InputKind Kind,
    string InputDirectory,
    string? HmisDirectory,
    DateOnly AsOf,
    string RuleVersion,
    IReadOnlyList<string> RulesEvaluated,
    IReadOnlyList<InputFileInfo> Files,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    long Members,
    long RowsRead,
    long RowsRejected,
    IReadOnlyList<PopulationCount> Populations,
    IReadOnlyList<BreakdownCount> Breakdown,
    HmisMatchSummary? Hmis,
    IReadOnlyList<string> Warnings);

/// <summary>
/// The result of a run. On failure <see cref="Run"/> is null, <see cref="Problems"/> or <see cref="RowErrors"/>
/// say why, and no determination was sent to the sink. With skipped bad rows the run succeeds and
/// <see cref="RowErrors"/> lists the rejects.
/// </summary>
public sealed record IdentificationOutcome(
    IdentificationRun? Run,
    IReadOnlyList<InputProblem> Problems,
    IReadOnlyList<RowError> RowErrors,
    long RowErrorCount,
    IReadOnlyList<HmisMatch> HmisMatches)
{
    public bool Succeeded => Run is not null;

    /// <summary>One line per problem or rejected row (first 20), for messages.</summary>
    public string Describe()
    {
        var lines = Problems.Select(p => p.ToString()).Concat(RowErrors.Take(20).Select(e => e.ToString())).ToList();
        if (RowErrorCount > 20)
        {
            lines.Add($"... and {RowErrorCount - 20} more rejected rows.");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
