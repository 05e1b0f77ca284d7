namespace CareHub.Ecm;

/// <summary>
/// A plan's own ECM rules. Plans set these in their policies; the defaults below are what a plan starts with
/// and are shown on the settings page so nobody mistakes them for state rules.
/// </summary>
public sealed class EcmPlanSettings
{
    public Guid PlanId { get; set; }

    /// <summary>Calendar days from referral to the plan's authorization decision (the decision clock).</summary>
    public int AuthorizationDecisionDays { get; set; } = 5;

    /// <summary>Unable-to-reach rule: this many unsuccessful attempts ...</summary>
    public int UnableToReachAttempts { get; set; } = 3;

    /// <summary>... over at least this many days ...</summary>
    public int UnableToReachDays { get; set; } = 30;

    /// <summary>... with at least one in person.</summary>
    public bool UnableToReachRequiresInPerson { get; set; } = true;

    /// <summary>Follow-up due this many days after a discharge.</summary>
    public int DischargeFollowUpDays { get; set; } = 7;

    /// <summary>Months after automatic authorization (WPC/HHP) by which the member must be reassessed.</summary>
    public int ReassessmentMonths { get; set; } = 6;

    /// <summary>A case that has not changed status for this many days shows on the plan's stuck list.</summary>
    public int StuckAfterDays { get; set; } = 14;

    /// <summary>The plan allows presumptive ECM authorization: an ECM provider enrolls at once and the plan
    /// authorizes afterwards (UNCONFIRMED statewide details; off by default).</summary>
    public bool AllowPresumptiveAuthorization { get; set; }

    /// <summary>Calendar days after a presumptive enrollment within which the plan authorizes it, or it ends.</summary>
    public int PresumptiveAuthorizationDays { get; set; } = 14;

    public UnableToReachRule UnableToReach => new(UnableToReachAttempts, UnableToReachDays, UnableToReachRequiresInPerson);

    /// <summary>Problems with the values, by field; empty when they can be saved.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Range(string field, int value, int min, int max, string what)
        {
            if (value < min || value > max)
            {
                errors[field] = [$"{what} must be between {min} and {max} (was {value})."];
            }
        }

        Range(nameof(AuthorizationDecisionDays), AuthorizationDecisionDays, 1, 90, "Days to decide an authorization");
        Range(nameof(UnableToReachAttempts), UnableToReachAttempts, 1, 20, "Attempts before unable to reach");
        Range(nameof(UnableToReachDays), UnableToReachDays, 0, 365, "Days of outreach before unable to reach");
        Range(nameof(DischargeFollowUpDays), DischargeFollowUpDays, 1, 60, "Days to follow up after discharge");
        Range(nameof(ReassessmentMonths), ReassessmentMonths, 1, 24, "Months to reassessment");
        Range(nameof(StuckAfterDays), StuckAfterDays, 1, 365, "Days before a case counts as stuck");
        Range(nameof(PresumptiveAuthorizationDays), PresumptiveAuthorizationDays, 1, 90, "Days for the plan to authorize a presumptive enrollment");
        return errors;
    }
}
