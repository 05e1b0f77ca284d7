using System.Runtime.CompilerServices;
using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.PlanData;

/// <summary>
/// Reads members.csv into the member table: the first part's worker adds members as it reads, the workers of later
/// parts check their rows on other cores and keep them in a <see cref="MemberStage"/> until every part has been read.
/// </summary>
internal sealed class PlanMemberWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly MemberStage? _stage;
    private readonly int _id, _birth, _death, _first, _last, _sex, _race, _ethnicity, _ssn4;

    public PlanMemberWorker(ColumnMap map, MemberTable members, bool staged = false)
    {
        _members = members;
        _stage = staged ? new MemberStage(members.KeepsIdentity) : null;
        _id = map["member_id"];
        _birth = map["birth_date"];
        _death = map["death_date"];
        _first = map["first_name"];
        _last = map["last_name"];
        _sex = map["sex"];
        _race = map["race"];
        _ethnicity = map["ethnicity"];
        _ssn4 = map["ssn_last4"];
    }

    // Called for every row within a second or two: compiled fully optimized at once rather than tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool Process(in Fields row)
    {
        // Fields are checked as UTF-8 bytes; an id that may need trimming is trimmed as text.
        var idBytes = row.Utf8(_id);
        var plainId = FieldParsers.IsTrimmed(idBytes);
        var idText = plainId ? default : row[_id].Trim();
        if (!plainId && idText.IsEmpty)
        {
            return Reject(_id, "missing member id.");
        }

        var birthText = row.Utf8(_birth);
        if (!FieldParsers.TryParseIsoDate(birthText, out var birth))
        {
            return Reject(_birth, $"bad date {FieldParsers.Show(birthText)} (expected YYYY-MM-DD).");
        }

        var death = MemberTable.NoDate;
        var deathText = row.Utf8(_death);
        if (!deathText.IsEmpty)
        {
            if (!FieldParsers.TryParseIsoDate(deathText, out death))
            {
                return Reject(_death, $"bad date {FieldParsers.Show(deathText)} (expected YYYY-MM-DD or empty).");
            }

            if (death < birth)
            {
                return Reject(_death, "the death date is before the birth date.");
            }
        }

        var sexText = row.Utf8(_sex);
        byte sex = 0;
        if (!sexText.IsEmpty)
        {
            // No character other than an ASCII letter is f, m, x or u in upper case.
            if (sexText.Length != 1 || char.ToUpperInvariant((char)sexText[0]) is not ('F' or 'M' or 'X' or 'U'))
            {
                return Reject(_sex, $"unknown sex code {FieldParsers.Show(sexText)} (expected F, M, X or U).");
            }

            sex = (byte)char.ToUpperInvariant((char)sexText[0]);
        }

        var raceText = row.Utf8(_race);
        var race = raceText.IsEmpty ? null : Vocabularies.Find(Vocabularies.Races, raceText);
        if (!raceText.IsEmpty && race is null)
        {
            return Reject(_race, $"unknown race code {FieldParsers.Show(raceText)} (expected one of {string.Join(", ", Vocabularies.Races)}).");
        }

        var ethnicityText = row.Utf8(_ethnicity);
        var ethnicity = ethnicityText.IsEmpty ? null : Vocabularies.Find(Vocabularies.Ethnicities, ethnicityText);
        if (!ethnicityText.IsEmpty && ethnicity is null)
        {
            return Reject(_ethnicity, $"unknown ethnicity code {FieldParsers.Show(ethnicityText)} (expected one of {string.Join(", ", Vocabularies.Ethnicities)}).");
        }

        var ssnText = row.Utf8(_ssn4);
        if (!ssnText.IsEmpty && (ssnText.Length != 4 || !FieldParsers.IsAllDigits(ssnText)))
        {
            return Reject(_ssn4, $"bad SSN last four {FieldParsers.Show(ssnText)} (expected 4 digits or empty).");
        }

        short ssn4 = -1;
        string? first = null, last = null;
        if (_members.KeepsIdentity)
        {
            first = row[_first].Trim().ToString();
            last = row[_last].Trim().ToString();
            if (!ssnText.IsEmpty)
            {
                ssn4 = short.Parse(row[_ssn4], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (_stage is not null)
        {
            _stage.Keep(Line, plainId ? idBytes : default, plainId ? null : idText.ToString(), birth, death,
                new MemberDetails(sex, _stage.Values.Intern(race), _stage.Values.Intern(ethnicity), 0, first, last, ssn4));
            return true;
        }

        var index = plainId ? _members.Add(idBytes, birth, death) : _members.Add(idText, birth, death);
        if (index < 0)
        {
            return Reject(_id, $"member id {(plainId ? FieldParsers.Show(idBytes) : FieldParsers.Show(idText))} appears more than once.");
        }

        _members.SetDetails(index, new MemberDetails(sex, _members.Values.Intern(race), _members.Values.Intern(ethnicity), 0, first, last, ssn4));
        return true;
    }

    /// <summary>Adds the rows kept by a worker of a later part, in file order.</summary>
    public override void Complete() =>
        _stage?.AddTo(_members, (line, id) => RejectKept(line, _id, $"member id {id} appears more than once."));
}

/// <summary>Reads enrollment.csv: validates every span and keeps, per member, the span covering the as-of date.</summary>
internal sealed class PlanEnrollmentWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly int _asOf;
    private readonly int _id, _start, _end, _county, _network, _dual, _aid;

    public PlanEnrollmentWorker(ColumnMap map, MemberTable members, int asOfDay)
    {
        _members = members;
        _asOf = asOfDay;
        _id = map["member_id"];
        _start = map["start_date"];
        _end = map["end_date"];
        _county = map["county"];
        _network = map["health_network"];
        _dual = map["dual"];
        _aid = map["aid_code"];
    }

    // Called for every row within a second or two: compiled fully optimized at once rather than tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool Process(in Fields row)
    {
        // Fields are checked as UTF-8 bytes; values that may need trimming are trimmed as text.
        var idBytes = row.Utf8(_id);
        int member;
        if (FieldParsers.IsTrimmed(idBytes))
        {
            if (!TryFindMember(_members, idBytes, out member))
            {
                return Reject(_id, $"member id {FieldParsers.Show(idBytes)} is not in the members file.");
            }
        }
        else
        {
            var id = row[_id].Trim();
            if (id.IsEmpty)
            {
                return Reject(_id, "missing member id.");
            }

            if (!TryFindMember(_members, id, out member))
            {
                return Reject(_id, $"member id {FieldParsers.Show(id)} is not in the members file.");
            }
        }

        var startText = row.Utf8(_start);
        if (!FieldParsers.TryParseIsoDate(startText, out var start))
        {
            return Reject(_start, $"bad date {FieldParsers.Show(startText)} (expected YYYY-MM-DD).");
        }

        var end = MemberTable.NoDate;
        var endText = row.Utf8(_end);
        if (!endText.IsEmpty)
        {
            if (!FieldParsers.TryParseIsoDate(endText, out end))
            {
                return Reject(_end, $"bad date {FieldParsers.Show(endText)} (expected YYYY-MM-DD or empty for an open span).");
            }

            if (end < start)
            {
                return Reject(_end, "the end date is before the start date.");
            }
        }

        var countyBytes = row.Utf8(_county);
        string? county;
        if (FieldParsers.IsTrimmed(countyBytes))
        {
            county = Vocabularies.Find(Vocabularies.Counties, countyBytes);
            if (county is null)
            {
                return Reject(_county, $"unknown county {FieldParsers.Show(countyBytes)} (expected a California county name, e.g. Los Angeles).");
            }
        }
        else
        {
            var countyText = row[_county].Trim();
            county = Vocabularies.Find(Vocabularies.Counties, countyText);
            if (county is null)
            {
                return Reject(_county, $"unknown county {FieldParsers.Show(countyText)} (expected a California county name, e.g. Los Angeles).");
            }
        }

        var dualText = row.Utf8(_dual);
        if (!FieldParsers.TryParseFlag(dualText, out var dual))
        {
            return Reject(_dual, $"bad dual flag {FieldParsers.Show(dualText)} (expected Y or N).");
        }

        var aidBytes = row.Utf8(_aid);
        if (aidBytes.Length > 0 && !FieldParsers.IsTrimmed(aidBytes))
        {
            var aidText = row[_aid].Trim();
            if (aidText.Length > 3 || !FieldParsers.IsAlphanumeric(aidText))
            {
                return Reject(_aid, $"bad aid code {FieldParsers.Show(aidText)} (expected up to 3 letters or digits).");
            }
        }
        else if (aidBytes.Length > 3 || !FieldParsers.IsAlphanumeric(aidBytes))
        {
            return Reject(_aid, $"bad aid code {FieldParsers.Show(aidBytes)} (expected up to 3 letters or digits).");
        }

        if (start <= _asOf && _asOf <= end && start > _members.EnrolledFrom[member])
        {
            _members.EnrolledFrom[member] = start;
            _members.County[member] = _members.Values.Intern(county);
            _members.Network[member] = _members.Values.Intern(row[_network].Trim());
            _members.AidCode[member] = _members.Values.Intern(row[_aid].Trim());
            _members.Dual[member] = dual switch { true => 1, false => 0, null => MemberTable.DualUnknown };
        }

        return true;
    }
}
