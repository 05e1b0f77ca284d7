using System.Globalization;
using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.Synthea;

/// <summary>patients.csv → the member table. Synthea race/ethnicity words are mapped to the plan-data codes.</summary>
internal sealed class SyntheaPatientWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly int _id, _birth, _death, _first, _last, _ssn, _race, _ethnicity, _gender, _county;

    public SyntheaPatientWorker(ColumnMap map, MemberTable members)
    {
        _members = members;
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

    protected override bool Process(in Fields row)
    {
        var id = row[_id].Trim();
        if (id.IsEmpty)
        {
            return Reject(_id, "missing patient Id.");
        }

        if (!FieldParsers.TryParseIsoDateOrDateTime(row[_birth], out var birth))
        {
            return Reject(_birth, $"bad date {FieldParsers.Show(row[_birth])} (expected YYYY-MM-DD).");
        }

        var death = MemberTable.NoDate;
        var deathText = row[_death];
        if (!deathText.IsEmpty && !FieldParsers.TryParseIsoDateOrDateTime(deathText, out death))
        {
            return Reject(_death, $"bad date {FieldParsers.Show(deathText)} (expected YYYY-MM-DD or empty).");
        }

        var raceText = row[_race].Trim();
        string? race = raceText switch
        {
            _ when raceText.IsEmpty => null,
            _ when raceText.Equals("white", StringComparison.OrdinalIgnoreCase) => "white",
            _ when raceText.Equals("black", StringComparison.OrdinalIgnoreCase) => "black",
            _ when raceText.Equals("asian", StringComparison.OrdinalIgnoreCase) => "asian",
            _ when raceText.Equals("native", StringComparison.OrdinalIgnoreCase) => "american-indian-alaska-native",
            _ when raceText.Equals("hawaiian", StringComparison.OrdinalIgnoreCase) => "pacific-islander",
            _ when raceText.Equals("other", StringComparison.OrdinalIgnoreCase) => "other",
            _ => "?",
        };
        if (race == "?")
        {
            return Reject(_race, $"unknown RACE {FieldParsers.Show(raceText)} (expected white, black, asian, native, hawaiian or other).");
        }

        var ethnicityText = row[_ethnicity].Trim();
        string? ethnicity = ethnicityText switch
        {
            _ when ethnicityText.IsEmpty => null,
            _ when ethnicityText.Equals("hispanic", StringComparison.OrdinalIgnoreCase) => "hispanic",
            _ when ethnicityText.Equals("nonhispanic", StringComparison.OrdinalIgnoreCase) => "not-hispanic",
            _ => "?",
        };
        if (ethnicity == "?")
        {
            return Reject(_ethnicity, $"unknown ETHNICITY {FieldParsers.Show(ethnicityText)} (expected hispanic or nonhispanic).");
        }

        var gender = row[_gender].Trim();
        if (!gender.IsEmpty && (gender.Length != 1 || char.ToUpperInvariant(gender[0]) is not ('F' or 'M')))
        {
            return Reject(_gender, $"unknown GENDER {FieldParsers.Show(gender)} (expected F or M).");
        }

        var index = _members.Add(id, birth, death);
        if (index < 0)
        {
            return Reject(_id, $"patient Id {FieldParsers.Show(id)} appears more than once.");
        }

        _members.Sex[index] = gender.IsEmpty ? (byte)0 : (byte)char.ToUpperInvariant(gender[0]);
        _members.Race[index] = _members.Values.Intern(race);
        _members.Ethnicity[index] = _members.Values.Intern(ethnicity);
        var county = row[_county].Trim();
        if (county.EndsWith(" County", StringComparison.OrdinalIgnoreCase))
        {
            county = county[..^" County".Length];
        }

        _members.County[index] = _members.Values.Intern(county);
        if (_members.KeepsIdentity)
        {
            _members.FirstNames[index] = row[_first].Trim().ToString();
            _members.LastNames[index] = row[_last].Trim().ToString();
            var ssn = row[_ssn].Trim();
            if (ssn.Length >= 4 && FieldParsers.IsAllDigits(ssn[^4..]))
            {
                _members.Ssn4[index] = short.Parse(ssn[^4..], CultureInfo.InvariantCulture);
            }
        }

        return true;
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

    public SyntheaEncounterWorker(ColumnMap map, MemberTable members, FactCollector collector, string file)
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
        _id = map["Id"];
        _start = map["START"];
        _stop = map["STOP"];
        _patient = map["PATIENT"];
        _class = map["ENCOUNTERCLASS"];
        _reason = map["REASONCODE"];
    }

    protected override bool Process(in Fields row)
    {
        var id = row[_id];
        if (id.IsEmpty)
        {
            return Reject(_id, "missing encounter Id.");
        }

        var patient = row[_patient];
        if (patient.IsEmpty)
        {
            return Reject(_patient, "missing PATIENT.");
        }

        if (!TryFindMember(_members, patient, out var member))
        {
            return Reject(_patient, $"patient {FieldParsers.Show(patient)} is not in patients.csv.");
        }

        if (!FieldParsers.TryParseIsoDateOrDateTime(row[_start], out var day))
        {
            return Reject(_start, $"bad date {FieldParsers.Show(row[_start])} (expected an ISO date-time like 2022-01-10T09:00:00Z).");
        }

        var stop = MemberTable.NoDate;
        var stopText = row[_stop];
        if (!stopText.IsEmpty && !FieldParsers.TryParseIsoDateOrDateTime(stopText, out stop))
        {
            return Reject(_stop, $"bad date {FieldParsers.Show(stopText)} (expected an ISO date-time or empty).");
        }

        var cls = Vocabularies.Find(Vocabularies.SyntheaEncounterClasses, row[_class]);
        if (cls is null)
        {
            return Reject(_class, $"unknown ENCOUNTERCLASS {FieldParsers.Show(row[_class])} (expected one of {string.Join(", ", Vocabularies.SyntheaEncounterClasses)}).");
        }

        if (!stopText.IsEmpty && stop < day)
        {
            return Reject(_stop, "STOP is before START.");
        }

        var hospice = cls == "hospice";

        var reason = row[_reason];
        var icd = "";
        uint lists = 0;
        if (!reason.IsEmpty)
        {
            if (!FieldParsers.IsAllDigits(reason))
            {
                return Reject(_reason, $"unknown REASONCODE {FieldParsers.Show(reason)} (expected a SNOMED CT code).");
            }

            if (!_matcher.IsEmpty && SnomedMap.TryMap(reason, out var mapped))
            {
                icd = mapped;
                lists = _matcher.Match(icd);
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
        if (hospice)
        {
            source = _sink.Text.Add(id);
            _sink.Programs.Add(member, new SpanFact { Start = day, End = stop, Program = _hospice, Source = source, Origin = _origin });
        }

        var bits = EventClassifier.Encounter(cls, _rules.Classify(lists, lists));
        if (day <= _eventStart)
        {
            bits &= EventClassifier.DischargeBit;
        }

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
            _sink.Diagnoses.Add(member, new DiagnosisFact { Day = day, EndDay = day, Lists = lists & _keptLists, Code = _codes.Intern(icd), Source = source });
        }

        return true;
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

    public SyntheaConditionWorker(ColumnMap map, MemberTable members, FactCollector collector)
    {
        _members = members;
        _sink = collector.NewSink();
        _codes = collector.Codes;
        _matcher = collector.Rules.Matcher;
        _keptLists = collector.Rules.KeptLists;
        _asOf = collector.Rules.AsOfDay;
        _diagnosisStart = collector.Rules.DiagnosisWindowStartExclusive;
        _start = map["START"];
        _stop = map["STOP"];
        _patient = map["PATIENT"];
        _encounter = map["ENCOUNTER"];
        _system = map["SYSTEM"];
        _code = map["CODE"];
    }

    protected override bool Process(in Fields row)
    {
        var patient = row[_patient];
        if (patient.IsEmpty)
        {
            return Reject(_patient, "missing PATIENT.");
        }

        if (!TryFindMember(_members, patient, out var member))
        {
            return Reject(_patient, $"patient {FieldParsers.Show(patient)} is not in patients.csv.");
        }

        if (!FieldParsers.TryParseIsoDateOrDateTime(row[_start], out var start))
        {
            return Reject(_start, $"bad date {FieldParsers.Show(row[_start])} (expected YYYY-MM-DD).");
        }

        var stop = MemberTable.NoDate;
        var stopText = row[_stop];
        if (!stopText.IsEmpty)
        {
            if (!FieldParsers.TryParseIsoDateOrDateTime(stopText, out stop))
            {
                return Reject(_stop, $"bad date {FieldParsers.Show(stopText)} (expected YYYY-MM-DD or empty).");
            }

            if (stop < start)
            {
                return Reject(_stop, "STOP is before START.");
            }
        }

        var code = row[_code].Trim();
        var system = row[_system];
        string? icd = null;
        if (system.Contains("icd", StringComparison.OrdinalIgnoreCase))
        {
            if (!DiagnosisMatcher.IsIcd10Shape(code))
            {
                return Reject(_code, $"unknown ICD-10 code {FieldParsers.Show(code)}.");
            }

            icd = code.ToString();
        }
        else if (FieldParsers.IsAllDigits(code) && !code.IsEmpty)
        {
            if (SnomedMap.TryMap(code, out var mapped))
            {
                icd = mapped;
            }
        }
        else
        {
            return Reject(_code, $"unknown condition CODE {FieldParsers.Show(code)} (expected a SNOMED CT code).");
        }

        if (icd is null || _matcher.IsEmpty || start > _asOf || stop <= _diagnosisStart)
        {
            return true;
        }

        var lists = _matcher.Match(icd) & _keptLists;
        if (lists != 0)
        {
            var encounter = row[_encounter];
            _sink.Diagnoses.Add(member, new DiagnosisFact
            {
                Day = start,
                EndDay = stop,
                Lists = lists,
                Code = _codes.Intern(icd),
                Source = _sink.Text.Add(encounter.IsEmpty ? "conditions.csv" : encounter),
            });
        }

        return true;
    }
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
        var patient = row[_patient];
        if (!TryFindMember(_members, patient, out var member))
        {
            return Reject(_patient, $"patient {FieldParsers.Show(patient)} is not in patients.csv.");
        }

        int start, end;
        if (_startDate >= 0)
        {
            if (!FieldParsers.TryParseIsoDateOrDateTime(row[_startDate], out start))
            {
                return Reject(_startDate, $"bad date {FieldParsers.Show(row[_startDate])}.");
            }

            end = MemberTable.NoDate;
            if (!row[_endDate].IsEmpty && !FieldParsers.TryParseIsoDateOrDateTime(row[_endDate], out end))
            {
                return Reject(_endDate, $"bad date {FieldParsers.Show(row[_endDate])}.");
            }
        }
        else if (_startYear >= 0)
        {
            if (!FieldParsers.TryDigits(row[_startYear], out var y1) || y1 < 1 || y1 > 9999)
            {
                return Reject(_startYear, $"bad year {FieldParsers.Show(row[_startYear])}.");
            }

            var y2 = 9999;
            if (!row[_endYear].IsEmpty && (!FieldParsers.TryDigits(row[_endYear], out y2) || y2 < y1 || y2 > 9999))
            {
                return Reject(_endYear, $"bad year {FieldParsers.Show(row[_endYear])}.");
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
        var primary = _payers.GetValueOrDefault(row[_payer].Trim().ToString(), row[_payer].Trim().ToString());
        var secondary = row[_secondary].IsEmpty ? "" : _payers.GetValueOrDefault(row[_secondary].Trim().ToString(), "");
        var both = primary + " " + secondary;
        var dual = both.Contains("dual", StringComparison.OrdinalIgnoreCase)
            || (both.Contains("medicare", StringComparison.OrdinalIgnoreCase)
                && (both.Contains("medicaid", StringComparison.OrdinalIgnoreCase) || both.Contains("medi-cal", StringComparison.OrdinalIgnoreCase)));
        _members.Network[member] = _members.Values.Intern(primary);
        _members.Dual[member] = dual ? (byte)1 : (byte)0;
        return true;
    }
}
