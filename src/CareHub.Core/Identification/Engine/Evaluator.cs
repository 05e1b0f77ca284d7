using System.Globalization;

namespace CareHub.Identification.Engine;

/// <summary>
/// Evaluates every compiled rule for every member, in parallel blocks of members, and hands determinations to
/// the sink in member order. Evidence is built only for determinations that are sent.
/// </summary>
internal sealed class Evaluator(FactStore store, CompiledRules rules, DeterminationScope scope)
{
    private const int BlockSize = 4096;

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

        var total = new Counts(rules.Rules.Count);
        var memberCount = store.Members.Count;
        var blocks = (memberCount + BlockSize - 1) / BlockSize;
        var wave = Math.Max(1, parallelism * 4);
        for (var first = 0; first < blocks; first += wave)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(wave, blocks - first);
            var outputs = new List<Determination>[count];
            var counts = new Counts[count];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
            {
                var start = (first + i) * BlockSize;
                var end = Math.Min(memberCount, start + BlockSize);
                outputs[i] = [];
                counts[i] = new Counts(rules.Rules.Count);
                for (var m = start; m < end; m++)
                {
                    EvaluateMember(m, outputs[i], counts[i]);
                }
            });

            for (var i = 0; i < count; i++)
            {
                foreach (var d in outputs[i])
                {
                    sink.Add(d);
                }

                total.Merge(counts[i]);
            }
        }

        return total;
    }

    private void EvaluateMember(int m, List<Determination> output, Counts counts)
    {
        var view = store.View(m);
        Exclusion? exclusion = null;
        var exclusionKnown = false;
        for (var r = 0; r < rules.Rules.Count; r++)
        {
            var rule = rules.Rules[r];
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
            if (met)
            {
                if (!exclusionKnown)
                {
                    exclusion = ExclusionFor(view);
                    exclusionKnown = true;
                }

                applies = exclusion;
                counts.CriteriaMet[r]++;
                if (applies is null)
                {
                    var pending = result == CriterionResult.ToConfirm;
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
            if (result == CriterionResult.ToConfirm)
            {
                evidence = evidence with { Text = WithStatements(evidence.Text, evidence.ToConfirm) };
            }
            else if (unsupported)
            {
                evidence = evidence with
                {
                    Text = WithStatements(evidence.Text, evidence.ToConfirm,
                        "no record of the member's own points to it, so it needs a referral to confirm: "),
                };
            }

            output.Add(new Determination(store.Members.Ids[m], m, rule.Rule.Code, rule.Rule.RuleVersion, met, applies, evidence));
        }
    }

    /// <summary>"...; to confirm: (1) ... (2) ..." after what the data shows.</summary>
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

    /// <summary>Death on or before the as-of date, no enrollment covering it (plan data), or an excluding program
    /// enrollment active on it.</summary>
    private Exclusion? ExclusionFor(in MemberView view)
    {
        var members = store.Members;
        var m = view.Index;
        var asOf = store.AsOfDay;
        if (members.DeathDays[m] <= asOf)
        {
            return new Exclusion(ExclusionCodes.Died, $"died on {Day(members.DeathDays[m])}, on or before {Day(asOf)}");
        }

        if (members.RequireEnrollment && members.EnrolledFrom[m] < 0)
        {
            return new Exclusion(ExclusionCodes.NotEnrolled, $"no enrollment span covers {Day(asOf)}");
        }

        foreach (var (code, ids) in rules.Exclusions)
        {
            foreach (ref readonly var s in view.Programs)
            {
                if (Array.IndexOf(ids, s.Program) >= 0 && s.Start <= asOf && s.End >= asOf)
                {
                    var source = store.Text.GetString(s.Source);
                    var origin = store.Text.GetString(s.Origin);
                    var until = s.End == int.MaxValue ? "open" : $"to {Day(s.End)}";
                    var where = string.Join(" ", new[] { origin, source }.Where(t => t.Length > 0));
                    // A span of an unnamed 1915(c) waiver is reported as such.
                    var actual = ProgramCodes.All[s.Program];
                    return new Exclusion(actual, $"enrolled in {ProgramCodes.Words(actual)} from {Day(s.Start)}, {until}{(where.Length > 0 ? $" ({where})" : "")}");
                }
            }
        }

        return null;
    }

    private static string Day(int day) => DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
