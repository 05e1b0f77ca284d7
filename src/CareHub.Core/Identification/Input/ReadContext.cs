namespace CareHub.Identification.Input;

/// <summary>What every table reader of a run shares: error log, parallelism, progress, cancellation.</summary>
internal sealed class ReadContext(RowErrorLog errors, int parallelism, IdentificationProgress progress, CancellationToken cancellation)
{
    public RowErrorLog Errors { get; } = errors;

    public int Parallelism { get; } = parallelism;

    public IdentificationProgress Progress { get; } = progress;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Files that stopped the run before rows were read (missing, empty, missing columns).</summary>
    public List<InputProblem> Problems { get; } = [];

    /// <summary>Adds a problem; files read at the same time may both report one.</summary>
    public void AddProblem(InputProblem problem)
    {
        lock (Problems)
        {
            Problems.Add(problem);
        }
    }

    /// <summary>Rows accepted per file, for the run summary.</summary>
    public Dictionary<string, long> RowsPerFile { get; } = new(StringComparer.Ordinal);

    public bool ShouldStop => Errors.StopRequested || Cancellation.IsCancellationRequested;
}
