namespace CareHub.Exchange;

/// <summary>INS03 maintenance types CareHub applies.</summary>
public static class MaintenanceTypes
{
    public const string Change = "001";
    public const string Addition = "021";
    public const string Termination = "024";
    public const string Reinstatement = "025";
    public const string AuditOrCompare = "030";

    public static string Describe(string code) => code switch
    {
        Change => "change",
        Addition => "addition",
        Termination => "termination",
        Reinstatement => "reinstatement",
        AuditOrCompare => "audit or compare",
        _ => code,
    };
}

/// <summary>
/// One member loop (2000) of an 834: maintenance type (INS03), member id (REF*0F), name (NM1*IL), birth date and sex
/// (DMG), address (N3/N4) with the county's FIPS code (N405 = CY, N406), and coverage dates (DTP*348 begin,
/// DTP*349 end, inclusive). <see cref="SegmentNumber"/> is the INS segment's number in the file.
/// </summary>
public sealed record EnrollmentRecord(
    int SegmentNumber,
    string MaintenanceType,
    string MemberId,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string? Sex,
    string? Address,
    string? City,
    string? State,
    string? Zip,
    string? CountyFips,
    string? County,
    DateOnly? CoverageStart,
    DateOnly? CoverageEnd);

/// <summary>
/// Reads a benefit enrollment and maintenance file (834, 005010X220A1). Every member loop must have INS with a
/// known maintenance type, REF*0F, NM1*IL; an addition needs DTP*348, a termination DTP*349. Any problem rejects the
/// file, naming the segment.
/// </summary>
public static class Enrollment834
{
    public const string Version = "005010X220A1";

    public static (IReadOnlyList<EnrollmentRecord> Records, X12Error? Error) Read(string text)
    {
        var read = X12Reader.Read(text);
        if (read.Interchange is not { } interchange)
        {
            return ([], read.Error);
        }

        try
        {
            var records = new List<EnrollmentRecord>();
            foreach (var group in interchange.Groups)
            {
                if (group.FunctionalId != "BE" || group.Version != Version)
                {
                    throw X12Reader.Fail(group.Header, $"expected GS01 BE and GS08 {Version}, found {group.FunctionalId} and {group.Version}.");
                }

                foreach (var t in group.Transactions)
                {
                    if (t.Code != "834")
                    {
                        throw X12Reader.Fail(t.Header, $"ST01 is '{t.Code}'; expected 834.");
                    }

                    records.AddRange(ReadMembers(t));
                }
            }

            return (records, null);
        }
        catch (X12FormatException ex)
        {
            return ([], ex.Error);
        }
    }

