namespace CareHub.Members;

/// <summary>One service event from a claim or encounter record (utilization), as the plan received it.</summary>
public sealed class Encounter : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }

    /// <summary>The source system's id for the claim or encounter line.</summary>
    public required string SourceId { get; set; }

    /// <summary>emergency, inpatient, snf, outpatient, ambulatory, wellness, ...</summary>
    public required string EncounterClass { get; set; }

    public DateOnly ServiceDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? PrimaryDiagnosis { get; set; }
    public string? Description { get; set; }
    public decimal PaidAmount { get; set; }
}
