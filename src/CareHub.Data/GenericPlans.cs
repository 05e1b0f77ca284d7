using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareHub.Data;

/// <summary>
/// Page reads that PostgreSQL should run with its generic plan. A prepared statement is planned again for its
/// parameters on every execution when the planner estimates the generic plan as dearer, and a page's
/// <c>LIMIT $n OFFSET $m</c> always makes it look dearer (an unknown limit is costed as a tenth of the rows), although
/// the plan it makes is the same: a FHIR Task search spent 0.37 ms planning for 0.36 ms of work, every time. A query
/// marked with <see cref="WithGenericPlan{T}"/> is sent after <c>set_config('plan_cache_mode', 'force_generic_plan',
/// true)</c> in the same round trip, whose result is skipped before the query's rows are read. The statements of one
/// round trip run in one transaction and a local setting ends with it, so the setting ends with the query whether it
/// succeeds or fails (<c>SET LOCAL</c> would not do: PostgreSQL ignores it outside an explicit transaction block).
/// Mark only queries whose generic plan has been checked (<c>EXPLAIN EXECUTE</c> with the setting on): a generic plan
/// cannot use the parameters' values, where a custom plan might, for a skewed column. SQLite ignores the mark.
/// </summary>
public static class GenericPlans
{
    /// <summary>The tag <see cref="WithGenericPlan{T}"/> puts on a query; a compiled query, which cannot call it, writes
    /// <c>TagWith(GenericPlans.Tag)</c> instead.</summary>
    public const string Tag = "generic plan";

    private const string Marked = "-- " + Tag + "\n";
    private const string Setting = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true);\n";

    public static IQueryable<T> WithGenericPlan<T>(this IQueryable<T> query) => query.TagWith(Tag);

    /// <summary>Adds the setting before the commands of marked queries and skips its result (PostgreSQL only).</summary>
    public sealed class Interceptor : DbCommandInterceptor
    {
        public static readonly Interceptor Instance = new();

        private Interceptor()
        {
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Mark(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Mark(command);
            return ValueTask.FromResult(result);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            if (IsMarked(command))
            {
                try
                {
                    result.NextResult();
                }
                catch
                {
                    // The caller never gets the reader, so it must not keep the connection busy.
                    result.Dispose();
                    throw;
                }
            }

            return result;
        }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (IsMarked(command))
            {
                try
                {
                    await result.NextResultAsync(cancellationToken);
                }
                catch
                {
                    await result.DisposeAsync();
                    throw;
                }
            }

            return result;
        }

        private static bool IsMarked(DbCommand command) => command.CommandText.StartsWith(Setting, StringComparison.Ordinal);

        private static void Mark(DbCommand command)
        {
            if (command.CommandText.StartsWith(Marked, StringComparison.Ordinal))
            {
                command.CommandText = Setting + command.CommandText;
            }
        }
    }
}
