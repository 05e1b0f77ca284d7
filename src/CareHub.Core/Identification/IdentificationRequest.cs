namespace CareHub.Identification;

/// <summary>The kind of input directory a run reads.</summary>
public enum InputKind
{
    /// <summary>CareHub's plan-data files (docs/plan-data-format.md), CSV or Parquet.</summary>
    PlanData,

    /// <summary>A Synthea CSV export.</summary>
    Synthea,
}

/// <summary>Which determinations a run hands to the sink.</summary>
public enum DeterminationScope
{
    /// <summary>Members who meet a rule's criteria: eligible ones and excluded ones (with the reason).</summary>
    CriteriaMet,

    /// <summary>Every member for every rule, with the evidence of why not where the criteria are not met.</summary>
    All,
}

/// <summary>What to identify, from which files, as of which date.</summary>
/// <param name="RuleVersion"><c>current</c> (the versions in effect on <paramref name="AsOf"/>, or with
/// <see cref="BackTest"/> the versions named <c>current</c>) or a version name such as <c>2022</c>.</param>
public sealed record IdentificationRequest(InputKind Kind, string InputDirectory, DateOnly AsOf, string RuleVersion = PopulationRuleSelection.Current)
{
    /// <summary>An HMIS CSV export directory to add, or null.</summary>
    public string? HmisDirectory { get; init; }

    /// <summary>Skip malformed rows (they are listed in <see cref="IdentificationOutcome.RowErrors"/>) instead of
    /// failing the run on the first one.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>Compute SHA-256 checksums of the input files for the run record.</summary>
    public bool ComputeChecksums { get; init; } = true;

    /// <summary>Threads to use; defaults to the processor count.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    public DeterminationScope Scope { get; init; } = DeterminationScope.CriteriaMet;

    /// <summary>Apply the named rule version's criteria at the as-of date whatever the version's dates and the
    /// populations' go-live (a back-test, as plans sized their networks before launch): the evidence says where a
    /// population was not yet live in the member's county instead of leaving the member out. Without it a member is
    /// identified only where and when the population is live.</summary>
    public bool BackTest { get; init; }
}

/// <summary>Receives determinations, one at a time, in member order then rule order, from one thread.
/// Determinations are only sent once every input file was read without a fatal error.</summary>
public interface IDeterminationSink
{
    void Add(Determination determination);
}

/// <summary>A sink that keeps every determination in a list (tests, small runs).</summary>
public sealed class ListDeterminationSink : IDeterminationSink
{
    public List<Determination> Items { get; } = [];

    public void Add(Determination determination) => Items.Add(determination);
}
