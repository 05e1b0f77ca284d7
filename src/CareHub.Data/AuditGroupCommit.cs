using CareHub.Audit;
using Npgsql;
using NpgsqlTypes;

namespace CareHub.Data;

/// <summary>
/// Commits the audit entries of reads on PostgreSQL in groups. Entries handed over while a group is being written wait
/// for it and go together into the next one: one <c>COPY</c> and one commit for every request that arrived meanwhile,
/// started as soon as the group before it has committed, so a lone request waits for nothing but its own entries.
/// Each caller's task completes only once its entries are committed (or fails with the group's error), so a response
/// that shows members is still sent after their audit entries are stored.
/// </summary>
/// <remarks>
/// Only entries with no other change to save come here; an entry that belongs with a change is saved in the change's
/// own transaction by <see cref="AuditTrail"/>.
/// </remarks>
public sealed class AuditGroupCommit(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);
    private readonly Lock _gate = new();
    private List<Waiting> _next = [];
    private bool _writing;

    /// <summary>Groups written so far (for tests and diagnostics).</summary>
    public long Groups { get; private set; }

    /// <summary>Completes when the entries are committed, with the others handed over meanwhile.</summary>
    public Task WriteAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        var waiting = new Waiting(entries, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _next.Add(waiting);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            // The writer outlives the request that started it and must not carry its context (activity, log scopes).
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(WriteGroupsAsync);
            }
        }

        return waiting.Committed.Task;
    }

    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            List<Waiting> group;
            lock (_gate)
            {
                if (_next.Count == 0)
                {
                    _writing = false;
                    return;
                }

                group = _next;
                _next = [];
            }

            try
            {
                await CopyAsync(group);
                Groups++;
                foreach (var w in group)
                {
                    w.Committed.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var w in group)
                {
                    w.Committed.TrySetException(e);
                }
            }
        }
    }

    private async Task CopyAsync(List<Waiting> group)
    {
        await using var connection = await _source.OpenConnectionAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            """COPY audit_entries ("At", "UserId", "UserName", "OrganizationId", "MemberId", "Action", "Target", "Source", "Detail") FROM STDIN (FORMAT BINARY)""");
        foreach (var e in group.SelectMany(w => w.Entries))
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(e.At.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            await WriteAsync(copy, e.UserId);
            await WriteAsync(copy, e.UserName);
            await WriteAsync(copy, e.OrganizationId);
            await WriteAsync(copy, e.MemberId);
            await WriteAsync(copy, e.Action);
            await WriteAsync(copy, e.Target);
            await WriteAsync(copy, e.Source);
            await WriteAsync(copy, e.Detail);
        }

        await copy.CompleteAsync();
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Text);

    private static Task WriteAsync(NpgsqlBinaryImporter copy, Guid? value) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Uuid) : copy.WriteNullAsync();

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private sealed record Waiting(IReadOnlyList<AuditEntry> Entries, TaskCompletionSource Committed);
}
