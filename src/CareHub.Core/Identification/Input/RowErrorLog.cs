namespace CareHub.Identification.Input;

/// <summary>
/// Collects rejected rows from every reader thread. Without skipping, the first error asks every reader to stop;
/// with skipping, all are kept (up to a cap, then only counted) for the rejects file.
/// </summary>
internal sealed class RowErrorLog(bool skipBadRows, int keepAtMost = 1_000_000)
{
    private readonly List<RowError> _errors = [];
    private readonly Lock _lock = new();
    private long _count;
    private volatile bool _stop;

    public bool SkipBadRows { get; } = skipBadRows;

    /// <summary>Set when a reader should stop: an error without <see cref="SkipBadRows"/>.</summary>
    public bool StopRequested => _stop;

    public long Count => Interlocked.Read(ref _count);

    public void Add(RowError error)
    {
        lock (_lock)
        {
            _count++;
            if (_errors.Count < keepAtMost)
            {
                _errors.Add(error);
            }
        }

        if (!SkipBadRows)
        {
            _stop = true;
        }
    }

    /// <summary>The kept errors ordered by file and line (threads report out of order).</summary>
    public IReadOnlyList<RowError> Sorted()
    {
        lock (_lock)
        {
            return [.. _errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)];
        }
    }
}
