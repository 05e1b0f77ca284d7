namespace CareHub.Identification;

/// <summary>Live progress of a run, safe to read from another thread (e.g. a timer printing to stderr).</summary>
public sealed class IdentificationProgress
{
    private long _rows;
    private volatile string _stage = "starting";
    private volatile string? _file;

    /// <summary>Input rows read so far, all files together.</summary>
    public long RowsRead => Interlocked.Read(ref _rows);

    /// <summary>What the run is doing: reading, matching HMIS clients, evaluating, writing.</summary>
    public string Stage => _stage;

    /// <summary>The file being read, when reading.</summary>
    public string? CurrentFile => _file;

    /// <summary>What the run is doing, in words: "reading" with the file's name, or the stage.</summary>
    public string Doing => _file is { } file ? "reading " + file : _stage;

    internal void AddRows(long rows) => Interlocked.Add(ref _rows, rows);

    internal void StartFile(string file)
    {
        _file = file;
        _stage = "reading";
    }

    internal void SetStage(string stage)
    {
        _file = null;
        _stage = stage;
    }
}
