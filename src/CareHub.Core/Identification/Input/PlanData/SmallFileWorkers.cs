using CareHub.Identification.Engine;

namespace CareHub.Identification.Input.PlanData;

/// <summary>Shared checks of the small plan-data files: member id and dates.</summary>
internal abstract class MemberFactWorker(MemberTable members, FactCollector collector, string file) : RowWorker
{
    protected FactSink Sink { get; } = collector.NewSink();

    protected MemberTable Members { get; } = members;


    /// <summary>The file name as arena text, shown in evidence ("programs.csv P17").</summary>
    protected long Origin => _origin == 0 ? _origin = Sink.Text.Add(file) : _origin;

    private long _origin;

    protected bool TryMember(in Fields row, int position, out int member)
    {
        member = -1;
        var id = row[position].Trim();
        if (id.IsEmpty)
        {
            return Reject(position, "missing member id.");
        }

        return Members.TryFind(id, out member) || Reject(position, $"member id {FieldParsers.Show(id)} is not in the members file.");
    }

    protected bool TryDate(in Fields row, int position, out int day)
    {
        if (FieldParsers.TryParseIsoDate(row[position], out day))
        {
            return true;
        }

        return Reject(position, $"bad date {FieldParsers.Show(row[position])} (expected YYYY-MM-DD).");
    }

    /// <summary>An optional end date (empty = open, int.MaxValue) that must not be before <paramref name="start"/>.</summary>
    protected bool TryEnd(in Fields row, int position, int start, out int end)
    {
        end = MemberTable.NoDate;
        var text = row[position];
        if (text.IsEmpty)
        {
            return true;
        }

        if (!FieldParsers.TryParseIsoDate(text, out end))
        {
            return Reject(position, $"bad date {FieldParsers.Show(text)} (expected YYYY-MM-DD or empty while open).");
        }

        return end >= start || Reject(position, "the end date is before the start date.");
    }
}

/// <summary>programs.csv and prior_enrollment.csv: program enrollment spans.</summary>
internal sealed class ProgramWorker : MemberFactWorker
{
    private readonly IReadOnlyList<string> _allowed;
    private readonly int _member, _program, _start, _end, _id;

    public ProgramWorker(ColumnMap map, MemberTable members, FactCollector collector, string file, IReadOnlyList<string> allowed)
        : base(members, collector, file)
    {
        _allowed = allowed;
        _member = map["member_id"];
        _program = map["program"];
        _start = map["start_date"];
        _end = map["end_date"];
        _id = map["enrollment_id"];
    }

    protected override bool Process(in Fields row)
    {
        if (!TryMember(row, _member, out var member))
        {
            return false;
        }

        var program = row[_program].Trim();
        var code = Vocabularies.Find(_allowed, program);
        if (code is null)
        {
            return Reject(_program, $"unknown program {FieldParsers.Show(program)} (expected one of {string.Join(", ", _allowed)}).");
        }

        if (!TryDate(row, _start, out var start) || !TryEnd(row, _end, start, out var end))
        {
            return false;
        }

        Sink.Programs.Add(member, new SpanFact
        {
            Start = start,
            End = end,
            Program = (byte)ProgramCodes.IdOf(code),
            Source = Sink.Text.Add(row[_id].Trim()),
            Origin = Origin,
        });
        return true;
    }
}

/// <summary>releases.csv: releases from prison, jail or a youth facility.</summary>
internal sealed class ReleaseWorker : MemberFactWorker
{
    private static readonly IReadOnlyList<string> _facilityTypes = ["prison", "jail", "youth"];
    private readonly int _member, _date, _id, _type, _name;

    public ReleaseWorker(ColumnMap map, MemberTable members, FactCollector collector, string file)
        : base(members, collector, file)
    {
        _member = map["member_id"];
        _date = map["release_date"];
        _id = map["release_id"];
        _type = map["facility_type"];
        _name = map["facility_name"];
    }

    protected override bool Process(in Fields row)
    {
        if (!TryMember(row, _member, out var member) || !TryDate(row, _date, out var day))
        {
            return false;
        }

        var typeText = row[_type].Trim();
        var type = typeText.IsEmpty ? "" : Vocabularies.Find(_facilityTypes, typeText);
        if (type is null)
        {
            return Reject(_type, $"unknown facility type {FieldParsers.Show(typeText)} (expected prison, jail or youth).");
        }

        var name = row[_name].Trim();
        var facility = name.IsEmpty ? type : type.Length == 0 ? name.ToString() : $"{name} ({type})";
        Sink.Releases.Add(member, new ReleaseFact
        {
            Day = day,
            Source = Sink.Text.Add(row[_id].Trim()),
            Facility = Sink.Text.Add(facility),
        });
        return true;
    }
}

/// <summary>nursing_facility_stays.csv: stays become <c>nursing-facility</c> program spans.</summary>
internal sealed class NursingFacilityWorker : MemberFactWorker
{
    private static readonly IReadOnlyList<string> _levels = ["custodial", "skilled"];
    private readonly int _member, _admission, _discharge, _id, _level;
    private readonly byte _program = (byte)ProgramCodes.IdOf(ProgramCodes.NursingFacility);

    public NursingFacilityWorker(ColumnMap map, MemberTable members, FactCollector collector, string file)
        : base(members, collector, file)
    {
        _member = map["member_id"];
        _admission = map["admission_date"];
        _discharge = map["discharge_date"];
        _id = map["stay_id"];
        _level = map["level_of_care"];
    }

    protected override bool Process(in Fields row)
    {
        if (!TryMember(row, _member, out var member) || !TryDate(row, _admission, out var start)
            || !TryEnd(row, _discharge, start, out var end))
        {
            return false;
        }

        var level = row[_level].Trim();
        if (!level.IsEmpty && Vocabularies.Find(_levels, level) is null)
        {
            return Reject(_level, $"unknown level of care {FieldParsers.Show(level)} (expected custodial or skilled).");
        }

        Sink.Programs.Add(member, new SpanFact
        {
            Start = start,
            End = end,
            Program = _program,
            Level = level.IsEmpty ? (byte)0 : level.Equals("custodial", StringComparison.OrdinalIgnoreCase) ? SpanFact.Custodial : SpanFact.Skilled,
            Source = Sink.Text.Add(row[_id].Trim()),
            Origin = Origin,
        });
        return true;
    }
}
