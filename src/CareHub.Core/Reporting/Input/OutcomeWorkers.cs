using CareHub.Identification.Engine;
using CareHub.Identification.Input;

namespace CareHub.Reporting.Input;

/// <summary>Base of the outcome readers: keeps records only for the members the comparison asks about.</summary>
internal abstract class OutcomeWorker(HashSet<string> wanted) : RowWorker
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _wanted = wanted.GetAlternateLookup<ReadOnlySpan<char>>();

    public Dictionary<string, OutcomeRecords> Records { get; } = new(StringComparer.Ordinal);

    protected bool TryWanted(ReadOnlySpan<char> id, out OutcomeRecords records)
    {
        if (!_wanted.TryGetValue(id.Trim(), out var key))
        {
            records = null!;
            return false;
        }

        if (!Records.TryGetValue(key, out records!))
        {
            records = new OutcomeRecords();
            Records.Add(key, records);
        }

        return true;
    }
}

/// <summary>Members (Synthea patients.csv or plan-data members): every id seen, and the date of death of wanted ones.</summary>
internal sealed class OutcomeMemberWorker : OutcomeWorker
{
    private readonly int _id, _death;
    private readonly bool _dateTime;

    public OutcomeMemberWorker(ColumnMap map, HashSet<string> wanted, string idColumn, string deathColumn, bool dateTime)
        : base(wanted)
    {
        _id = map[idColumn];
        _death = map[deathColumn];
        _dateTime = dateTime;
    }

    protected override bool Process(in Fields row)
    {
        if (row[_id].Trim().IsEmpty)
        {
            return Reject(_id, "missing member id.");
        }

        if (!TryWanted(row[_id], out var records))
        {
            return true;
        }

        var text = row[_death];
        if (!text.IsEmpty)
        {
            var ok = _dateTime ? FieldParsers.TryParseIsoDateOrDateTime(text, out var day) : FieldParsers.TryParseIsoDate(text, out day);
            if (!ok)
            {
                return Reject(_death, $"bad date {FieldParsers.Show(text)} (expected YYYY-MM-DD or empty).");
            }

            records.Death = FieldParsers.ToDate(day);
        }

        return true;
    }
}

/// <summary>Synthea encounters.csv: <c>emergency</c> is an ED visit and <c>inpatient</c> an admission, each dated
/// by the date part of START (the same reading as identification).</summary>
internal sealed class OutcomeEncounterWorker : OutcomeWorker
{
    private readonly int _start, _patient, _class;

    public OutcomeEncounterWorker(ColumnMap map, HashSet<string> wanted)
        : base(wanted)
    {
        _start = map["START"];
        _patient = map["PATIENT"];
        _class = map["ENCOUNTERCLASS"];
    }

    protected override bool Process(in Fields row)
    {
        if (!TryWanted(row[_patient], out var records))
        {
            return true;
        }

        var cls = row[_class].Trim();
        var ed = cls.Equals("emergency", StringComparison.OrdinalIgnoreCase);
        var inpatient = cls.Equals("inpatient", StringComparison.OrdinalIgnoreCase);
        if (!ed && !inpatient)
        {
            return true;
        }

        if (!FieldParsers.TryParseIsoDateOrDateTime(row[_start], out var day))
        {
            return Reject(_start, $"bad date {FieldParsers.Show(row[_start])} (expected an ISO date-time like 2022-01-10T09:00:00Z).");
        }

        (ed ? records.EdDates : records.AdmissionDates).Add(FieldParsers.ToDate(day));
        return true;
    }
}

/// <summary>Plan-data enrollment spans (end_date empty while open).</summary>
internal sealed class OutcomeEnrollmentWorker : OutcomeWorker
{
    private readonly int _member, _start, _end;

    public OutcomeEnrollmentWorker(ColumnMap map, HashSet<string> wanted)
        : base(wanted)
    {
        _member = map["member_id"];
        _start = map["start_date"];
        _end = map["end_date"];
    }

    protected override bool Process(in Fields row)
    {
        if (!TryWanted(row[_member], out var records))
        {
            return true;
        }

        if (!FieldParsers.TryParseIsoDate(row[_start], out var start))
        {
            return Reject(_start, $"bad date {FieldParsers.Show(row[_start])} (expected YYYY-MM-DD).");
        }

        var end = DateOnly.MaxValue;
        var endText = row[_end];
        if (!endText.IsEmpty)
        {
            if (!FieldParsers.TryParseIsoDate(endText, out var endDay))
            {
                return Reject(_end, $"bad date {FieldParsers.Show(endText)} (expected YYYY-MM-DD or empty).");
            }

            if (endDay < start)
            {
                return Reject(_end, "end_date is before start_date.");
            }

            end = FieldParsers.ToDate(endDay);
        }

        (records.Enrolled ??= []).Add(new DateWindow(FieldParsers.ToDate(start), end));
        return true;
    }
}

/// <summary>Plan-data claim lines classified as in identification (<see cref="EventClassifier"/>): an ED visit
/// on service_from, an unplanned inpatient admission (emergency, urgent or trauma admission type) on service_from.</summary>
internal sealed class OutcomeClaimWorker : OutcomeWorker
{
    private readonly int _member, _from, _type, _pos, _revenue, _bill, _admission, _procedure;

    public OutcomeClaimWorker(ColumnMap map, HashSet<string> wanted)
        : base(wanted)
    {
        _member = map["member_id"];
        _from = map["service_from"];
        _type = map["claim_type"];
        _pos = map["place_of_service"];
        _revenue = map["revenue_code"];
        _bill = map["type_of_bill"];
        _admission = map["admission_type"];
        _procedure = map["procedure_code"];
    }

    protected override bool Process(in Fields row)
    {
        if (!TryWanted(row[_member], out var records))
        {
            return true;
        }

        if (!FieldParsers.TryParseIsoDate(row[_from], out var day))
        {
            return Reject(_from, $"bad date {FieldParsers.Show(row[_from])} (expected YYYY-MM-DD).");
        }

        var type = row[_type].Trim();
        var institutional = type.Equals("institutional", StringComparison.OrdinalIgnoreCase);
        if (!institutional && !type.Equals("professional", StringComparison.OrdinalIgnoreCase))
        {
            return Reject(_type, $"unknown claim type {FieldParsers.Show(type)} (expected professional or institutional).");
        }

        // Read as identification reads them; a revenue code that is not one is ignored here (identification rejects it).
        Span<char> revenue = stackalloc char[4];
        if (!FieldParsers.TryNormalizeRevenueCode(row[_revenue].Trim(), revenue, out var revenueLength))
        {
            revenueLength = 0;
        }

        var bill = FieldParsers.NormalizeTypeOfBill(row[_bill].Trim());

        var bits = EventClassifier.ClaimLine(institutional, row[_pos].Trim(), revenue[..revenueLength], bill, row[_admission].Trim(), row[_procedure].Trim());
        var date = FieldParsers.ToDate(day);
        if ((bits & EventClassifier.EdBit) != 0)
        {
            records.EdDates.Add(date);
        }

        if ((bits & EventClassifier.InpatientBit) != 0)
        {
            records.AdmissionDates.Add(date);
        }

        return true;
    }
}
