using System.Text;
using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.PlanData;

/// <summary>
/// Reads claims.csv. Every field is checked; a line that is an event or carries a listed diagnosis inside the
/// rules' look-back is kept (its claim id copied to the arena), everything else is dropped after validation.
/// </summary>
internal sealed class ClaimLineWorker : RowWorker
{
    private readonly MemberTable _members;
    private readonly FactSink _sink;
    private readonly CodeTable _codes;
    private readonly DiagnosisMatcher _matcher;
    private readonly CompiledRules _rules;
    private readonly uint _keptLists;
    private readonly int _primary;
    private readonly int _asOf, _eventStart, _diagnosisStart;
    private readonly int _claim, _line, _member, _from, _to, _type, _pos, _revenue, _bill, _admission, _procedure, _paid;
    private readonly int[] _diagnoses;
    private readonly uint[] _matches;
    private readonly DiagnosisCodeCache _codesSeen = new();
    private readonly IsoDateCache _dates = new();
    private readonly ClaimSettingCache _settings = new();

    public ClaimLineWorker(ColumnMap map, MemberTable members, FactCollector collector)
    {
        _members = members;
        _sink = collector.NewSink();
        _codes = collector.Codes;
        var rules = collector.Rules;
        _matcher = rules.Matcher;
        _rules = rules;
        _keptLists = rules.KeptLists;
        _asOf = rules.AsOfDay;
        _eventStart = rules.EventWindowStartExclusive;
        _diagnosisStart = rules.DiagnosisWindowStartExclusive;
        _claim = map["claim_id"];
        _line = map["line"];
        _member = map["member_id"];
        _from = map["service_from"];
        _to = map["service_to"];
        _type = map["claim_type"];
        _pos = map["place_of_service"];
        _revenue = map["revenue_code"];
        _bill = map["type_of_bill"];
        _admission = map["admission_type"];
        _procedure = map["procedure_code"];
        _paid = map["paid_amount"];
        _diagnoses = map.Numbered;
        _matches = new uint[_diagnoses.Length];
        _primary = Array.IndexOf(_diagnoses, map["diagnosis_1"]);
        if (_primary < 0 && _diagnoses.Length > 0)
        {
            _primary = 0;
        }
    }

