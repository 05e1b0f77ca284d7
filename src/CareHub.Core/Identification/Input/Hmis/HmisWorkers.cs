using System.Globalization;

namespace CareHub.Identification.Input.Hmis;

/// <summary>Shared HMIS row checks. Rows with DateDeleted set are soft deletes and are skipped.</summary>
internal abstract class HmisWorker(ColumnMap map) : RowWorker
{
    private readonly int _deleted = map["DateDeleted"];

    protected bool IsDeleted(in Fields row) => !row[_deleted].IsEmpty;

    protected bool TryId(in Fields row, int position, out string id)
    {
        id = row[position].Trim().ToString();
        return id.Length > 0 || Reject(position, "missing id.");
    }

    protected bool TryDate(in Fields row, int position, out int day) =>
        FieldParsers.TryParseHmisDate(row[position].Trim(), out day)
        || Reject(position, $"bad date {FieldParsers.Show(row[position])} (expected YYYY-MM-DD).");

    protected bool TryOptionalDate(in Fields row, int position, out int? day)
    {
        day = null;
        var text = row[position].Trim();
        if (text.IsEmpty)
        {
            return true;
        }

        if (!FieldParsers.TryParseHmisDate(text, out var d))
        {
            return Reject(position, $"bad date {FieldParsers.Show(text)} (expected YYYY-MM-DD or empty).");
        }

        day = d;
        return true;
    }

    protected bool TryOptionalInt(in Fields row, int position, out int? value)
    {
        value = null;
        var text = row[position].Trim();
        if (text.IsEmpty)
        {
            return true;
        }

        if (!FieldParsers.TryDigits(text, out var v))
        {
            return Reject(position, $"unknown code {FieldParsers.Show(text)} (expected a whole number from the HUD code list).");
        }

        value = v;
        return true;
    }
}

internal sealed class HmisClientWorker(ColumnMap map, List<HmisClient> clients) : HmisWorker(map)
{
    private readonly int _id = map["PersonalID"], _first = map["FirstName"], _last = map["LastName"], _ssn = map["SSN"],
        _ssnQuality = map["SSNDataQuality"], _dob = map["DOB"], _dobQuality = map["DOBDataQuality"], _nameQuality = map["NameDataQuality"];

    protected override bool Process(in Fields row)
    {
        if (IsDeleted(row))
        {
            return true;
        }

        if (!TryId(row, _id, out var id) || !TryOptionalDate(row, _dob, out var dob)
            || !TryOptionalInt(row, _dobQuality, out var dobQuality) || !TryOptionalInt(row, _ssnQuality, out var ssnQuality)
            || !TryOptionalInt(row, _nameQuality, out var nameQuality))
        {
            return false;
        }

        var ssn = row[_ssn].Trim();
        short ssn4 = -1;
        if (ssn.Length >= 4 && FieldParsers.IsAllDigits(ssn[^4..]))
        {
            ssn4 = short.Parse(ssn[^4..], CultureInfo.InvariantCulture);
        }

        clients.Add(new HmisClient(id, row[_first].Trim().ToString(), row[_last].Trim().ToString(), dob,
            dobQuality ?? 1, ssn4, ssnQuality ?? (ssn4 >= 0 ? 1 : 99), nameQuality ?? 1));
        return true;
    }
}

internal sealed class HmisProjectWorker(ColumnMap map, Dictionary<string, HmisProject> projects) : HmisWorker(map)
{
    private readonly int _id = map["ProjectID"], _name = map["ProjectName"], _type = map["ProjectType"];

    protected override bool Process(in Fields row)
    {
        if (IsDeleted(row))
        {
            return true;
        }

        if (!TryId(row, _id, out var id) || !TryOptionalInt(row, _type, out var type))
        {
            return false;
        }

        if (type is not { } t || !HmisCodes.IsValidProjectType(t))
        {
            return Reject(_type, $"unknown ProjectType {FieldParsers.Show(row[_type])} (expected a HUD project type 0-14).");
        }

        projects[id] = new HmisProject(id, row[_name].Trim().ToString(), t);
        return true;
    }
}

internal sealed class HmisEnrollmentWorker(ColumnMap map, List<HmisEnrollment> enrollments, IReadOnlyDictionary<string, HmisProject> projects, HashSet<string> clients)
    : HmisWorker(map)
{
    private readonly int _id = map["EnrollmentID"], _person = map["PersonalID"], _project = map["ProjectID"], _entry = map["EntryDate"],
        _living = map["LivingSituation"], _moveIn = map["MoveInDate"];

    protected override bool Process(in Fields row)
    {
        if (IsDeleted(row))
        {
            return true;
        }

        if (!TryId(row, _id, out var id) || !TryId(row, _person, out var person) || !TryId(row, _project, out var project)
            || !TryDate(row, _entry, out var entry) || !TryOptionalInt(row, _living, out var living)
            || !TryOptionalDate(row, _moveIn, out var moveIn))
        {
            return false;
        }

        if (!clients.Contains(person))
        {
            return Reject(_person, $"client {FieldParsers.Show(person)} is not in Client.csv.");
        }

        if (!projects.ContainsKey(project))
        {
            return Reject(_project, $"project {FieldParsers.Show(project)} is not in Project.csv.");
        }

        enrollments.Add(new HmisEnrollment(id, person, project, entry, living, moveIn));
        return true;
    }
}

internal sealed class HmisExitWorker(ColumnMap map, Dictionary<string, HmisExit> exits) : HmisWorker(map)
{
    private readonly int _enrollment = map["EnrollmentID"], _date = map["ExitDate"], _destination = map["Destination"];

    protected override bool Process(in Fields row)
    {
        if (IsDeleted(row))
        {
            return true;
        }

        if (!TryId(row, _enrollment, out var enrollment) || !TryDate(row, _date, out var day)
            || !TryOptionalInt(row, _destination, out var destination))
        {
            return false;
        }

        exits[enrollment] = new HmisExit(enrollment, day, destination);
        return true;
    }
}

internal sealed class HmisLivingSituationWorker(ColumnMap map, List<HmisLivingSituation> situations) : HmisWorker(map)
{
    private readonly int _id = map["CurrentLivingSitID"], _person = map["PersonalID"], _date = map["InformationDate"],
        _situation = map["CurrentLivingSituation"];

    protected override bool Process(in Fields row)
    {
        if (IsDeleted(row))
        {
            return true;
        }

        if (!TryId(row, _person, out var person) || !TryDate(row, _date, out var day) || !TryOptionalInt(row, _situation, out var code))
        {
            return false;
        }

        if (code is { } c)
        {
            situations.Add(new HmisLivingSituation(person, row[_id].Trim().ToString(), day, c));
        }

        return true;
    }
}
