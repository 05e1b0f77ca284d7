using System.Diagnostics;
using System.Globalization;
using CareHub.Identification;

namespace CareHub.Bench.Identification;

/// <summary>Prints to stderr when the run moves to another stage or file, with the time since the start and the
/// process's CPU time, so a run shows where its time went.</summary>
internal sealed class StageTimes : IDisposable
{
    private readonly Timer _timer;
    private readonly IdentificationProgress _progress;
    private readonly Stopwatch _clock;
    private string _last = "";

    private StageTimes(IdentificationProgress progress, Stopwatch clock)
    {
        _progress = progress;
        _clock = clock;
        _timer = new Timer(_ => Check(), null, 0, 5);
    }

    public static StageTimes Start(IdentificationProgress progress, Stopwatch clock) => new(progress, clock);

    private void Check()
    {
        var what = _progress.CurrentFile is { } file ? $"reading {file}" : _progress.Stage;
        lock (_timer)
        {
            if (what == _last)
            {
                return;
            }

            _last = what;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{_clock.Elapsed.TotalSeconds,6:0.00}s, cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,5:0.00}s, gc {GC.CollectionCount(0)}] {what}"));
    }

    public void Dispose()
    {
        _timer.Dispose();
        Check();
    }
}
