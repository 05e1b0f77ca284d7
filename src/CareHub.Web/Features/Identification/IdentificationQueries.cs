using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using CareHub.Data;
using CareHub.Identification.Runs;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Identification;

/// <param name="EligibleCount">Member × population pairs eligible outright.</param>
/// <param name="ToConfirmCount">Member × population pairs identified pending confirmation of attestations.</param>
/// <param name="Stage">While running: what the run is doing (exporting, reading a file, evaluating, saving).</param>
/// <param name="RowsRead">Input rows read (so far, while running).</param>
/// <param name="RowsTotal">Input rows to read, once the export from the database is written (0 before).</param>
public sealed record RunSummary(Guid Id, DateOnly AsOf, string RuleVersion, string Status, DateTimeOffset RequestedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, string? RequestedBy, long MembersRead, int EligibleCount, string? Error, string? Parameters, long ToConfirmCount = 0,
    string? Stage = null, long RowsRead = 0, long RowsTotal = 0)
{
    /// <summary>The share of the input rows read, 0-100, while the run reads them; null when unknown.</summary>
    public int? PercentRead => RowsTotal > 0 ? (int)Math.Min(100, RowsRead * 100 / RowsTotal) : null;
}

/// <param name="Eligible">Members eligible outright.</param>
/// <param name="ToConfirm">Members identified pending confirmation of attestations.</param>
public sealed record CountRow(string Population, string County, string HealthNetwork, string DualStatus, int Eligible, int ToConfirm = 0);

/// <param name="Eligible">Eligible outright.</param>
/// <param name="ToConfirm">Identified pending confirmation: the data meets every criterion it can show, no exclusion applies, and
/// the statements in <see cref="ToConfirmStatements"/> are still to be confirmed.</param>
public sealed record DeterminationRow(Guid MemberId, string PlanMemberId, string FirstName, string LastName, string Population, string RuleVersion,
    bool Eligible, string? Exclusion, string Evidence, string County, string? HealthNetwork, bool IsDual, bool ToConfirm = false)
{
    /// <summary>The attestations to confirm (filled for a member's page and the drill-down).</summary>
    public IReadOnlyList<string> ToConfirmStatements { get; init; } = [];
}

public sealed record RunDiff(Guid? PreviousRunId, IReadOnlyList<DeterminationRow> NewlyEligible, IReadOnlyList<DeterminationRow> NoLongerEligible);

/// <param name="Eligible">Only eligible (true) or not eligible (false) determinations.</param>
/// <param name="Status"><c>identified</c> (eligible or to confirm), <c>eligible</c>, <c>to-confirm</c> or <c>excluded</c>.</param>
public sealed record DeterminationFilter(string? Population, string? County, string? HealthNetwork, string? Dual, bool? Eligible, int Page = 1, int PageSize = 50,
    string? Status = null);

public static class DeterminationStatuses
{
    public const string Identified = "identified";
    public const string Eligible = "eligible";
    public const string ToConfirm = "to-confirm";
    public const string Excluded = "excluded";

    public static readonly IReadOnlyList<string> All = [Identified, Eligible, ToConfirm, Excluded];
}

/// <summary>Reads identification runs for the caller's plan. Determinations are member data: scoped by the data
/// layer and audited when shown.</summary>
public sealed class IdentificationQueries(CareHubDbContext db, AuditTrail audit)
{
    public async Task<IReadOnlyList<RunSummary>> RunsAsync(Guid planId, CancellationToken ct = default) =>
        await db.IdentificationRuns.AsNoTracking().Where(r => r.PlanId == planId).OrderByDescending(r => r.RequestedAt).Take(100)
            .Select(r => ToSummary(r)).ToListAsync(ct);

