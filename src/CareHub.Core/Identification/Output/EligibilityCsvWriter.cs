using nietras.SeparatedValues;

namespace CareHub.Identification.Output;

/// <summary>
/// Writes determinations to a CSV file through a temporary file that only replaces the target on
/// <see cref="Commit"/>; disposing without committing deletes it, so a failed run leaves nothing half-written.
/// </summary>
public abstract class CsvDeterminationWriter : IDeterminationSink, IDisposable
{
    private readonly string _temporary;
    private readonly SepWriter _writer;
    private bool _done;

    protected CsvDeterminationWriter(string path, IReadOnlyList<string> header)
    {
        Path = System.IO.Path.GetFullPath(path);
        _temporary = Path + $".tmp-{Environment.ProcessId}";
        _writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(_temporary);
        _writer.Header.Add(header);
    }

    public string Path { get; }

    public long Rows { get; private set; }

    public void Add(Determination determination)
    {
        ArgumentNullException.ThrowIfNull(determination);
        if (!Include(determination))
        {
            return;
        }

        using var row = _writer.NewRow();
        Write(row, determination);
        Rows++;
    }

    protected abstract bool Include(Determination determination);

    protected abstract void Write(SepWriter.Row row, Determination determination);

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit()
    {
        if (Rows == 0)
        {
            _writer.Header.Write();
        }

        _writer.Dispose();
        File.Move(_temporary, Path, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (!_done)
        {
            _writer.Dispose();
            File.Delete(_temporary);
            _done = true;
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The identification result file: <c>member_id,population,rule_version,evidence</c>, one row per identified
/// member per population: eligible outright, or pending confirmation (the evidence then ends with "to confirm: ..."
/// and the statements).</summary>
public sealed class EligibilityCsvWriter(string path) : CsvDeterminationWriter(path, Header)
{
    public static readonly IReadOnlyList<string> Header = ["member_id", "population", "rule_version", "evidence"];

    /// <summary>Rows written that are pending confirmation.</summary>
    public long ToConfirmRows { get; private set; }

    protected override bool Include(Determination determination)
    {
        if (determination.ToConfirm)
        {
            ToConfirmRows++;
        }

        return determination.Identified;
    }

    protected override void Write(SepWriter.Row row, Determination d)
    {
        row["member_id"].Set(d.MemberId);
        row["population"].Set(d.Population);
        row["rule_version"].Set(d.RuleVersion);
        row["evidence"].Set(d.EvidenceText);
    }
}

/// <summary>Every determination sent to it, eligible or not, with the exclusion reason.</summary>
public sealed class DeterminationsCsvWriter(string path) : CsvDeterminationWriter(path, Header)
{
    public static readonly IReadOnlyList<string> Header =
        ["member_id", "population", "rule_version", "criteria_met", "eligible", "exclusion", "exclusion_reason", "evidence", "status", "to_confirm"];

    protected override bool Include(Determination determination) => true;

    protected override void Write(SepWriter.Row row, Determination d)
    {
        row["member_id"].Set(d.MemberId);
        row["population"].Set(d.Population);
        row["rule_version"].Set(d.RuleVersion);
        row["criteria_met"].Set(d.CriteriaMet ? "true" : "false");
        row["eligible"].Set(d.Eligible ? "true" : "false");
        row["exclusion"].Set(d.Exclusion?.Code ?? "");
        row["exclusion_reason"].Set(d.Exclusion?.Text ?? "");
        row["evidence"].Set(d.EvidenceText);
        row["status"].Set(d.Status switch
        {
            DeterminationStatus.Eligible => "eligible",
            DeterminationStatus.ToConfirm => "to-confirm",
            DeterminationStatus.Excluded => "excluded",
            _ => "not-met",
        });
        row["to_confirm"].Set(string.Join(" | ", d.PendingAttestations));
    }
}

/// <summary>Sends each determination to several sinks.</summary>
public sealed class CompositeDeterminationSink(params IDeterminationSink[] sinks) : IDeterminationSink
{
    public void Add(Determination determination)
    {
        foreach (var sink in sinks)
        {
            sink.Add(determination);
        }
    }
}