    protected override bool Process(in Fields row)
    {
        // Fields are checked as UTF-8 bytes: every accepted value is ASCII, and a value with other bytes fails the
        // same checks it fails as text. Messages show the value as text.
        var claimId = row.Utf8(_claim);
        if (claimId.IsEmpty)
        {
            return Reject(_claim, "missing claim id.");
        }

        var line = row.Utf8(_line);
        if (!FieldParsers.TryDigits(line, out var lineNumber) || lineNumber < 1)
        {
            return Reject(_line, $"bad line number {FieldParsers.Show(line)} (expected a positive whole number).");
        }

        var memberId = row.Utf8(_member);
        if (memberId.IsEmpty)
        {
            return Reject(_member, "missing member id.");
        }

        if (!TryFindMember(_members, memberId, out var member))
        {
            return Reject(_member, $"member id {FieldParsers.Show(memberId)} is not in the members file.");
        }

        var fromText = row.Utf8(_from);
        if (!_dates.TryParseDate(fromText, out var day))
        {
            return Reject(_from, $"bad date {FieldParsers.Show(fromText)} (expected YYYY-MM-DD).");
        }

        var toText = row.Utf8(_to);
        var to = day;
        if (!toText.IsEmpty && !toText.SequenceEqual(fromText))
        {
            if (!_dates.TryParseDate(toText, out to))
            {
                return Reject(_to, $"bad date {FieldParsers.Show(toText)} (expected YYYY-MM-DD or empty).");
            }

            if (to < day)
            {
                return Reject(_to, "service_to is before service_from.");
            }
        }

        var type = row.Utf8(_type);
        bool institutional;
        if (type.SequenceEqual("professional"u8))
        {
            institutional = false;
        }
        else if (type.SequenceEqual("institutional"u8))
        {
            institutional = true;
        }
        else if (type.Length == 13 && Ascii.EqualsIgnoreCase(type, "institutional"u8))
        {
            institutional = true;
        }
        else if (type.Length == 12 && Ascii.EqualsIgnoreCase(type, "professional"u8))
        {
            institutional = false;
        }
        else if (!Ascii.IsValid(type) && row[_type].Equals("institutional", StringComparison.OrdinalIgnoreCase))
        {
            institutional = true;
        }
        else if (!Ascii.IsValid(type) && row[_type].Equals("professional", StringComparison.OrdinalIgnoreCase))
        {
            institutional = false;
        }
        else
        {
            return Reject(_type, $"unknown claim type {FieldParsers.Show(type)} (expected professional or institutional).");
        }

        var pos = row.Utf8(_pos);
        if (!pos.IsEmpty && (pos.Length != 2 || !FieldParsers.IsAllDigits(pos)))
        {
            return Reject(_pos, $"unknown place of service {FieldParsers.Show(pos)} (expected a 2-digit CMS code).");
        }

        var revenueText = row.Utf8(_revenue);
        if (!revenueText.IsEmpty && (revenueText.Length is < 3 or > 4 || !FieldParsers.IsAllDigits(revenueText)))
        {
            return Reject(_revenue, $"unknown revenue code {FieldParsers.Show(revenueText)} (expected 4 digits, e.g. 0450).");
        }

        var billText = row.Utf8(_bill);
        var bill = billText.Length == 4 && billText[0] == '0' ? billText[1..] : billText;
        if (!bill.IsEmpty && (bill.Length != 3 || !FieldParsers.IsAllDigits(bill) || bill[0] == '0'))
        {
            return Reject(_bill, $"unknown type of bill {FieldParsers.Show(billText)} (expected 3 digits, optionally with a leading 0, e.g. 0111).");
        }

        var admission = row.Utf8(_admission);
        if (!admission.IsEmpty && (admission.Length != 1 || !char.IsAsciiDigit((char)admission[0]) || admission[0] == '0'))
        {
            return Reject(_admission, $"unknown admission type {FieldParsers.Show(admission)} (expected one digit 1-9).");
        }

        var procedure = row.Utf8(_procedure);
        if (!procedure.IsEmpty && (procedure.Length != 5 || !FieldParsers.IsAlphanumeric(procedure)))
        {
            return Reject(_procedure, $"unknown procedure code {FieldParsers.Show(procedure)} (expected a 5-character CPT or HCPCS code).");
        }

        var paid = row.Utf8(_paid);
        if (!paid.IsEmpty && !FieldParsers.IsDecimal(paid))
        {
            return Reject(_paid, $"bad amount {FieldParsers.Show(paid)} (expected a number like 125.40).");
        }

        uint lists = 0;
        for (var i = 0; i < _diagnoses.Length; i++)
        {
            var code = row.Utf8(_diagnoses[i]);
            if (code.IsEmpty)
            {
                _matches[i] = 0;
                continue;
            }

            if (!_codesSeen.TryMatch(code, _matcher, out var match))
            {
                return Reject(_diagnoses[i], $"unknown diagnosis code {FieldParsers.Show(code)} (expected ICD-10-CM, e.g. F20.9).");
            }

            _matches[i] = match;
            lists |= match;
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
        if (to > _eventStart)
        {
            var bits = Classify(institutional, pos, revenueText, bill, admission, procedure, lists);
            if (day <= _eventStart)
            {
                // Only the discharge (dated service_to) can fall inside the window.
                bits &= EventClassifier.DischargeBit;
            }

            if ((bits & EventClassifier.DischargeBit) != 0 && to > _asOf)
            {
                bits &= ~EventClassifier.DischargeBit;
            }

            if (bits != 0)
            {
                source = _sink.Text.Add(claimId);
                for (byte kind = 0; bits != 0; kind++, bits >>= 1)
                {
                    if ((bits & 1) != 0)
                    {
                        _sink.Events.Add(member, new EventFact { Day = kind == EventKinds.Discharge ? to : day, Kind = kind, Source = source });
                    }
                }
            }
        }

        if ((lists & _keptLists) != 0 && day > _diagnosisStart)
        {
            if (source == 0)
            {
                source = _sink.Text.Add(claimId);
            }

            for (var i = 0; i < _diagnoses.Length; i++)
            {
                var match = _matches[i] & _keptLists;
                if (match != 0)
                {
                    _sink.Diagnoses.Add(member, new DiagnosisFact
                    {
                        Day = day,
                        EndDay = day,
                        Lists = match,
                        Code = _codesSeen.Intern(row.Utf8(_diagnoses[i]), _codes),
                        Source = source,
                    });
                }
            }
        }

        return true;
    }

    /// <summary>The event kinds of a validated line.</summary>
    private int Classify(bool institutional, ReadOnlySpan<byte> pos, ReadOnlySpan<byte> revenue, ReadOnlySpan<byte> bill,
        ReadOnlySpan<byte> admission, ReadOnlySpan<byte> procedure, uint lists)
    {
        var primary = _primary >= 0 ? _matches[_primary] : 0;
        return EventClassifier.Events(_settings.Setting(institutional, pos, revenue, bill, admission, procedure), _rules.Classify(primary, lists));
    }
}
