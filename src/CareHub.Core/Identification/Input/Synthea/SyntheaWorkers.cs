using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.Synthea;

/// <summary>patients.csv → the member table. Synthea race/ethnicity words are mapped to the plan-data codes.</summary>
internal sealed class SyntheaPatientWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly MemberStage? _stage;
    private readonly IsoDateCache _dates = new();
    private readonly int _id, _birth, _death, _first, _last, _ssn, _race, _ethnicity, _gender, _county;

    /// <summary>The worker of the first part of the file adds patients as it reads; with <paramref name="staged"/>, a
    /// later part's worker keeps its checked rows until every part has been read (<see cref="MemberStage"/>).</summary>
    public SyntheaPatientWorker(ColumnMap map, MemberTable members, bool staged = false)
    {
        _members = members;
        _stage = staged ? new MemberStage(members.KeepsIdentity) : null;
        _id = map["Id"];
        _birth = map["BIRTHDATE"];
        _death = map["DEATHDATE"];
        _first = map["FIRST"];
        _last = map["LAST"];
        _ssn = map["SSN"];
        _race = map["RACE"];
        _ethnicity = map["ETHNICITY"];
        _gender = map["GENDER"];
        _county = map["COUNTY"];
    }

    // Called for every row within a second or two: compiled fully optimized at once rather than tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override bool Process(in Fields row)
    {
        // Fields are checked as UTF-8 bytes; an id that may need trimming is trimmed as text, and so is a word field
        // that is not trimmed ASCII (the same checks, the same messages).
        var idBytes = row.Utf8(_id);
        var plainId = FieldParsers.IsTrimmed(idBytes);
        var idText = plainId ? default : row[_id].Trim();
        if (!plainId && idText.IsEmpty)
        {
            return Reject(_id, "missing patient Id.");
        }

        var birthText = row.Utf8(_birth);
        if (!_dates.TryParseDateOrDateTime(birthText, out var birth))
        {
            return Reject(_birth, $"bad date {FieldParsers.Show(birthText)} (expected YYYY-MM-DD).");
        }

        var death = MemberTable.NoDate;
        var deathText = row.Utf8(_death);
        if (!deathText.IsEmpty && !_dates.TryParseDateOrDateTime(deathText, out death))
        {
            return Reject(_death, $"bad date {FieldParsers.Show(deathText)} (expected YYYY-MM-DD or empty).");
        }

        var race = WordCode(row, _race, _races, out var raceText);
        if (race == Unknown)
        {
            return Reject(_race, $"unknown RACE {FieldParsers.Show(raceText)} (expected white, black, asian, native, hawaiian or other).");
        }

        var ethnicity = WordCode(row, _ethnicity, _ethnicities, out var ethnicityText);
        if (ethnicity == Unknown)
        {
            return Reject(_ethnicity, $"unknown ETHNICITY {FieldParsers.Show(ethnicityText)} (expected hispanic or nonhispanic).");
        }

        var genderBytes = row.Utf8(_gender);
        byte sex;
        if (genderBytes.IsEmpty)
        {
            sex = 0;
        }
        else if (genderBytes.Length == 1 && (genderBytes[0] | 0x20) is (byte)'f' or (byte)'m')
        {
            sex = (byte)(genderBytes[0] & ~0x20);
        }
        else
        {
            var gender = row[_gender].Trim();
            if (!gender.IsEmpty && (gender.Length != 1 || char.ToUpperInvariant(gender[0]) is not ('F' or 'M')))
            {
                return Reject(_gender, $"unknown GENDER {FieldParsers.Show(gender)} (expected F or M).");
            }

            sex = gender.IsEmpty ? (byte)0 : (byte)char.ToUpperInvariant(gender[0]);
        }

        var values = _stage?.Values ?? _members.Values;
        var countyBytes = row.Utf8(_county);
        ushort county;
        if (countyBytes.IsEmpty)
        {
            county = 0;
        }
        else if (FieldParsers.IsTrimmed(countyBytes) && Ascii.IsValid(countyBytes))
        {
            if (countyBytes.Length >= 7 && Ascii.EqualsIgnoreCase(countyBytes[^7..], " County"u8))
            {
                countyBytes = countyBytes[..^7];
            }

            county = values.InternAscii(countyBytes);
        }
        else
        {
            var countyText = row[_county].Trim();
            if (countyText.EndsWith(" County", StringComparison.OrdinalIgnoreCase))
            {
                countyText = countyText[..^" County".Length];
            }

            county = values.Intern(countyText);
        }

        string? first = null, last = null;
        short ssn4 = 0;
        if (_members.KeepsIdentity)
        {
            first = row[_first].Trim().ToString();
            last = row[_last].Trim().ToString();
            var ssn = row[_ssn].Trim();
            if (ssn.Length >= 4 && FieldParsers.IsAllDigits(ssn[^4..]))
            {
                ssn4 = short.Parse(ssn[^4..], CultureInfo.InvariantCulture);
            }
        }

        if (_stage is not null)
        {
            _stage.Keep(Line, plainId ? idBytes : default, plainId ? null : idText.ToString(), birth, death,
                new MemberDetails(sex, values.Intern(race), values.Intern(ethnicity), county, first, last, ssn4));
            return true;
        }

        var index = plainId ? _members.Add(idBytes, birth, death) : _members.Add(idText, birth, death);
        if (index < 0)
        {
            return Reject(_id, $"patient Id {(plainId ? FieldParsers.Show(idBytes) : FieldParsers.Show(idText))} appears more than once.");
        }

        _members.SetDetails(index, new MemberDetails(sex, values.Intern(race), values.Intern(ethnicity), county, first, last, ssn4));
        return true;
    }

    /// <summary>Adds the rows kept by a worker of a later part, in file order.</summary>
    public override void Complete() =>
        _stage?.AddTo(_members, (line, id) => RejectKept(line, _id, $"patient Id {id} appears more than once."));

    private const string Unknown = "?";

    private static readonly Word[] _races =
    [
        new("white", "white"), new("black", "black"), new("asian", "asian"), new("native", "american-indian-alaska-native"),
        new("hawaiian", "pacific-islander"), new("other", "other"),
    ];

    private static readonly Word[] _ethnicities = [new("hispanic", "hispanic"), new("nonhispanic", "not-hispanic")];

    /// <summary>A word a field may hold (in any case) and the plan-data code it stands for.</summary>
    private sealed record Word(string Text, string Code)
    {
        public byte[] Utf8 { get; } = Encoding.ASCII.GetBytes(Text);
    }

    /// <summary>The code of a word field: null when empty, <see cref="Unknown"/> when no word matches. A trimmed ASCII
    /// field is compared as bytes; any other is trimmed and compared as text (<paramref name="text"/>, for messages).</summary>
    private static string? WordCode(in Fields row, int position, Word[] words, out ReadOnlySpan<char> text)
    {
        text = default;
        var bytes = row.Utf8(position);
        if (bytes.IsEmpty)
        {
            return null;
        }

        if (FieldParsers.IsTrimmed(bytes))
        {
            foreach (var word in words)
            {
                if (Ascii.EqualsIgnoreCase(bytes, word.Utf8))
                {
                    return word.Code;
                }
            }
        }

        text = row[position].Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        foreach (var word in words)
        {
            if (text.Equals(word.Text, StringComparison.OrdinalIgnoreCase))
            {
                return word.Code;
            }
        }

        return Unknown;
    }
}

