using CareHub.Identification.Engine;

namespace CareHub.Identification.Input;

/// <summary>
/// The checked rows of a later part of a members file (members.csv, patients.csv). The member table is not
/// thread-safe while filling and its order is the file's, so only the first part's worker adds members as it reads;
/// the workers of later parts check their rows on other cores and keep them here, and they are added in file order
/// once every part has been read: an id that appears twice is still reported at its second line.
/// </summary>
internal sealed class MemberStage(bool keepIdentity)
{
    private readonly List<Kept> _kept = [];
    private readonly Dictionary<int, Rare> _rare = [];
    private byte[] _ids = [];
    private int _idLength;

    /// <summary>The race, ethnicity and county values of the kept rows.</summary>
    public ValueTable Values { get; } = new();

    /// <summary>Keeps a checked row: its id as read (<paramref name="idText"/> instead when it needed trimming).</summary>
    public void Keep(long line, ReadOnlySpan<byte> idBytes, string? idText, int birth, int death, in MemberDetails details)
    {
        if (_ids.Length - _idLength < idBytes.Length)
        {
            Array.Resize(ref _ids, Math.Max(Math.Max(1 << 16, _ids.Length * 2), _idLength + idBytes.Length));
        }

        idBytes.CopyTo(_ids.AsSpan(_idLength));
        _idLength += idBytes.Length;
        if (idText is not null || keepIdentity)
        {
            _rare[_kept.Count] = new Rare(idText, details.FirstName, details.LastName, details.Ssn4);
        }

        _kept.Add(new Kept(line, _idLength, birth, death, details.Sex, details.Race, details.Ethnicity, details.County));
    }

    /// <summary>Adds the kept rows to <paramref name="members"/> in file order, their values interned in the order a
    /// single reader would have met them; a repeated id is passed to <paramref name="repeated"/> with its line and
    /// its id as shown in messages.</summary>
    public void AddTo(MemberTable members, Action<long, string> repeated)
    {
        var ids = new int[Values.Count];
        Array.Fill(ids, -1);
        var idStart = 0;
        for (var i = 0; i < _kept.Count; i++)
        {
            var m = _kept[i];
            var idBytes = _ids.AsSpan(idStart, m.IdEnd - idStart);
            idStart = m.IdEnd;
            var rare = _rare.GetValueOrDefault(i);
            var index = rare.IdText is null ? members.Add(idBytes, m.Birth, m.Death) : members.Add(rare.IdText, m.Birth, m.Death);
            if (index < 0)
            {
                repeated(m.Line, rare.IdText is null ? FieldParsers.Show(idBytes) : FieldParsers.Show(rare.IdText));
                continue;
            }

            var race = Global(m.Race);
            var ethnicity = Global(m.Ethnicity);
            var county = Global(m.County);
            members.SetDetails(index, new MemberDetails(m.Sex, race, ethnicity, county, rare.FirstName, rare.LastName, rare.Ssn4));
        }

        _kept.Clear();
        _rare.Clear();
        _ids = [];

        ushort Global(ushort local)
        {
            if (ids[local] < 0)
            {
                ids[local] = members.Values.Intern(Values[local]);
            }

            return (ushort)ids[local];
        }
    }

    /// <summary>A kept row: its id ends at <see cref="IdEnd"/> in <see cref="_ids"/> unless it needed trimming.</summary>
    private readonly record struct Kept(long Line, int IdEnd, int Birth, int Death, byte Sex, ushort Race, ushort Ethnicity, ushort County);

    /// <summary>What few kept rows have: a trimmed id, and names and SSN when identity is kept.</summary>
    private readonly record struct Rare(string? IdText, string? FirstName, string? LastName, short Ssn4);
}
