using CareHub.Catalog;

namespace CareHub.Identification.Engine;

/// <summary>One population rule compiled for the run's as-of date.</summary>
internal sealed record CompiledRule(PopulationRule Rule, Node Root);

/// <summary>An ECM exclusion with the program ids of the spans that count for it.</summary>
internal sealed record CompiledExclusion(EcmExclusionRule Rule, string Program, byte[] Ids);

/// <summary>
/// The run's rules compiled for one as-of date, plus what the readers need to know: which diagnosis code lists
/// exist (one bit each) and how far back facts must be kept.
/// </summary>
internal sealed class CompiledRules
{
    private readonly List<string> _listNames = [];
    private readonly Dictionary<string, uint> _listBits = new(StringComparer.Ordinal);

    private CompiledRules(int asOfDay)
    {
        AsOfDay = asOfDay;
        SudBit = ListBit("substance-use-disorder (events)", CodeLists.SubstanceUse);
        BehavioralBit = ListBit("mental-health-or-substance-use (events)", CodeLists.BehavioralHealth);
        AsthmaBit = ListBit("asthma (events)", CodeLists.Asthma);
    }

    public int AsOfDay { get; }

    public IReadOnlyList<CompiledRule> Rules { get; private set; } = [];

    /// <summary>Programs whose enrollment on the as-of date excludes a member (or, unconfirmed, leaves it to
    /// confirm), with the program ids of spans that count for each.</summary>
    public IReadOnlyList<CompiledExclusion> Exclusions { get; private set; } = [];

    public DiagnosisMatcher Matcher { get; } = new();

    /// <summary>The list bit used to recognise events for substance use.</summary>
    public uint SudBit { get; }

    /// <summary>The list bit used to recognise events for mental health or substance use.</summary>
    public uint BehavioralBit { get; }

    /// <summary>The list bit used to recognise events for asthma.</summary>
    public uint AsthmaBit { get; }

    /// <summary>The bits that only classify events; diagnoses are not kept for them.</summary>
    public uint EventOnlyBits => SudBit | BehavioralBit | AsthmaBit;

    /// <summary>The list bits of diagnoses that are kept as facts.</summary>
    public uint KeptLists => ~EventOnlyBits;

    /// <summary>What a line's diagnoses say for classification, from the primary diagnosis's lists and the lists of
    /// all its diagnoses.</summary>
    public LineDiagnoses Classify(uint primary, uint any)
    {
        var result = LineDiagnoses.None;
        if ((primary & BehavioralBit) != 0)
        {
            result |= LineDiagnoses.PrimaryBehavioral;
        }

        if ((primary & SudBit) != 0)
        {
            result |= LineDiagnoses.PrimarySubstanceUse;
        }

        if ((primary & AsthmaBit) != 0)
        {
            result |= LineDiagnoses.PrimaryAsthma;
        }

        if ((any & SudBit) != 0)
        {
            result |= LineDiagnoses.AnySubstanceUse;
        }

        return result;
    }

    /// <summary>Events older than this day (exclusive) are not kept; int.MaxValue when no rule counts events.</summary>
    public int EventWindowStartExclusive { get; private set; } = int.MaxValue;

    /// <summary>Diagnoses that ended on or before this day are not kept; int.MinValue keeps all.</summary>
    public int DiagnosisWindowStartExclusive { get; private set; } = int.MaxValue;

    public IReadOnlyList<string> ListNames => _listNames;

    public static (CompiledRules? Rules, IReadOnlyList<string> Errors) Compile(IReadOnlyList<PopulationRule> rules, DateOnly asOf, IReadOnlyList<EcmExclusionRule> exclusions)
    {
        var compiled = new CompiledRules(asOf.DayNumber);
        var errors = new List<string>();
        var list = new List<CompiledRule>();
        foreach (var rule in rules)
        {
            var root = compiled.CompileNode(rule.Criteria, asOf, rule, errors);
            if (root is not null)
            {
                list.Add(new CompiledRule(rule, root));
            }
        }

        var excl = new List<CompiledExclusion>();
        foreach (var exclusion in exclusions)
        {
            var id = ProgramCodes.IdOf(exclusion.Program);
            if (id < 0)
            {
                errors.Add($"Unknown exclusion program '{exclusion.Program}'. Known programs: {string.Join(", ", ProgramCodes.All)}.");
            }
            else if (!excl.Exists(e => e.Program == ProgramCodes.All[id]))
            {
                excl.Add(new CompiledExclusion(exclusion, ProgramCodes.All[id], ProgramCodes.IdsCounting(ProgramCodes.All[id], forExclusion: true)));
            }
        }

        compiled.Rules = list;
        compiled.Exclusions = excl;
        return errors.Count > 0 ? (null, errors) : (compiled, errors);
    }

    private uint ListBit(string name, IReadOnlyList<string> codes)
    {
        var key = name + "\u0001" + string.Join(",", codes.Select(c => c.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant()).Order(StringComparer.Ordinal));
        if (_listBits.TryGetValue(key, out var bit))
        {
            return bit;
        }

        if (_listNames.Count == 32)
        {
            return 0;
        }

        bit = 1u << _listNames.Count;
        _listNames.Add(name);
        _listBits[key] = bit;
        Matcher.Add(codes, bit);
        return bit;
    }

    private void KeepDiagnosesAfter(int startExclusive) =>
        DiagnosisWindowStartExclusive = Math.Min(DiagnosisWindowStartExclusive, startExclusive);