    public async Task<RunSummary?> RunAsync(Guid planId, Guid runId, CancellationToken ct = default)
    {
        var run = await db.IdentificationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.PlanId == planId, ct);
        return run is null ? null : ToSummary(run);
    }

    /// <summary>A stored determination is eligible, excluded (with the code), or, when neither, identified pending
    /// confirmation: runs store only members whose data meets the criteria (see <see cref="DeterminationRecord"/>).</summary>
    private static readonly Expression<Func<DeterminationRecord, bool>> _toConfirm = d => !d.Eligible && d.ExclusionCode == null;

    private static readonly Expression<Func<DeterminationRecord, bool>> _identified = d => d.Eligible || d.ExclusionCode == null;

    /// <summary>Identified members (eligible outright and to confirm) by population × county × health network × dual
    /// status (completed runs only).</summary>
    public async Task<IReadOnlyList<CountRow>> CountsAsync(Guid runId, CancellationToken ct = default)
    {
        var rows = await db.Determinations.AsNoTracking().Where(d => d.RunId == runId).Where(_identified)
            .GroupBy(d => new { d.Population, d.County, d.HealthNetwork, d.IsDual })
            .Select(g => new { g.Key.Population, g.Key.County, g.Key.HealthNetwork, g.Key.IsDual, Count = g.Count(d => d.Eligible), Pending = g.Count(d => !d.Eligible) })
            .ToListAsync(ct);
        return rows.Select(r => new CountRow(r.Population, r.County, r.HealthNetwork ?? "(none)", r.IsDual ? "dual" : "medi-cal-only", r.Count, r.Pending))
            .OrderBy(r => r.Population, StringComparer.Ordinal).ThenBy(r => r.County, StringComparer.Ordinal)
            .ThenBy(r => r.HealthNetwork, StringComparer.Ordinal).ThenBy(r => r.DualStatus, StringComparer.Ordinal).ToList();
    }

    public async Task<(IReadOnlyList<DeterminationRow> Items, int Total)> DeterminationsAsync(Guid runId, DeterminationFilter f, string target, CancellationToken ct = default)
    {
        var q = Query(runId, f);
        var total = await q.CountAsync(ct);
        var page = Math.Max(1, f.Page);
        var size = Math.Clamp(f.PageSize, 1, 500);
        var items = await ProjectWithStatements(q.OrderBy(d => d.Population).ThenBy(d => d.MemberId).Skip((page - 1) * size).Take(size), ct);
        await audit.RecordShownAsync("identification.list", items.Select(d => d.MemberId), target, $"run {runId}; {items.Count} of {total} determinations shown", ct);
        return (items, total);
    }

    /// <summary>The run's identified members (eligible, and pending confirmation with "to confirm: ..." at the end of
    /// the evidence) as CSV with the header <c>member_id,population,rule_version,evidence</c> (member_id is the plan's
    /// member id), the same format as <c>carehub identify --out</c>.</summary>
    public async Task<string> ExportCsvAsync(Guid runId, DeterminationFilter f, string target, CancellationToken ct = default)
    {
        var rows = await Project(Query(runId, f with { Eligible = null, Status = f.Status ?? DeterminationStatuses.Identified })
            .OrderBy(d => d.MemberId).ThenBy(d => d.Population)).ToListAsync(ct);
        var csv = new StringBuilder("member_id,population,rule_version,evidence\n");
        foreach (var r in rows)
        {
            csv.Append(Escape(r.PlanMemberId)).Append(',').Append(Escape(r.Population)).Append(',').Append(Escape(r.RuleVersion)).Append(',').Append(Escape(r.Evidence)).Append('\n');
        }

        await audit.RecordShownAsync("identification.export", rows.Select(d => d.MemberId), target, $"run {runId}; {rows.Count} rows", ct);
        return csv.ToString();
    }

    /// <summary>Newly identified and no longer identified (member × population; eligible or to confirm) against the
    /// plan's previous completed run. Every member shown is audited under <paramref name="target"/>.</summary>
    public async Task<RunDiff> DiffAsync(Guid planId, Guid runId, string target, CancellationToken ct = default)
    {
        var run = await db.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
        var previous = await db.IdentificationRuns.AsNoTracking()
            .Where(r => r.PlanId == planId && r.Status == RunStatus.Completed && r.RequestedAt < run.RequestedAt)
            .OrderByDescending(r => r.RequestedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (previous is null)
        {
            await audit.RecordShownAsync("identification.diff", [], target, $"run {runId}; no previous run", ct);
            return new RunDiff(null, [], []);
        }

        var now = await Project(db.Determinations.Where(d => d.RunId == runId).Where(_identified)).ToListAsync(ct);
        var before = await Project(db.Determinations.Where(d => d.RunId == previous).Where(_identified)).ToListAsync(ct);
        var beforeKeys = before.Select(d => (d.MemberId, d.Population)).ToHashSet();
        var nowKeys = now.Select(d => (d.MemberId, d.Population)).ToHashSet();
        var added = now.Where(d => !beforeKeys.Contains((d.MemberId, d.Population))).OrderBy(d => d.LastName).ToList();
        var removed = before.Where(d => !nowKeys.Contains((d.MemberId, d.Population))).OrderBy(d => d.LastName).ToList();
        await audit.RecordShownAsync("identification.diff", added.Concat(removed).Select(d => d.MemberId), target,
            $"run {runId} against {previous}; {added.Count} newly identified, {removed.Count} no longer identified", ct);
        return new RunDiff(previous, added, removed);
    }

    /// <summary>The member's determinations from the latest completed run that evaluated them.</summary>
    public async Task<(RunSummary? Run, IReadOnlyList<DeterminationRow> Items)> ForMemberAsync(Guid memberId, CancellationToken ct = default)
    {
        var runId = await db.Determinations.AsNoTracking().Where(d => d.MemberId == memberId)
            .Join(db.IdentificationRuns.Where(r => r.Status == RunStatus.Completed), d => d.RunId, r => r.Id, (d, r) => new { r.Id, r.RequestedAt })
            .OrderByDescending(x => x.RequestedAt).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        if (runId is null)
        {
            return (null, []);
        }

        var run = await db.IdentificationRuns.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
        var items = await ProjectWithStatements(db.Determinations.Where(d => d.RunId == runId && d.MemberId == memberId).OrderBy(d => d.Population), ct);
        return (ToSummary(run), items);
    }

    private IQueryable<DeterminationRecord> Query(Guid runId, DeterminationFilter f)
    {
        var q = db.Determinations.AsNoTracking().Where(d => d.RunId == runId);
        if (!string.IsNullOrWhiteSpace(f.Population)) { q = q.Where(d => d.Population == f.Population); }
        if (!string.IsNullOrWhiteSpace(f.County)) { q = q.Where(d => d.County == f.County); }
        if (!string.IsNullOrWhiteSpace(f.HealthNetwork)) { q = f.HealthNetwork == "(none)" ? q.Where(d => d.HealthNetwork == null) : q.Where(d => d.HealthNetwork == f.HealthNetwork); }
        if (f.Dual == "dual") { q = q.Where(d => d.IsDual); }
        if (f.Dual == "medi-cal-only") { q = q.Where(d => !d.IsDual); }
        if (f.Eligible is { } e) { q = q.Where(d => d.Eligible == e); }
        q = f.Status switch
        {
            DeterminationStatuses.Identified => q.Where(_identified),
            DeterminationStatuses.Eligible => q.Where(d => d.Eligible),
            DeterminationStatuses.ToConfirm => q.Where(_toConfirm),
            DeterminationStatuses.Excluded => q.Where(d => d.ExclusionCode != null),
            _ => q,
        };
        return q;
    }

    /// <summary>As <see cref="Project"/>, with the statements to confirm read from the evidence.</summary>
    private async Task<List<DeterminationRow>> ProjectWithStatements(IQueryable<DeterminationRecord> q, CancellationToken ct)
    {
        var rows = await q.Join(db.Members, d => d.MemberId, m => m.Id, (d, m) => new DeterminationWithEvidence(new DeterminationRow(d.MemberId,
            m.PlanMemberId, m.FirstName, m.LastName, d.Population, d.RuleVersion, d.Eligible, d.ExclusionText, d.EvidenceText, d.County,
            d.HealthNetwork, d.IsDual, !d.Eligible && d.ExclusionCode == null), d.EvidenceJson)).ToListAsync(ct);
        return [.. rows.Select(r => r.Row.ToConfirm ? r.Row with { ToConfirmStatements = Statements(r.EvidenceJson) } : r.Row)];
    }

    private sealed record DeterminationWithEvidence(DeterminationRow Row, string? EvidenceJson);

    /// <summary>The top evidence item's <c>toConfirm</c> statements.</summary>
    private static IReadOnlyList<string> Statements(string? evidenceJson)
    {
        if (string.IsNullOrEmpty(evidenceJson))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(evidenceJson);
        return doc.RootElement.TryGetProperty("toConfirm", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(s => s.GetString() ?? "").Where(s => s.Length > 0)]
            : [];
    }

    private IQueryable<DeterminationRow> Project(IQueryable<DeterminationRecord> q) =>
        q.Join(db.Members, d => d.MemberId, m => m.Id, (d, m) => new DeterminationRow(d.MemberId, m.PlanMemberId, m.FirstName, m.LastName,
            d.Population, d.RuleVersion, d.Eligible, d.ExclusionText, d.EvidenceText, d.County, d.HealthNetwork, d.IsDual, !d.Eligible && d.ExclusionCode == null));

    private static RunSummary ToSummary(IdentificationRunRecord r) =>
        new(r.Id, r.AsOf, r.RuleVersion, r.Status, r.RequestedAt, r.StartedAt, r.FinishedAt, r.RequestedBy, r.MembersRead, r.EligibleCount, r.Error, r.ParametersJson,
            ToConfirmTotal(r.SummaryJson), r.Stage, r.RowsRead, r.RowsTotal);

    /// <summary>The sum of the populations' <c>toConfirm</c> counts in a run's summary (0 for runs stored before
    /// pending confirmations were counted).</summary>
    private static long ToConfirmTotal(string? summaryJson)
    {
        if (string.IsNullOrEmpty(summaryJson))
        {
            return 0;
        }

        using var doc = JsonDocument.Parse(summaryJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        long total = 0;
        foreach (var population in doc.RootElement.EnumerateArray())
        {
            if (population.TryGetProperty("toConfirm", out var n) && n.TryGetInt64(out var v))
            {
                total += v;
            }
        }

        return total;
    }

    private static string Escape(string f) =>
        f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f;
}
