namespace CareHub.Members;

/// <summary>An effective-dated period of plan enrollment. <see cref="End"/> is inclusive; null while open.</summary>
public sealed class EnrollmentSpan : IMemberData
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MemberId { get; set; }
    public Guid PlanId { get; set; }
    public required string County { get; set; }
    public string? AidCode { get; set; }
    public string? HealthNetwork { get; set; }
    public bool IsDual { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly? End { get; set; }

    public bool Covers(DateOnly date) => Start <= date && (End is null || date <= End);
}
