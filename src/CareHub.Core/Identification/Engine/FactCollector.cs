namespace CareHub.Identification.Engine;

/// <summary>One reader thread's fact buffers and text arena.</summary>
internal sealed class FactSink(TextArena text)
{
    public TextArena Text { get; } = text;
    public FactBuffer<EventFact> Events { get; } = new();
    public FactBuffer<DiagnosisFact> Diagnoses { get; } = new();
    public FactBuffer<SpanFact> Programs { get; } = new();
    public FactBuffer<ReleaseFact> Releases { get; } = new();
    public FactBuffer<HomelessFact> Homeless { get; } = new();
}

/// <summary>Hands out sinks to reader threads and, once reading is done, groups every sink's facts by member.</summary>
internal sealed class FactCollector(CompiledRules rules)
{
    private readonly List<FactSink> _sinks = [];
    private readonly Lock _lock = new();

    public CompiledRules Rules { get; } = rules;

    public TextStore Text { get; } = new();

    public CodeTable Codes { get; } = new();

    public FactSink NewSink()
    {
        var sink = new FactSink(Text.NewArena());
        lock (_lock)
        {
            _sinks.Add(sink);
        }

        return sink;
    }

    public long EventCount => _sinks.Sum(s => (long)s.Events.Count);

    /// <summary>Groups every sink's facts by member. The two large tables (events and diagnoses) are grouped at the
    /// same time, each on its own thread, with the small ones after the events (one thread: one after another).</summary>
    public FactStore Build(MemberTable members, int parallelism)
    {
        var codes = Codes.Freeze();
        var orders = new FactOrders(Text, () => codes);
        var n = members.Count;
        FactTable<DiagnosisFact> GroupDiagnoses() => FactTable<DiagnosisFact>.Build([.. _sinks.Select(s => s.Diagnoses)], n, orders.Diagnoses, parallelism);
        var diagnoses = parallelism > 1 ? Task.Run(GroupDiagnoses) : Task.FromResult(GroupDiagnoses());
        var events = FactTable<EventFact>.Build([.. _sinks.Select(s => s.Events)], n, orders.Events, parallelism);
        var programs = FactTable<SpanFact>.Build([.. _sinks.Select(s => s.Programs)], n, orders.Spans, parallelism);
        var releases = FactTable<ReleaseFact>.Build([.. _sinks.Select(s => s.Releases)], n, orders.Releases, parallelism);
        var homeless = FactTable<HomelessFact>.Build([.. _sinks.Select(s => s.Homeless)], n, orders.Homeless, parallelism);
        return new FactStore
        {
            Members = members,
            Text = Text,
            Codes = codes,
            Events = events,
            Diagnoses = diagnoses.GetAwaiter().GetResult(),
            Programs = programs,
            Releases = releases,
            Homeless = homeless,
            AsOfDay = Rules.AsOfDay,
        };
    }
}