    private Node? CompileNode(Criterion criterion, DateOnly asOf, PopulationRule rule, List<string> errors)
    {
        var asOfDay = asOf.DayNumber;
        string Where() => $"Rule {rule.Code} version {rule.RuleVersion}";
        switch (criterion)
        {
            case AllOf all:
                {
                    var children = all.Criteria.Select(c => CompileNode(c, asOf, rule, errors)).ToList();
                    if (children.Count == 0)
                    {
                        errors.Add($"{Where()}: an all-of criterion has no children.");
                    }

                    return children.Any(c => c is null) ? null : new AllOfNode(children!);
                }

            case AnyOf any:
                {
                    var children = any.Criteria.Select(c => CompileNode(c, asOf, rule, errors)).ToList();
                    if (children.Count == 0)
                    {
                        errors.Add($"{Where()}: an any-of criterion has no children.");
                    }

                    return children.Any(c => c is null) ? null : new AnyOfNode(children!);
                }

            case NoneOf none:
                {
                    var children = none.Criteria.Select(c => CompileNode(c, asOf, rule, errors)).ToList();
                    if (children.Count == 0)
                    {
                        errors.Add($"{Where()}: a none-of criterion has no children.");
                    }

                    return children.Any(c => c is null) ? null : new NoneOfNode(children!);
                }

            case AgeCriterion age:
                if (age.Min is null && age.Max is null)
                {
                    errors.Add($"{Where()}: an age criterion needs a minimum or a maximum.");
                    return null;
                }

                return new AgeNode(age.Min, age.Max, asOfDay);

            case EventCountCriterion events:
                {
                    var mask = 0;
                    foreach (var kind in events.Events)
                    {
                        var id = EventKinds.IdOf(kind);
                        if (id < 0)
                        {
                            errors.Add($"{Where()}: unknown event kind '{kind}'. Known kinds: {string.Join(", ", EventKinds.All)}.");
                            return null;
                        }

                        mask |= 1 << id;
                    }

                    if (events.WindowMonths <= 0 || events.Min <= 0)
                    {
                        errors.Add($"{Where()}: an event-count criterion needs a positive minimum and window.");
                        return null;
                    }

                    if (events.WindowMonths > 1200)
                    {
                        errors.Add($"{Where()}: an event-count window of {events.WindowMonths} months is too long.");
                        return null;
                    }

                    var start = asOf.AddMonths(-events.WindowMonths).DayNumber;
                    EventWindowStartExclusive = Math.Min(EventWindowStartExclusive, start);
                    return new EventCountNode(mask, events.Min, events.WindowMonths, start, asOfDay);
                }

            case DiagnosisCriterion diagnosis:
                {
                    var bit = ListBit(diagnosis.CodeList, diagnosis.Codes);
                    if (bit == 0)
                    {
                        errors.Add($"{Where()}: more than 32 diagnosis code lists.");
                        return null;
                    }

                    var start = diagnosis.WindowMonths is { } months ? asOf.AddMonths(-months).DayNumber : int.MinValue;
                    KeepDiagnosesAfter(start);
                    return new DiagnosisNode(diagnosis.CodeList, bit, Math.Max(1, diagnosis.MinCount), start, asOfDay);
                }

            case HomelessnessCriterion homeless:
                {
                    var bits = ListBit("homelessness", CodeLists.Homelessness);
                    if (homeless.IncludeAtRisk)
                    {
                        bits |= ListBit("housing-instability", CodeLists.HousingInstability);
                    }

                    var start = asOfDay - homeless.WindowDays;
                    KeepDiagnosesAfter(start);
                    return new HomelessnessNode(bits, homeless.WindowDays, start, asOfDay);
                }

            case ProgramCriterion program:
                {
                    var id = ProgramCodes.IdOf(program.Program);
                    if (id < 0)
                    {
                        errors.Add($"{Where()}: unknown program '{program.Program}'. Known programs: {string.Join(", ", ProgramCodes.All)}.");
                        return null;
                    }

                    if (program.WithinMonths is <= 0)
                    {
                        errors.Add($"{Where()}: a program criterion's withinMonths must be positive.");
                        return null;
                    }

                    var code = ProgramCodes.All[id];
                    var start = program.WithinMonths is { } months ? asOf.AddMonths(-months).DayNumber : asOfDay - 1;
                    uint pregnancyBits = 0;
                    var diagnosisStart = start;
                    if (code == ProgramCodes.Pregnancy)
                    {
                        // Pregnancy also shows in claims: a pregnancy, delivery or postpartum diagnosis in the window,
                        // or, for "pregnant now", in the last PregnantNowMonths months.
                        pregnancyBits = ListBit("pregnancy", CodeLists.Pregnancy);
                        diagnosisStart = program.WithinMonths is null ? asOf.AddMonths(-ProgramNode.PregnantNowMonths).DayNumber : start;
                        KeepDiagnosesAfter(diagnosisStart);
                    }

                    return new ProgramNode(code, ProgramCodes.IdsCounting(code, forExclusion: false), program.WithinMonths, start, asOfDay,
                        pregnancyBits, diagnosisStart);
                }

            case ReleaseCriterion release:
                return new ReleaseNode(release.WithinMonths, asOf.AddMonths(-release.WithinMonths).DayNumber, asOfDay);

            case MemberAttributeCriterion attribute:
                if (!MemberAttributeNode.Known.Contains(attribute.Attribute, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"{Where()}: unknown member attribute '{attribute.Attribute}'. Known: {string.Join(", ", MemberAttributeNode.Known)}.");
                    return null;
                }

                return new MemberAttributeNode(attribute.Attribute, attribute.Values);

            case AttestationCriterion attestation:
                return new AttestationNode(attestation.Statement);

            default:
                errors.Add($"{Where()}: criterion kind {criterion.GetType().Name} is not supported.");
                return null;
        }
    }
}
