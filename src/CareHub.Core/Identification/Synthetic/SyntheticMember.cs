namespace CareHub.Identification.Synthetic;

/// <summary>The kinds of visits the generator writes; each becomes claim lines (plan data) or one encounter (Synthea).</summary>
internal enum VisitKind : byte
{
    Office,
    Lab,
    Emergency,
    Inpatient,
    ElectiveInpatient,
    Snf,
    Behavioral,
    Crisis,
    Prenatal,
    Delivery,
}

internal sealed record Visit(DateOnly Date, VisitKind Kind, string[] Diagnoses, int Days);

internal sealed record EnrollmentSpanModel(DateOnly Start, DateOnly? End, string County, string Network, bool Dual, string AidCode);

internal sealed record ProgramModel(string Program, DateOnly Start, DateOnly? End, string Id);

internal sealed record ReleaseModel(DateOnly Date, string FacilityType, string FacilityName, string Id);

internal sealed record NursingStayModel(DateOnly Admission, DateOnly? Discharge, string Id, string Facility);

/// <summary>An HMIS identity (possibly with typos) and the client's enrollments.</summary>
internal sealed record HmisClientModel(string PersonalId, string FirstName, string LastName, DateOnly? Dob, int DobQuality, string Ssn, int SsnQuality, int NameQuality, bool Female, IReadOnlyList<HmisEnrollmentModel> Enrollments);

internal sealed record HmisEnrollmentModel(string EnrollmentId, string ProjectId, int ProjectType, DateOnly Entry, int LivingSituation, DateOnly? MoveIn, DateOnly? Exit, int? Destination);

/// <summary>One synthetic member and everything the generator writes about them.</summary>
internal sealed class SyntheticMember
{
    public required int Index { get; init; }
    public required string PlanId { get; init; }
    public required string SyntheaId { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required bool Female { get; init; }
    public required DateOnly Birth { get; init; }
    public DateOnly? Death { get; set; }
    public required string Race { get; init; }
    public required string Ethnicity { get; init; }
    public required string Ssn { get; init; }
    public required string Zip { get; init; }
    public required string City { get; init; }
    public List<EnrollmentSpanModel> Spans { get; } = [];
    public List<Visit> Visits { get; } = [];
    public List<ProgramModel> Programs { get; } = [];
    public List<ReleaseModel> Releases { get; } = [];
    public List<NursingStayModel> NursingStays { get; } = [];
    public HmisClientModel? Hmis { get; set; }

    public EnrollmentSpanModel Current => Spans[^1];
}
