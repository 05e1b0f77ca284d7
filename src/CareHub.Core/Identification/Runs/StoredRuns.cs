using CareHub.Common;
using CareHub.Members;

namespace CareHub.Identification.Runs;

public static class RunStatus
{
    public const string Queued = LeasedJob.Queued;
    public const string Running = LeasedJob.Running;
    public const string Completed = LeasedJob.Completed;
    public const string Failed = LeasedJob.Failed;
}

/// <summary>
/// An identification run kept in the database: who asked, parameters, inputs with checksums, timing, counts and
/// status. A run is shown as complete only when its status is <see cref="RunStatus.Completed"/>; its determinations
/// are saved in the same transaction as that status, so a run that failed half-way has none.
/// </summary>
public sealed class IdentificationRunRecord : ILeasedJob
{
    /// <summary>Runs interrupted this many times (their instance stopped) are given up as failed.</summary>
    public const int MaxAttempts = LeasedJob.MaxAttempts;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The plan whose members were evaluated; only that plan's users see the run.</summary>
    public Guid PlanId { get; set; }

    public DateOnly AsOf { get; set; }
    public required string RuleVersion { get; set; }
    public required string Status { get; set; }
    public string? Source { get; set; }
    public string? RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long MembersRead { get; set; }

    /// <summary>Input rows read: all of them once the run completed, and so far while it goes on.</summary>
    public long RowsRead { get; set; }

    /// <summary>While the run goes on: what it is doing (exporting from the database, reading a file, evaluating,
    /// saving), saved with its lease; null before it starts and once it ends.</summary>
    public string? Stage { get; set; }

    /// <summary>The input rows the run reads (what the export from the database wrote), known once the export is
    /// written; 0 before. With <see cref="RowsRead"/> it tells how far the reading has got.</summary>
    public long RowsTotal { get; set; }
    /// <summary>Member × population pairs eligible outright (those pending confirmation are counted in
    /// <see cref="SummaryJson"/>).</summary>
    public int EligibleCount { get; set; }

    /// <summary>Rules evaluated (code@version) and input files with SHA-256 checksums, as JSON.</summary>
    public string? ParametersJson { get; set; }

    /// <summary>Per-population counts as JSON: eligible, toConfirm, criteriaMet, excluded.</summary>
    public string? SummaryJson { get; set; }

    public string? Error { get; set; }

    /// <summary>Times an app instance took the run up; a run whose instance stopped is taken up again by another.</summary>
    public int Attempts { get; set; }

    /// <summary>The worker running the run, and until when it holds it without a sign of life.</summary>
    public string? LeasedBy { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }
}

/// <summary>
/// One member's decision for one Population of Focus in a run, with the evidence. A run stores the members whose
/// data meets the rule's criteria, so a record is one of: eligible outright (<see cref="Eligible"/>); excluded
/// (<see cref="ExclusionCode"/> set); or, when neither, identified pending confirmation: the data meets every
/// criterion it can show and attestations remain, listed in the evidence ("to confirm: ..." at the end of
/// <see cref="EvidenceText"/>, <c>toConfirm</c> in <see cref="EvidenceJson"/>).
/// </summary>
public sealed class DeterminationRecord : IMemberData
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public Guid MemberId { get; set; }
    public required string Population { get; set; }
    public required string RuleVersion { get; set; }
    /// <summary>Eligible outright: every criterion met by data, no exclusion.</summary>
    public bool Eligible { get; set; }
    public string? ExclusionCode { get; set; }
    public string? ExclusionText { get; set; }
    public required string EvidenceText { get; set; }

    /// <summary>The evidence tree (criteria, counts, thresholds, windows and source records) as JSON.</summary>
    public string? EvidenceJson { get; set; }

    public required string County { get; set; }
    public string? HealthNetwork { get; set; }
    public bool IsDual { get; set; }
}
