namespace CareHub.Ecm;

/// <summary>
/// How many ECM cases one plan has in one status with one provider, kept by the database as cases are added, move
/// or are removed, so the queue's status counts and the providers' caseloads read a few rows however many cases there
/// are. Cases without a provider are counted under <see cref="Guid.Empty"/>.
/// </summary>
public sealed class EcmCaseCount
{
    public Guid PlanId { get; set; }

    /// <summary>The case's provider, or <see cref="Guid.Empty"/> for cases with none.</summary>
    public Guid ProviderId { get; set; }

    public EcmStatus Status { get; set; }

    public int Count { get; set; }
}
