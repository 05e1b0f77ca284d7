using System.Globalization;

namespace CareHub.Identification.Synthetic;

/// <summary>Writes HMIS CSV rows (FY2024 column names; a subset of the columns of each file).</summary>
internal static class HmisEmitter
{
    public static readonly OutputTable Client = OutputTable.Of("Client",
        "PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality", "SSN", "SSNDataQuality", "DOB",
        "DOBDataQuality", "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinaeo", "MidEastNAfrican", "NativeHIPacific",
        "White", "RaceNone", "Woman", "Man", "NonBinary", "VeteranStatus", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID");

    public static readonly OutputTable Enrollment = OutputTable.Of("Enrollment",
        "EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH", "EnrollmentCoC", "LivingSituation",
        "DisablingCondition", "MoveInDate", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID");

    public static readonly OutputTable Exit = OutputTable.Of("Exit",
        "ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DestinationSubsidyType", "DateCreated", "DateUpdated",
        "UserID", "DateDeleted", "ExportID");

    public static readonly OutputTable Project = OutputTable.Of("Project",
        "ProjectID", "OrganizationID", "ProjectName", "ProjectCommonName", "OperatingStartDate", "OperatingEndDate", "ContinuumProject",
        "ProjectType", "HousingType", "RRHSubType", "ResidentialAffiliation", "TargetPopulation", "HOPWAMedAssistedLivingFac", "PITCount",
        "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID");

    public static readonly OutputTable Export = OutputTable.Of("Export",
        "ExportID", "SourceType", "SourceID", "SourceName", "SourceContactFirst", "SourceContactLast", "SourceContactPhone",
        "SourceContactExtension", "SourceContactEmail", "ExportDate", "ExportStartDate", "ExportEndDate", "SoftwareName",
        "SoftwareVersion", "CSVVersion", "ExportPeriodType", "ExportDirective", "HashStatus", "ImplementationID");

    /// <summary>Tables written per client, in emit order.</summary>
    public static readonly OutputTable[] Tables = [Client, Enrollment, Exit];

    private const string ExportId = "1001";

    public static void Emit(HmisClientModel c, string race, RowOutput[] outputs)
    {
        var (clients, enrollments, exits) = (outputs[0], outputs[1], outputs[2]);
        var created = c.Enrollments.Min(e => e.Entry);
        clients.Text(c.PersonalId);
        clients.Text(c.FirstName);
        clients.Text("");
        clients.Text(c.LastName);
        clients.Text("");
        clients.Int(c.NameQuality);
        clients.Text(c.Ssn);
        clients.Int(c.SsnQuality);
        clients.Date(c.Dob);
        clients.Int(c.DobQuality);
        foreach (var flag in new[] { "american-indian-alaska-native", "asian", "black", "hispanic", "mena", "pacific-islander", "white" })
        {
            clients.Int(flag == race ? 1 : 0);
        }

        clients.Text(race is "unknown" or "other" or "multiracial" ? "8" : "");
        clients.Int(c.Female ? 1 : 0);
        clients.Int(c.Female ? 0 : 1);
        clients.Int(0);
        clients.Int(0);
        clients.DateTime(created, 9 * 3600, iso: false);
        clients.DateTime(created, 9 * 3600, iso: false);
        clients.Text("U01");
        clients.Text("");
        clients.Text(ExportId);
        clients.End();

        foreach (var e in c.Enrollments)
        {
            enrollments.Text(e.EnrollmentId);
            enrollments.Text(c.PersonalId);
            enrollments.Text(e.ProjectId);
            enrollments.Date(e.Entry);
            enrollments.Text("H" + e.EnrollmentId);
            enrollments.Int(1);
            enrollments.Text("CA-600");
            enrollments.Int(e.LivingSituation);
            enrollments.Int(1);
            enrollments.Date(e.MoveIn);
            enrollments.DateTime(e.Entry, 10 * 3600, iso: false);
            enrollments.DateTime(e.Exit ?? e.Entry, 10 * 3600, iso: false);
            enrollments.Text("U01");
            enrollments.Text("");
            enrollments.Text(ExportId);
            enrollments.End();
            if (e.Exit is { } exit)
            {
                exits.Text("X" + e.EnrollmentId);
                exits.Text(e.EnrollmentId);
                exits.Text(c.PersonalId);
                exits.Date(exit);
                exits.Int(e.Destination);
                exits.Text("");
                exits.DateTime(exit, 11 * 3600, iso: false);
                exits.DateTime(exit, 11 * 3600, iso: false);
                exits.Text("U01");
                exits.Text("");
                exits.Text(ExportId);
                exits.End();
            }
        }
    }

    public static void EmitProjects(RowOutput projects)
    {
        foreach (var (id, name, type, _) in HmisFactory.Projects)
        {
            projects.Text(id);
            projects.Text("O1");
            projects.Text(name);
            projects.Text(name);
            projects.Date(new DateOnly(2015, 1, 1));
            projects.Text("");
            projects.Int(1);
            projects.Int(type);
            projects.Text(type is 3 or 9 or 10 or 13 ? "1" : "");
            projects.Text(type == 13 ? "2" : "");
            projects.Text("");
            projects.Text("");
            projects.Text("");
            projects.Text("");
            projects.DateTime(new DateOnly(2015, 1, 1), 8 * 3600, iso: false);
            projects.DateTime(new DateOnly(2015, 1, 1), 8 * 3600, iso: false);
            projects.Text("U01");
            projects.Text("");
            projects.Text(ExportId);
            projects.End();
        }
    }

    public static void EmitExport(RowOutput export, DateOnly asOf)
    {
        string[] values =
        [
            ExportId, "1", "CA-600", "Synthetic Continuum of Care", "", "", "", "", "",
            asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 23:00:00", "2015-01-01",
            asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "CareHub generator", "1", "2024", "3", "2", "1", "SYNTH",
        ];
        foreach (var v in values)
        {
            export.Text(v);
        }

        export.End();
    }
}
