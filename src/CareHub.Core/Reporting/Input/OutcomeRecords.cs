namespace CareHub.Reporting.Input;

/// <summary>What an outcome comparison needs of one member read from files: death, enrollment (plan data only) and
/// the dates of ED visits and unplanned inpatient admissions.</summary>
public sealed class OutcomeRecords
{
    public DateOnly? Death { get; set; }

    /// <summary>Enrollment spans; null when the source has no enrollment (Synthea).</summary>
    public List<DateWindow>? Enrolled { get; set; }

    public List<DateOnly> EdDates { get; } = [];

    public List<DateOnly> AdmissionDates { get; } = [];

    internal void Merge(OutcomeRecords other)
    {
        if (other.Enrolled is { } spans)
        {
            (Enrolled ??= []).AddRange(spans);
        }

        EdDates.AddRange(other.EdDates);
        AdmissionDates.AddRange(other.AdmissionDates);
    }
}
