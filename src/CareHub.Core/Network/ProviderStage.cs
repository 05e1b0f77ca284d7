namespace CareHub.Network;

/// <summary>Where a provider stands with a plan, from its letter of interest to a contract (the readiness
/// dashboard's columns, in order).</summary>
public static class ProviderStage
{
    public const string Loi = "loi";
    public const string Invited = "invited";
    public const string Applying = "applying";
    public const string GapClosure = "gap-closure";
    public const string Certified = "certified";
    public const string Trained = "trained";
    public const string Contracted = "contracted";

    public static readonly IReadOnlyList<string> Ordered = [Loi, Invited, Applying, GapClosure, Certified, Trained, Contracted];

    public static string Label(string stage) => stage switch
    {
        Loi => "Letter of interest",
        Invited => "Invited to apply",
        Applying => "Applying",
        GapClosure => "In gap closure",
        Certified => "Certified",
        Trained => "Trained",
        Contracted => "Contracted",
        _ => stage,
    };

    /// <summary>The furthest stage reached: a contract beats training, training (after certification) beats
    /// certification, and so on back to a letter the plan has not answered.</summary>
    public static string Of(bool invited, string? applicationStatus, bool certified, bool trained, bool contracted)
    {
        if (contracted)
        {
            return Contracted;
        }

        if (certified)
        {
            return trained ? Trained : Certified;
        }

        return applicationStatus switch
        {
            ApplicationStatus.GapClosure => GapClosure,
            ApplicationStatus.Draft or ApplicationStatus.Submitted => Applying,
            _ => invited ? Invited : Loi,
        };
    }
}
