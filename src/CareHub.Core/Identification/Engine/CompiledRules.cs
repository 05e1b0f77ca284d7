using CareHub.Catalog;

namespace CareHub.Identification.Engine;

/// <summary>One population rule compiled for the run's as-of date.</summary>
internal sealed record CompiledRule(PopulationRule Rule, Node Root);

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
        SudBit = ListBit("substance-use-disorder (ED visits)", CodeLists.SubstanceUse);
    }

    public int AsOfDay { get; }

    public IReadOnlyList<CompiledRule> Rules { get; private set; } = [];

    /// <summary>Programs whose enrollment on the as-of date excludes a member.</summary>
    public IReadOnlyList<(string Code, byte Id)> Exclusions { get; private set; } = [];

    public DiagnosisMatcher Matcher { get; } = new();

    /// <summary>The list bit used to recognise ED visits for substance use.</summary>
    public uint SudBit { get; }

    /// <summary>Events older than this day (exclusive) are not kept; int.MaxValue when no rule counts events.</summary>
    public int EventWindowStartExclusive { get; private set; } = int.MaxValue;

    /// <summary>Diagnoses that ended on or before this day are not kept; int.MinValue keeps all.</summary>
    public int DiagnosisWindowStartExclusive { get; private set; } = int.MaxValue;

    public IReadOnlyList<string> ListNames => _listNames;

    public static (CompiledRules? Rules, IReadOnlyList<string> Errors) Compile(IReadOnlyList<PopulationRule> rules, DateOnly asOf, IReadOnlyList<string> exclusions)
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

        var excl = new List<(string, byte)>();
        foreach (var code in exclusions)
        {
            var id = ProgramCodes.IdOf(code);
            if (id < 0)
            {
                errors.Add($"Unknown exclusion program '{code}'. Known programs: {string.Join(", ", ProgramCodes.All)}.");
            }
            else
            {
                excl.Add((ProgramCodes.All[id], (byte)id));
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

            case AgeCriterion age:
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

                    var start = program.WithinMonths is { } months ? asOf.AddMonths(-months).DayNumber : asOfDay - 1;
                    return new ProgramNode(ProgramCodes.All[id], (byte)id, program.WithinMonths, start, asOfDay);
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
