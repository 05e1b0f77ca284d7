namespace CareHub.Identification.Engine;

/// <summary>Interned attribute values (counties, health networks, aid codes, race codes); id 0 is "unknown".</summary>
internal sealed class ValueTable
{
    private readonly Dictionary<string, ushort> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ushort>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _values = [""];

    public ValueTable() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _values.Count;

    public string this[ushort id] => _values[id];

    /// <summary>Not thread-safe: members and enrollment are read by one thread.</summary>
    public ushort Intern(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        if (_lookup.TryGetValue(value, out var id))
        {
            return id;
        }

        if (_values.Count == ushort.MaxValue)
        {
            return 0;
        }

        var text = value.ToString();
        id = (ushort)_values.Count;
        _values.Add(text);
        _ids[text] = id;
        return id;
    }
}

/// <summary>
/// The members of a run as columns indexed by member position: demographics and the enrollment that covers the
/// as-of date. Member ids are looked up from spans without allocating.
/// </summary>
internal sealed class MemberTable
{
    public const int NoDate = int.MaxValue;
    public const byte DualUnknown = 2;

    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _keepIdentity;
    private int _capacity;

    public MemberTable(int capacity, bool keepIdentity, bool requireEnrollment)
    {
        _capacity = Math.Max(16, capacity);
        _keepIdentity = keepIdentity;
        RequireEnrollment = requireEnrollment;
        _index = new Dictionary<string, int>(_capacity, StringComparer.Ordinal);
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        Ids = new string[_capacity];
        BirthDays = new int[_capacity];
        DeathDays = new int[_capacity];
        Sex = new byte[_capacity];
        Race = new ushort[_capacity];
        Ethnicity = new ushort[_capacity];
        County = new ushort[_capacity];
        Network = new ushort[_capacity];
        AidCode = new ushort[_capacity];
        Dual = new byte[_capacity];
        EnrolledFrom = new int[_capacity];
        FirstNames = keepIdentity ? new string?[_capacity] : [];
        LastNames = keepIdentity ? new string?[_capacity] : [];
        Ssn4 = keepIdentity ? new short[_capacity] : [];
    }

    public int Count { get; private set; }

    /// <summary>True for plan data: a member must have an enrollment span covering the as-of date.</summary>
    public bool RequireEnrollment { get; }

    public ValueTable Values { get; } = new();

    public string[] Ids;
    public int[] BirthDays;
    public int[] DeathDays;
    public byte[] Sex;
    public ushort[] Race;
    public ushort[] Ethnicity;
    public ushort[] County;
    public ushort[] Network;
    public ushort[] AidCode;
    public byte[] Dual;

    /// <summary>Start day of the enrollment span that covers the as-of date, or -1 when none does.</summary>
    public int[] EnrolledFrom;

    public string?[] FirstNames;
    public string?[] LastNames;
    public short[] Ssn4;

    public bool Contains(ReadOnlySpan<char> id) => _lookup.ContainsKey(id);

    public bool TryFind(ReadOnlySpan<char> id, out int index) => _lookup.TryGetValue(id, out index);

    /// <summary>Adds a member; returns -1 when the id is already present.</summary>
    public int Add(ReadOnlySpan<char> id, int birthDay, int deathDay)
    {
        if (_lookup.ContainsKey(id))
        {
            return -1;
        }

        if (Count == _capacity)
        {
            Grow();
        }

        var index = Count++;
        var text = id.ToString();
        _index[text] = index;
        Ids[index] = text;
        BirthDays[index] = birthDay;
        DeathDays[index] = deathDay;
        Dual[index] = DualUnknown;
        EnrolledFrom[index] = -1;
        if (_keepIdentity)
        {
            Ssn4[index] = -1;
        }

        return index;
    }

    public bool KeepsIdentity => _keepIdentity;

    private void Grow()
    {
        _capacity *= 2;
        Array.Resize(ref Ids, _capacity);
        Array.Resize(ref BirthDays, _capacity);
        Array.Resize(ref DeathDays, _capacity);
        Array.Resize(ref Sex, _capacity);
        Array.Resize(ref Race, _capacity);
        Array.Resize(ref Ethnicity, _capacity);
        Array.Resize(ref County, _capacity);
        Array.Resize(ref Network, _capacity);
        Array.Resize(ref AidCode, _capacity);
        Array.Resize(ref Dual, _capacity);
        Array.Resize(ref EnrolledFrom, _capacity);
        if (_keepIdentity)
        {
            Array.Resize(ref FirstNames, _capacity);
            Array.Resize(ref LastNames, _capacity);
            Array.Resize(ref Ssn4, _capacity);
        }
    }
}
