using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CareHub.Identification.Engine;

/// <summary>
/// Evaluates every compiled rule for every member, in parallel blocks of members, and hands determinations to
/// the sink in member order. Evidence is built only for determinations that are sent. With
/// <paramref name="applyGoLive"/> a member is identified only where and when the population is live (the exclusion
/// <see cref="ExclusionCodes.NotLive"/> otherwise); without it (a back-test) the evidence says when the population was
/// not yet live in the member's county.
/// </summary>
internal sealed class Evaluator(FactStore store, CompiledRules rules, DeterminationScope scope, bool applyGoLive)
{
    private readonly CompiledRule[] _rules = [.. rules.Rules];
    private readonly CompiledExclusion[] _exclusions = [.. rules.Exclusions];
    private int[][] _liveFrom = [];

    private const int BlockSize = 512;

    /// <summary>The breakdown key's flag for members pending confirmation.</summary>
    public const long ToConfirmBit = 1L << 60;

    public sealed class Counts(int rules)
    {
        public long[] Eligible { get; } = new long[rules];
        public long[] CriteriaMet { get; } = new long[rules];

        /// <summary>Members identified pending confirmation (criteria met but for attestations, not excluded).</summary>
        public long[] ToConfirm { get; } = new long[rules];
        public Dictionary<string, long>[] Excluded { get; } = [.. Enumerable.Range(0, rules).Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];

        /// <summary>Identified counts keyed by rule (8 bits), county (16), network (16), dual (8), plus
        /// <see cref="ToConfirmBit"/> for members pending confirmation.</summary>
        public Dictionary<long, long> Breakdown { get; } = [];

        public void Merge(Counts other)
        {
            for (var r = 0; r < Eligible.Length; r++)
            {
                Eligible[r] += other.Eligible[r];
                CriteriaMet[r] += other.CriteriaMet[r];
                ToConfirm[r] += other.ToConfirm[r];
                foreach (var (code, n) in other.Excluded[r])
                {
                    Excluded[r][code] = Excluded[r].GetValueOrDefault(code) + n;
                }
            }

            foreach (var (key, n) in other.Breakdown)
            {
                Breakdown[key] = Breakdown.GetValueOrDefault(key) + n;
            }
        }
    }