    private static List<EnrollmentRecord> ReadMembers(X12Transaction t)
    {
        var result = new List<EnrollmentRecord>();
        X12Segment? ins = null;
        EnrollmentRecord? current = null;
        var inName = false;
        var inCoverage = false;

        void Flush()
        {
            if (ins is null || current is null)
            {
                return;
            }

            if (current.MemberId.Length == 0)
            {
                throw X12Reader.Fail(ins, "the member loop has no REF*0F (subscriber id).");
            }

            if (current.LastName.Length == 0)
            {
                throw X12Reader.Fail(ins, $"member {current.MemberId} has no NM1*IL (name).");
            }

            if (current.MaintenanceType == MaintenanceTypes.Addition && current.CoverageStart is null)
            {
                throw X12Reader.Fail(ins, $"the addition of member {current.MemberId} has no DTP*348 (coverage begin).");
            }

            if (current.MaintenanceType == MaintenanceTypes.Termination && current.CoverageEnd is null)
            {
                throw X12Reader.Fail(ins, $"the termination of member {current.MemberId} has no DTP*349 (coverage end).");
            }

            if (current.CoverageStart is { } s && current.CoverageEnd is { } e && e < s)
            {
                throw X12Reader.Fail(ins, $"member {current.MemberId}: coverage ends ({e:yyyy-MM-dd}) before it begins ({s:yyyy-MM-dd}).");
            }

            result.Add(current);
        }

        foreach (var s in t.Body)
        {
            switch (s.Id)
            {
                case "INS":
                    Flush();
                    if (s[1] is not ("Y" or "N"))
                    {
                        throw X12Reader.Fail(s, $"INS01 '{s[1]}' must be Y (subscriber) or N (dependent).");
                    }

                    if (s[3] is not (MaintenanceTypes.Change or MaintenanceTypes.Addition or MaintenanceTypes.Termination or MaintenanceTypes.Reinstatement or MaintenanceTypes.AuditOrCompare))
                    {
                        throw X12Reader.Fail(s, $"INS03 '{s[3]}' is not a maintenance type CareHub applies (001 change, 021 addition, 024 termination, 025 reinstatement, 030 audit).");
                    }

                    ins = s;
                    current = new EnrollmentRecord(s.Number, s[3], "", "", "", null, null, null, null, null, null, null, null, null, null);
                    inName = false;
                    inCoverage = false;
                    break;
                case "REF" when current is not null && s[1] == "0F":
                    if (string.IsNullOrWhiteSpace(s[2]) || s[2].Length > 50)
                    {
                        throw X12Reader.Fail(s, "REF02 (subscriber id) must be 1 to 50 characters.");
                    }

                    current = current with { MemberId = s[2].Trim() };
                    break;
                case "NM1" when current is not null:
                    inName = s[1] == "IL";
                    if (inName)
                    {
                        if (string.IsNullOrWhiteSpace(s[3]) || s[3].Length > 60 || s[4].Length > 35)
                        {
                            throw X12Reader.Fail(s, "NM103 (last name, 1 to 60 characters) is required; NM104 (first name) is at most 35.");
                        }

                        current = current with { LastName = s[3].Trim(), FirstName = s[4].Trim() };
                    }

                    break;
                case "N3" when current is not null && inName:
                    current = current with { Address = Join(s[1], s[2]) };
                    break;
                case "N4" when current is not null && inName:
                    string? fips = null;
                    string? county = null;
                    if (s[5] == "CY")
                    {
                        county = CaliforniaCounties.FromFips(s[6]);
                        if (county is null)
                        {
                            throw X12Reader.Fail(s, $"N406 '{s[6]}' is not the FIPS code of a California county (06001 to 06115, or 001 to 115).");
                        }

                        fips = CaliforniaCounties.Fips(county);
                    }
                    else if (s[5].Length > 0)
                    {
                        throw X12Reader.Fail(s, $"N405 '{s[5]}' is not CY (county).");
                    }

                    current = current with { City = s[1], State = s[2], Zip = s[3], CountyFips = fips, County = county };
                    break;
                case "DMG" when current is not null:
                    if (s[1] != "D8")
                    {
                        throw X12Reader.Fail(s, $"DMG01 '{s[1]}' must be D8.");
                    }

                    if (s[3] is not ("F" or "M" or "U"))
                    {
                        throw X12Reader.Fail(s, $"DMG03 '{s[3]}' must be F, M or U.");
                    }

                    current = current with { BirthDate = X12Reader.Date(s, 2, "The birth date"), Sex = s[3] };
                    break;
                case "HD":
                    inName = false;
                    inCoverage = true;
                    break;
                case "DTP" when current is not null && inCoverage && s[1] == "348":
                    current = current with { CoverageStart = Dtp(s) };
                    break;
                case "DTP" when current is not null && inCoverage && s[1] == "349":
                    current = current with { CoverageEnd = Dtp(s) };
                    break;
            }
        }

        Flush();
        return result;
    }

    private static DateOnly Dtp(X12Segment s) =>
        s[2] == "D8" ? X12Reader.Date(s, 3, $"DTP*{s[1]} date") : throw X12Reader.Fail(s, $"DTP02 '{s[2]}' must be D8.");

    private static string Join(string a, string b) => string.IsNullOrEmpty(b) ? a : $"{a} {b}";
}

/// <summary>California's 58 counties and their FIPS codes (06 + an odd number from 001 to 115, in alphabetical order).</summary>
public static class CaliforniaCounties
{
    public static readonly IReadOnlyList<string> Names = CareHub.Identification.Input.Vocabularies.Counties;

    /// <summary>"06037" for Los Angeles; null for a name that is not a California county.</summary>
    public static string? Fips(string county)
    {
        var i = Names.ToList().FindIndex(n => string.Equals(n, county.Trim(), StringComparison.OrdinalIgnoreCase));
        return i < 0 ? null : $"06{(2 * i) + 1:000}";
    }

    /// <summary>The county for "06037" or "037"; null when the code names no California county.</summary>
    public static string? FromFips(string code)
    {
        var c = code.Trim();
        if (c.Length == 5 && c.StartsWith("06", StringComparison.Ordinal))
        {
            c = c[2..];
        }

        if (c.Length != 3 || !int.TryParse(c, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n % 2 == 0)
        {
            return null;
        }

        var i = (n - 1) / 2;
        return i < Names.Count ? Names[i] : null;
    }
}