/// <summary>
/// encounters.csv: <c>emergency</c> = ED visit, <c>inpatient</c> = unplanned hospital admission, <c>snf</c> =
/// skilled nursing stay, each counted on the date part of START; <c>hospice</c> = a hospice enrollment from START to
/// STOP (open when STOP is empty). A mapped REASONCODE is a diagnosis on that date.
/// </summary>
internal sealed class SyntheaEncounterWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly FactSink _sink;
    private readonly CodeTable _codes;
    private readonly DiagnosisMatcher _matcher;
    private readonly CompiledRules _rules;
    private readonly uint _keptLists;
    private readonly int _asOf, _eventStart, _diagnosisStart;
    private readonly byte _hospice = (byte)ProgramCodes.IdOf(ProgramCodes.Hospice);
    private readonly long _origin;
    private readonly int _id, _start, _stop, _patient, _class, _reason;
    private readonly IsoDateCache _dates = new();
    private readonly ReasonCodes _reasons;
    private readonly int _countedEvents;
    private readonly EncounterDiagnoses.Writer _diagnoses;
    private static readonly ServiceSetting[] _settings = [.. Vocabularies.SyntheaEncounterClasses.Select(EventClassifier.EncounterSetting)];
    private static readonly int _hospiceClass = IndexOf(Vocabularies.SyntheaEncounterClasses, "hospice");
    private static readonly byte[][] _classNames = [.. Vocabularies.SyntheaEncounterClasses.Select(Encoding.ASCII.GetBytes)];

    public SyntheaEncounterWorker(ColumnMap map, MemberTable members, FactCollector collector, EncounterDiagnoses diagnoses, string file)
    {
        _members = members;
        _sink = collector.NewSink();
        _codes = collector.Codes;
        _matcher = collector.Rules.Matcher;
        _rules = collector.Rules;
        _keptLists = collector.Rules.KeptLists;
        _asOf = collector.Rules.AsOfDay;
        _eventStart = collector.Rules.EventWindowStartExclusive;
        _diagnosisStart = collector.Rules.DiagnosisWindowStartExclusive;
        _origin = _sink.Text.Add(file);
        _reasons = new ReasonCodes(_matcher, _codes);
        _countedEvents = CountedEvents.Of(collector.Rules);
        _diagnoses = diagnoses.NewWriter();
        _id = map["Id"];
        _start = map["START"];
        _stop = map["STOP"];
        _patient = map["PATIENT"];
        _class = map["ENCOUNTERCLASS"];
        _reason = map["REASONCODE"];
    }


    protected override bool Process(in Fields row)
    {
        // Fields are checked as UTF-8 bytes: every accepted value is ASCII, and a value with other bytes fails the
        // same checks it fails as text. Messages show the value as text.
        var id = row.Utf8(_id);
        if (id.IsEmpty)
        {
            return Reject(_id, "missing encounter Id.");
        }

        var patient = row.Utf8(_patient);
        if (patient.IsEmpty)
        {
            return Reject(_patient, "missing PATIENT.");
        }

        if (!TryFindMember(_members, patient, out var member))
        {
            return Reject(_patient, $"patient {FieldParsers.Show(patient)} is not in patients.csv.");
        }

        var startText = row.Utf8(_start);
        if (!_dates.TryParseDateOrDateTime(startText, out var day))
        {
            return Reject(_start, $"bad date {FieldParsers.Show(startText)} (expected an ISO date-time like 2022-01-10T09:00:00Z).");
        }

        var stop = MemberTable.NoDate;
        var stopText = row.Utf8(_stop);
        if (SameDate(stopText, startText))
        {
            stop = day;
        }
        else if (!stopText.IsEmpty && !_dates.TryParseDateOrDateTime(stopText, out stop))
        {
            return Reject(_stop, $"bad date {FieldParsers.Show(stopText)} (expected an ISO date-time or empty).");
        }

        var cls = FindClass(row.Utf8(_class));
        if (cls < 0)
        {
            return Reject(_class, $"unknown ENCOUNTERCLASS {FieldParsers.Show(row.Utf8(_class))} (expected one of {string.Join(", ", Vocabularies.SyntheaEncounterClasses)}).");
        }

        if (!stopText.IsEmpty && stop < day)
        {
            return Reject(_stop, "STOP is before START.");
        }

        var reason = row.Utf8(_reason);
        var entry = -1;
        uint lists = 0;
        if (!reason.IsEmpty)
        {
            entry = SnomedMap.Find(reason);
            if (entry == SnomedMap.NotDigits)
            {
                return Reject(_reason, $"unknown REASONCODE {FieldParsers.Show(reason)} (expected a SNOMED CT code).");
            }

            if (!_matcher.IsEmpty && entry >= 0)
            {
                lists = _reasons.ListsOf(entry);
            }
        }

        if (day > LatestDay)
        {
            LatestDay = day;
        }

        if (day > _asOf)
        {
            return true;
        }

        long source = 0;
        if (cls == _hospiceClass)
        {
            source = _sink.Text.Add(id);
            _sink.Programs.Add(member, new SpanFact { Start = day, End = stop, Program = _hospice, Source = source, Origin = _origin });
        }

        // Before the event window only a discharge (dated STOP) can still count; kinds no rule counts are not kept.
        var setting = _settings[cls];
        var bits = (day > _eventStart ? EventClassifier.Events(setting, _rules.Classify(lists, lists))
            : (setting & ServiceSetting.HospitalDischarge) != 0 ? EventClassifier.DischargeBit : 0) & _countedEvents;

        // A discharge is counted on STOP; an inpatient encounter without STOP has not ended.
        if ((bits & EventClassifier.DischargeBit) != 0 && (stopText.IsEmpty || stop > _asOf || stop <= _eventStart))
        {
            bits &= ~EventClassifier.DischargeBit;
        }

        if (bits != 0)
        {
            source = source == 0 ? _sink.Text.Add(id) : source;
            for (byte kind = 0; bits != 0; kind++, bits >>= 1)
            {
                if ((bits & 1) != 0)
                {
                    _sink.Events.Add(member, new EventFact { Day = kind == EventKinds.Discharge ? stop : day, Kind = kind, Source = source });
                }
            }
        }

        if ((lists & _keptLists) != 0 && day > _diagnosisStart)
        {
            source = source == 0 ? _sink.Text.Add(id) : source;
            var code = _reasons.CodeOf(entry);
            _sink.Diagnoses.Add(member, new DiagnosisFact { Day = day, EndDay = day, Lists = lists & _keptLists, Code = code, Source = source });
            if (Ascii.IsValid(id))
            {
                _diagnoses.Add(member, day, code, source);
            }
        }

        return true;
    }

    /// <summary>Whether STOP is a date-time on the (valid) date of START: most encounters end the day they start.</summary>
    private static bool SameDate(ReadOnlySpan<byte> stop, ReadOnlySpan<byte> start) =>
        stop.Length > 10 && start.Length > 10 && (stop[10] == 'T' || stop[10] == ' ') && stop[..10].SequenceEqual(start[..10]);

    /// <summary>The index of an ENCOUNTERCLASS in <see cref="Vocabularies.SyntheaEncounterClasses"/> (any case), or -1.</summary>
    private static int FindClass(ReadOnlySpan<byte> value)
    {
        var names = _classNames;
        for (var i = 0; i < names.Length; i++)
        {
            if (value.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        var classes = Vocabularies.SyntheaEncounterClasses;
        var found = Vocabularies.Find(classes, value);
        return found is null ? -1 : IndexOf(classes, found);
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One reader's code lists and interned ICD-10-CM ids of the <see cref="SnomedMap"/> entries it has met.</summary>
internal sealed class ReasonCodes(DiagnosisMatcher matcher, CodeTable codes)
{
    // Homelessness is counted once per record, not once per date (HomelessnessNode): its diagnoses are never left out.
    private static readonly DiagnosisMatcher _everyRecord = EveryRecord();
    private static readonly bool[] _entryEveryRecord = [.. Enumerable.Range(0, SnomedMap.Count).Select(e => CountsEveryRecord(SnomedMap.Icd10Of(e)))];

    private static DiagnosisMatcher EveryRecord()
    {
        var matcher = new DiagnosisMatcher();
        matcher.Add(CodeLists.Homelessness, 1);
        matcher.Add(CodeLists.HousingInstability, 1);
        return matcher;
    }

    /// <summary>Whether a rule counts each record of the code rather than each date with it.</summary>
    public static bool CountsEveryRecord(string icd10) => _everyRecord.Match(icd10) != 0;

    public bool CountsEveryRecord(int entry) => _entryEveryRecord[entry];

    private readonly uint[] _lists = new uint[SnomedMap.Count];
    private readonly int[] _codes = new int[SnomedMap.Count];
    private readonly bool[] _known = new bool[SnomedMap.Count];

    public uint ListsOf(int entry)
    {
        if (!_known[entry])
        {
            _lists[entry] = matcher.Match(SnomedMap.Icd10Of(entry));
            _codes[entry] = -1;
            _known[entry] = true;
        }

        return _lists[entry];
    }

    public int CodeOf(int entry)
    {
        if (_codes[entry] < 0)
        {
            _codes[entry] = codes.Intern(SnomedMap.Icd10Of(entry));
        }

        return _codes[entry];
    }
}

/// <summary>conditions.csv: a condition is a diagnosis from START until STOP (open while STOP is empty). SNOMED
/// codes go through <see cref="SnomedMap"/>; ICD-10 codes (SYSTEM naming ICD-10) are used as they are.</summary>
internal sealed class SyntheaConditionWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly FactSink _sink;
    private readonly CodeTable _codes;
    private readonly DiagnosisMatcher _matcher;
    private readonly uint _keptLists;
    private readonly int _asOf, _diagnosisStart;
    private readonly int _start, _stop, _patient, _encounter, _system, _code;
    private readonly IsoDateCache _dates = new();
    private readonly ReasonCodes _snomed;
    private readonly EncounterDiagnoses _encounters;
    private long _noEncounter;

    public SyntheaConditionWorker(ColumnMap map, MemberTable members, FactCollector collector, EncounterDiagnoses encounters)
    {
        _members = members;
        _sink = collector.NewSink();
        _codes = collector.Codes;
        _matcher = collector.Rules.Matcher;
        _keptLists = collector.Rules.KeptLists;
        _asOf = collector.Rules.AsOfDay;
        _diagnosisStart = collector.Rules.DiagnosisWindowStartExclusive;
        _snomed = new ReasonCodes(_matcher, _codes);
        _encounters = encounters;
        _start = map["START"];
        _stop = map["STOP"];
        _patient = map["PATIENT"];
        _encounter = map["ENCOUNTER"];
        _system = map["SYSTEM"];
        _code = map["CODE"];
    }

    protected override bool Process(in Fields row)
    {
        var patient = row.Utf8(_patient);
        if (patient.IsEmpty)
        {
            return Reject(_patient, "missing PATIENT.");
        }

        if (!TryFindMember(_members, patient, out var member))
        {
            return Reject(_patient, $"patient {FieldParsers.Show(patient)} is not in patients.csv.");
        }

        var startText = row.Utf8(_start);
        if (!_dates.TryParseDateOrDateTime(startText, out var start))
        {
            return Reject(_start, $"bad date {FieldParsers.Show(startText)} (expected YYYY-MM-DD).");
        }

        var stop = MemberTable.NoDate;
        var stopText = row.Utf8(_stop);
        if (!stopText.IsEmpty)
        {
            if (!_dates.TryParseDateOrDateTime(stopText, out stop))
            {
                return Reject(_stop, $"bad date {FieldParsers.Show(stopText)} (expected YYYY-MM-DD or empty).");
            }

            if (stop < start)
            {
                return Reject(_stop, "STOP is before START.");
            }
        }

        var codeText = row.Utf8(_code);
        var system = row.Utf8(_system);
        int entry;
        string? icd = null;
        if (!FieldParsers.IsTrimmed(codeText) || !Ascii.IsValid(system) || NamesIcd(system))
        {
            // Codes that need trimming and ICD-10 codes are rare in a Synthea export: checked as text.
            if (!CheckText(row, out icd, out entry))
            {
                return false;
            }
        }
        else if ((entry = SnomedMap.Find(codeText)) == SnomedMap.NotDigits)
        {
            return Reject(_code, $"unknown condition CODE {FieldParsers.Show(codeText)} (expected a SNOMED CT code).");
        }
        else if (entry < 0)
        {
            return true;
        }

        if ((icd is null && entry < 0) || _matcher.IsEmpty || start > _asOf || stop <= _diagnosisStart)
        {
            return true;
        }

        var lists = (icd is null ? _snomed.ListsOf(entry) : _matcher.Match(icd)) & _keptLists;
        if (lists == 0)
        {
            return true;
        }

        var code = icd is null ? _snomed.CodeOf(entry) : _codes.Intern(icd);
        var encounter = row.Utf8(_encounter);
        var source = FindEncounter(member, start, code, encounter);
        if (source != 0 && stop == start && (icd is null ? !_snomed.CountsEveryRecord(entry) : !ReasonCodes.CountsEveryRecord(icd)))
        {
            // The encounter's REASONCODE gave this very diagnosis (same member, code, day and source): diagnoses are
            // counted once per date, so the copy would change nothing.
            return true;
        }

        _sink.Diagnoses.Add(member, new DiagnosisFact
        {
            Day = start,
            EndDay = stop,
            Lists = lists,
            Code = code,
            Source = source != 0 ? source : SourceOf(encounter),
        });
        return true;
    }

    /// <summary>The condition's code checked as trimmed text: an ICD-10 code (SYSTEM naming ICD) or a SNOMED CT code
    /// found in the map (its entry) or not (entry -1).</summary>
    private bool CheckText(in Fields row, out string? icd, out int entry)
    {
        icd = null;
        entry = -1;
        var code = row[_code].Trim();
        if (row[_system].Contains("icd", StringComparison.OrdinalIgnoreCase))
        {
            if (!DiagnosisMatcher.IsIcd10Shape(code))
            {
                return Reject(_code, $"unknown ICD-10 code {FieldParsers.Show(code)}.");
            }

            icd = code.ToString();
        }
        else if (FieldParsers.IsAllDigits(code) && !code.IsEmpty)
        {
            Span<byte> digits = stackalloc byte[code.Length];
            Ascii.FromUtf16(code, digits, out _);
            entry = Math.Max(SnomedMap.Find(digits), SnomedMap.NotMapped);
        }
        else
        {
            return Reject(_code, $"unknown condition CODE {FieldParsers.Show(code)} (expected a SNOMED CT code).");
        }

        return true;
    }

    /// <summary>Whether an ASCII SYSTEM contains "icd" in any case.</summary>
    private static bool NamesIcd(ReadOnlySpan<byte> system)
    {
        for (var i = 0; i + 3 <= system.Length; i++)
        {
            if ((system[i] | 0x20) == 'i' && (system[i + 1] | 0x20) == 'c' && (system[i + 2] | 0x20) == 'd')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The stored id of the encounter when the same diagnosis was kept from its REASONCODE on the same day;
    /// 0 otherwise.</summary>
    private long FindEncounter(int member, int day, int code, ReadOnlySpan<byte> encounter)
    {
        if (encounter.IsEmpty || !Ascii.IsValid(encounter))
        {
            return 0;
        }

        return _encounters.Find(member, day, code, encounter);
    }

    /// <summary>The source of a condition: the encounter's id, or the file's name when it names none.</summary>
    private long SourceOf(ReadOnlySpan<byte> encounter) =>
        !encounter.IsEmpty ? _sink.Text.Add(encounter)
            : _noEncounter != 0 ? _noEncounter
            : _noEncounter = _sink.Text.Add("conditions.csv");
}

/// <summary>payers.csv: payer ids and names.</summary>
internal sealed class SyntheaPayerWorker(ColumnMap map, Dictionary<string, string> names) : RowWorker
{
    private readonly int _id = map["Id"], _name = map["NAME"];

    protected override bool Process(in Fields row)
    {
        var id = row[_id].Trim();
        if (id.IsEmpty)
        {
            return Reject(_id, "missing payer Id.");
        }

        names[id.ToString()] = row[_name].Trim().ToString();
        return true;
    }
}

/// <summary>payer_transitions.csv: the payer covering the as-of date names the member's health network; Medicare
/// with Medicaid (or a "Dual Eligible" payer) makes the member dual.</summary>
internal sealed class SyntheaPayerTransitionWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly IReadOnlyDictionary<string, string> _payers;
    private readonly int _asOf;
    private readonly int[] _best;
    private readonly int _patient, _payer, _secondary, _startDate, _endDate, _startYear, _endYear;
    private readonly IsoDateCache _dates = new();
    private readonly List<(byte[] Payer, byte[] Secondary, ushort Network, byte Dual)> _coverage = [];

    public SyntheaPayerTransitionWorker(ColumnMap map, MemberTable members, IReadOnlyDictionary<string, string> payers, int asOfDay, int[] best)
    {
        _members = members;
        _payers = payers;
        _asOf = asOfDay;
        _best = best;
        _patient = map["PATIENT"];
        _payer = map["PAYER"];
        _secondary = map["SECONDARY_PAYER"];
        _startDate = map["START_DATE"];
        _endDate = map["END_DATE"];
        _startYear = map["START_YEAR"];
        _endYear = map["END_YEAR"];
    }

    protected override bool Process(in Fields row)
    {
        var patient = row.Utf8(_patient);
        if (!TryFindMember(_members, patient, out var member))
        {
            return Reject(_patient, $"patient {FieldParsers.Show(patient)} is not in patients.csv.");
        }

        int start, end;
        if (_startDate >= 0)
        {
            var startText = row.Utf8(_startDate);
            if (!_dates.TryParseDateOrDateTime(startText, out start))
            {
                return Reject(_startDate, $"bad date {FieldParsers.Show(startText)}.");
            }

            end = MemberTable.NoDate;
            var endText = row.Utf8(_endDate);
            if (!endText.IsEmpty && !_dates.TryParseDateOrDateTime(endText, out end))
            {
                return Reject(_endDate, $"bad date {FieldParsers.Show(endText)}.");
            }
        }
        else if (_startYear >= 0)
        {
            var startYear = row.Utf8(_startYear);
            if (!FieldParsers.TryDigits(startYear, out var y1) || y1 < 1 || y1 > 9999)
            {
                return Reject(_startYear, $"bad year {FieldParsers.Show(startYear)}.");
            }

            var y2 = 9999;
            var endYear = row.Utf8(_endYear);
            if (!endYear.IsEmpty && (!FieldParsers.TryDigits(endYear, out y2) || y2 < y1 || y2 > 9999))
            {
                return Reject(_endYear, $"bad year {FieldParsers.Show(endYear)}.");
            }

            start = new DateOnly(y1, 1, 1).DayNumber;
            end = new DateOnly(y2, 12, 31).DayNumber;
        }
        else
        {
            return RejectColumn("START_DATE", "payer_transitions.csv needs START_DATE/END_DATE or START_YEAR/END_YEAR columns.");
        }

        if (start > _asOf || end < _asOf || start <= _best[member])
        {
            return true;
        }

        _best[member] = start;
        var (network, dual) = Coverage(row);
        _members.Network[member] = network;
        _members.Dual[member] = dual;
        return true;
    }

    /// <summary>The network and dual flag a row's payers give. An export has a handful of payers, so the answer is
    /// remembered by the bytes of the two payer fields.</summary>
    private (ushort Network, byte Dual) Coverage(in Fields row)
    {
        var payer = row.Utf8(_payer);
        var secondary = row.Utf8(_secondary);
        foreach (var known in _coverage)
        {
            if (payer.SequenceEqual(known.Payer) && secondary.SequenceEqual(known.Secondary))
            {
                return (known.Network, known.Dual);
            }
        }

        var primary = _payers.GetValueOrDefault(row[_payer].Trim().ToString(), row[_payer].Trim().ToString());
        var secondaryName = row[_secondary].IsEmpty ? "" : _payers.GetValueOrDefault(row[_secondary].Trim().ToString(), "");
        var both = primary + " " + secondaryName;
        var dual = both.Contains("dual", StringComparison.OrdinalIgnoreCase)
            || (both.Contains("medicare", StringComparison.OrdinalIgnoreCase)
                && (both.Contains("medicaid", StringComparison.OrdinalIgnoreCase) || both.Contains("medi-cal", StringComparison.OrdinalIgnoreCase)));
        var result = (Network: _members.Values.Intern(primary), Dual: dual ? (byte)1 : (byte)0);
        if (_coverage.Count < 64)
        {
            _coverage.Add((payer.ToArray(), secondary.ToArray(), result.Network, result.Dual));
        }

        return result;
    }
}