    public Counts Run(IDeterminationSink sink, int parallelism, CancellationToken cancellation)
    {
        foreach (var rule in rules.Rules)
        {
            rule.Root.Prepare(store);
        }

        // The first day each population is live, per county value (int.MaxValue: not live there).
        var values = store.Members.Values;
        _liveFrom = [.. rules.Rules.Select(r => Enumerable.Range(0, values.Count)
            .Select(v => PopulationGoLive.LiveFrom(r.Rule.GoLive, values[(ushort)v]) is { } d ? d.DayNumber : int.MaxValue)
            .ToArray())];

        var total = new Counts(_rules.Length);
        var memberCount = store.Members.Count;
        var blocks = (memberCount + BlockSize - 1) / BlockSize;

        // Blocks of members are evaluated on every core while this thread hands the finished ones to the sink in
        // member order, so writing the output overlaps the evaluation of later blocks. The evaluators stay at most
        // `ahead` blocks in front of the sink: only those blocks' determinations are held at a time. Small blocks and a
        // short lead keep that to a few hundred determinations, so nearly all of the evidence dies before a collection
        // and is not copied into older generations (with 2,048-member blocks and four per core, the evidence waiting to
        // be written was promoted at every collection: more time in the collector and a peak 80 MB higher).
        var ahead = Math.Max(2, parallelism * 2);
        var finished = new Block?[blocks];
        var gate = new object();
        var next = -1;
        var handed = 0;
        var stop = false;
        Exception? failure = null;
        var workers = new Task[Math.Clamp(parallelism, 1, Math.Max(1, blocks))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Factory.StartNew(() =>
            {
                try
                {
                    int b;
                    while ((b = Interlocked.Increment(ref next)) < blocks)
                    {
                        lock (gate)
                        {
                            while (b >= handed + ahead && !stop)
                            {
                                Monitor.Wait(gate);
                            }

                            if (stop)
                            {
                                return;
                            }
                        }

                        var block = new Block([], new Counts(_rules.Length));
                        var end = Math.Min(memberCount, (b + 1) * BlockSize);
                        for (var m = b * BlockSize; m < end; m++)
                        {
                            EvaluateMember(m, block.Output, block.Counts);
                        }

                        lock (gate)
                        {
                            finished[b] = block;
                            Monitor.PulseAll(gate);
                        }
                    }
                }
                catch (Exception ex)
                {
                    lock (gate)
                    {
                        failure ??= ex;
                        stop = true;
                        Monitor.PulseAll(gate);
                    }
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            for (var b = 0; b < blocks; b++)
            {
                Block block;
                lock (gate)
                {
                    while (finished[b] is null && failure is null)
                    {
                        Monitor.Wait(gate, 100);
                        cancellation.ThrowIfCancellationRequested();
                    }

                    if (failure is not null)
                    {
                        break;
                    }

                    block = finished[b]!;
                    finished[b] = null;
                    handed = b + 1;
                    Monitor.PulseAll(gate);
                }

                cancellation.ThrowIfCancellationRequested();
                foreach (var d in block.Output)
                {
                    sink.Add(d);
                }

                total.Merge(block.Counts);
            }
        }
        finally
        {
            lock (gate)
            {
                stop = true;
                Monitor.PulseAll(gate);
            }

            Task.WaitAll(workers);
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return total;
    }

    /// <summary>The determinations and counts of one block of members.</summary>
    private sealed record Block(List<Determination> Output, Counts Counts);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EvaluateMember(int m, List<Determination> output, Counts counts)
    {
        var view = store.View(m);
        ExclusionCheck exclusions = default;
        var exclusionKnown = false;
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            var result = rule.Root.Evaluate(view);
            var unsupported = result == CriterionResult.ToConfirm && !rule.Root.ShowsSpecificData(view);
            if (unsupported)
            {
                // Only age or attributes back the open statements: nothing in the data points to this member.
                result = CriterionResult.NotMet;
            }

            var met = result != CriterionResult.NotMet;
            if (!met && scope == DeterminationScope.CriteriaMet)
            {
                continue;
            }

            Exclusion? applies = null;
            List<string>? notes = null;
            IReadOnlyList<string> pendingExclusions = [];
            if (met)
            {
                if (!exclusionKnown)
                {
                    exclusions = ExclusionFor(view);
                    exclusionKnown = true;
                }

                applies = exclusions.Exclusion;
                if (exclusions.Note is { } note)
                {
                    (notes ??= []).Add(note);
                }

                var liveFrom = _liveFrom[r][store.Members.County[m]];
                if (store.AsOfDay < liveFrom)
                {
                    var notLive = NotLive(rule, m, liveFrom);
                    if (applyGoLive)
                    {
                        applies ??= new Exclusion(ExclusionCodes.NotLive, notLive);
                    }
                    else
                    {
                        (notes ??= []).Add(notLive);
                    }
                }

                if (applies is null && exclusions.ToConfirm?.Count > 0)
                {
                    pendingExclusions = exclusions.ToConfirm;
                }

                counts.CriteriaMet[r]++;
                if (applies is null)
                {
                    var pending = result == CriterionResult.ToConfirm || pendingExclusions.Count > 0;
                    if (pending)
                    {
                        counts.ToConfirm[r]++;
                    }
                    else
                    {
                        counts.Eligible[r]++;
                    }

                    var members = store.Members;
                    var key = ((long)r << 40) | ((long)members.County[m] << 24) | ((long)members.Network[m] << 8) | members.Dual[m]
                        | (pending ? ToConfirmBit : 0);
                    counts.Breakdown[key] = counts.Breakdown.GetValueOrDefault(key) + 1;
                }
                else
                {
                    counts.Excluded[r][applies.Code] = counts.Excluded[r].GetValueOrDefault(applies.Code) + 1;
                }
            }

            var evidence = rule.Root.Explain(view);
            if (pendingExclusions.Count > 0)
            {
                IReadOnlyList<string> statements = [.. evidence.ToConfirm, .. pendingExclusions];
                evidence = evidence with { Met = false, Text = FinalText(evidence.Text, notes, statements), ToConfirm = statements };
            }
            else if (result == CriterionResult.ToConfirm)
            {
                evidence = evidence with { Text = FinalText(evidence.Text, notes, evidence.ToConfirm) };
            }
            else if (unsupported)
            {
                evidence = evidence with
                {
                    Text = FinalText(evidence.Text, notes, evidence.ToConfirm,
                        "no record of the member's own points to it, so it needs a referral to confirm: "),
                };
            }
            else if (notes is not null)
            {
                evidence = evidence with { Text = FinalText(evidence.Text, notes, null) };
            }

            output.Add(new Determination(store.Members.IdOf(m), m, rule.Rule.Code, rule.Rule.RuleVersion, met, applies, evidence));
        }
    }

    /// <summary>"the population was not yet live in Fresno County on 2022-03-31 (live there from 2022-07-01)".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string NotLive(CompiledRule rule, int m, int liveFrom)
    {
        var county = store.Members.Values[store.Members.County[m]];
        var where = county.Length > 0 ? $"in {county} County" : "in the member's county (not recorded)";
        var from = liveFrom == int.MaxValue ? "the catalog has no go-live date for it there" : $"live there from {Day(liveFrom)}";
        return $"{rule.Rule.Name ?? rule.Rule.Code} was not yet live {where} on {Day(store.AsOfDay)} ({from})";
    }

    [ThreadStatic]
    private static StringBuilder? _finalText;

    /// <summary>What the data shows, then the notes, then (with <paramref name="statements"/>) the statements to
    /// confirm as <see cref="WithStatements"/> writes them, built in one pass: the evidence text of a determination is
    /// its longest string, and joining it step by step would copy it once per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string FinalText(string text, List<string>? notes, IReadOnlyList<string>? statements, string lead = "to confirm: ")
    {
        var final = _finalText ??= new StringBuilder(4096);
        final.Clear().Append(text);
        foreach (var note in notes ?? [])
        {
            if (final.Length > 0)
            {
                final.Append("; ");
            }

            final.Append(note);
        }

        if (statements is not null)
        {
            if (final.Length > 0)
            {
                final.Append("; ");
            }

            final.Append(lead);
            for (var i = 0; i < statements.Count; i++)
            {
                if (statements.Count > 1)
                {
                    final.Append(i == 0 ? "(" : " (").Append(i + 1).Append(") ");
                }

                var s = statements[i].AsSpan().Trim();
                final.Append(s);
                if (!s.EndsWith('.'))
                {
                    final.Append('.');
                }
            }
        }

        var result = final.ToString();
        if (final.Capacity > 1 << 16)
        {
            _finalText = null;
        }

        return result;
    }

    /// <summary>"...; to confirm: (1) ... (2) ..." after what the data shows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string WithStatements(string text, IReadOnlyList<string> statements, string lead = "to confirm: ")
    {
        var list = statements.Count == 1
            ? Sentence(statements[0])
            : string.Join(" ", statements.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"({i + 1}) {Sentence(s)}")));
        return (text.Length > 0 ? text + "; " : "") + lead + list;
    }

    private static string Sentence(string statement)
    {
        var s = statement.Trim();
        return s.EndsWith('.') ? s : s + ".";
    }

    /// <summary>What the exclusions say for a member: one that applies (death, no enrollment, an excluding program),
    /// or statements to confirm for enrollments in programs whose exclusion the catalog marks unconfirmed, and a note
    /// when the D-SNP continuation keeps the member in ECM.</summary>
    private readonly record struct ExclusionCheck(Exclusion? Exclusion, IReadOnlyList<string> ToConfirm, string? Note);

    /// <summary>Death on or before the as-of date, no enrollment covering it (plan data), or an excluding program
    /// enrollment active on it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ExclusionCheck ExclusionFor(in MemberView view)
    {
        var members = store.Members;
        var m = view.Index;
        var asOf = store.AsOfDay;
        if (members.DeathDays[m] <= asOf)
        {
            return new(new Exclusion(ExclusionCodes.Died, $"died on {Day(members.DeathDays[m])}, on or before {Day(asOf)}"), [], null);
        }

        if (members.RequireEnrollment && members.EnrolledFrom[m] < 0)
        {
            return new(new Exclusion(ExclusionCodes.NotEnrolled, $"no enrollment span covers {Day(asOf)}"), [], null);
        }

        List<string>? toConfirm = null;
        List<int>? counted = null;
        string? note = null;
        foreach (var exclusion in _exclusions)
        {
            for (var i = 0; i < view.Programs.Length; i++)
            {
                ref readonly var s = ref view.Programs[i];
                if (Array.IndexOf(exclusion.Ids, s.Program) < 0 || s.Start > asOf || s.End < asOf || counted?.Contains(i) == true)
                {
                    continue;
                }

                // A span of an unnamed 1915(c) waiver is reported as such.
                var actual = ProgramCodes.All[s.Program];
                var enrolled = $"{ProgramCodes.Words(actual)} from {Day(s.Start)}, {Until(s.End)}{Where(s)}";
                if (exclusion.Program == ProgramCodes.DSnp && Continuation(view) is { } ecm)
                {
                    note = $"in {enrolled}, but keeps ECM up to {DSnpContinuation.Until:yyyy-MM-dd} under the D-SNP continuation: "
                        + $"ECM active on {DSnpContinuation.ActiveOn:yyyy-MM-dd}, from {Day(ecm.Start)}, {Until(ecm.End)}{Where(ecm)}";
                    continue;
                }

                if (exclusion.Rule.Confirmed)
                {
                    return new(new Exclusion(actual, $"enrolled in {enrolled}"), [], null);
                }

                (counted ??= []).Add(i);
                (toConfirm ??= []).Add($"Enrollment in {enrolled} does not exclude the member from ECM (the catalog marks this exclusion unconfirmed)");
            }
        }

        return new(null, toConfirm ?? [], note);
    }

    /// <summary>An ECM enrollment that keeps a D-SNP member in ECM on the as-of date, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SpanFact? Continuation(in MemberView view)
    {
        var ecm = (byte)ProgramCodes.IdOf(ProgramCodes.Ecm);
        var asOf = DateOnly.FromDayNumber(store.AsOfDay);
        foreach (ref readonly var s in view.Programs)
        {
            if (s.Program == ecm && DSnpContinuation.Keeps(DateOnly.FromDayNumber(s.Start),
                s.End == int.MaxValue ? null : DateOnly.FromDayNumber(s.End), asOf))
            {
                return s;
            }
        }

        return null;
    }

    private static string Until(int end) => end == int.MaxValue ? "open" : $"to {Day(end)}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Where(in SpanFact s)
    {
        var where = string.Join(" ", new[] { store.Text.GetString(s.Origin), store.Text.GetString(s.Source) }.Where(t => t.Length > 0));
        return where.Length > 0 ? $" ({where})" : "";
    }

    private static string Day(int day) => DayText.Of(day);
}
