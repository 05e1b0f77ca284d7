namespace CareHub.Identification.Input.Hmis;

internal sealed record HmisClient(string PersonalId, string FirstName, string LastName, int? BirthDay, int BirthQuality, short Ssn4, int SsnQuality, int NameQuality);

internal sealed record HmisEnrollment(string EnrollmentId, string PersonalId, string ProjectId, int EntryDay, int? LivingSituation, int? MoveInDay);

internal sealed record HmisExit(string EnrollmentId, int ExitDay, int? Destination);

internal sealed record HmisProject(string ProjectId, string Name, int ProjectType);

internal sealed record HmisLivingSituation(string PersonalId, string Id, int Day, int Situation);

/// <summary>HUD HMIS code lists that decide "homeless" (FY2024; see docs/hmis.md).</summary>
internal static class HmisCodes
{
    /// <summary>Project types whose enrollment means the client is homeless while enrolled: emergency shelter
    /// (0, 1), transitional housing (2), street outreach (4), safe haven (8).</summary>
    public static bool IsHomelessProject(int type) => type is 0 or 1 or 2 or 4 or 8;

    /// <summary>Permanent housing (PSH 3, PH 9/10, RRH 13): homeless until the move-in date.</summary>
    public static bool IsPermanentHousing(int type) => type is 3 or 9 or 10 or 13;

    public static bool IsValidProjectType(int type) => type is >= 0 and <= 14 and not 5;

    /// <summary>Living situations 100-199 are homeless situations (FY2024 numbering).</summary>
    public static bool IsHomelessSituation(int code) => code is >= 100 and <= 199;

    public static string ProjectTypeWords(int type) => type switch
    {
        0 => "emergency shelter",
        1 => "emergency shelter, night-by-night",
        2 => "transitional housing",
        3 => "permanent supportive housing",
        4 => "street outreach",
        6 => "services only",
        7 => "other",
        8 => "safe haven",
        9 => "permanent housing",
        10 => "permanent housing with services",
        11 => "day shelter",
        12 => "homelessness prevention",
        13 => "rapid re-housing",
        14 => "coordinated entry",
        _ => $"project type {type}",
    };

    public static string SituationWords(int code) => code switch
    {
        101 => "emergency shelter",
        116 => "a place not meant for habitation",
        118 => "a safe haven",
        _ => $"homeless situation {code}",
    };
}
