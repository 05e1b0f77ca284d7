using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CareHub.Testing;

/// <summary>The app's last warnings and errors, kept in memory so that a failing test can say what the server saw
/// (the app logs nothing below a warning in tests).</summary>
public sealed class AppLog : ILoggerProvider
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>The entries kept, oldest first, each with its time, level, category and exception.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Kept && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(AppLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
        }
    }
}
