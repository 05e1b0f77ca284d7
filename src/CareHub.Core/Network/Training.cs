namespace CareHub.Network;

/// <summary>A training topic a plan requires of its ECM and Community Supports providers' staff.</summary>
public sealed record TrainingTopic(string Topic, string Title);

/// <summary>The usual required topics (the plans' training programs: ECM and Community Supports 101, assessment
/// and care planning, outreach, transitions, trauma-informed care, person-centred planning, SMI/SUD, housing
/// readiness, health needs of the unhoused, data exchange and billing), and the rule that a contract cannot start
/// before every required topic has a completion.</summary>
public static class TrainingRules
{
    public static readonly IReadOnlyList<TrainingTopic> DefaultRequired =
    [
        new("program-overview", "ECM and Community Supports 101"),
        new("assessment-care-planning", "Assessment and care planning in ECM"),
        new("outreach-engagement", "Outreach and engagement in ECM"),
        new("care-coordination-transitions", "Care coordination and transitions of care"),
        new("trauma-informed-care", "Trauma-informed care"),
        new("person-centered-planning", "Person-centered planning"),
        new("smi-sud", "Working with people with serious mental illness and substance use disorders"),
        new("housing-readiness", "Housing readiness strategies"),
        new("unhoused-health-needs", "Medical health needs of the unhoused"),
        new("data-exchange-billing", "Data exchange, claims and billing"),
    ];

    public static bool IsKnown(string? topic) => topic is not null && DefaultRequired.Any(t => t.Topic == topic);

    /// <summary>Required topics with no completion on or before the date.</summary>
    public static IReadOnlyList<TrainingTopic> Missing(IEnumerable<TrainingTopic> required, IEnumerable<(string Topic, DateOnly CompletedOn)> completions, DateOnly onOrBefore)
    {
        var done = completions.Where(c => c.CompletedOn <= onOrBefore).Select(c => c.Topic).ToHashSet(StringComparer.Ordinal);
        return [.. required.Where(t => !done.Contains(t.Topic))];
    }
}

/// <summary>What a plan must have before a contract with a provider may start.</summary>
public static class ContractRules
{
    /// <summary>What is missing, in words a contract manager can act on; empty when the contract may start.</summary>
    public static IReadOnlyList<string> Missing(bool coversEcm, bool certified, IReadOnlyList<TrainingTopic> missingTraining)
    {
        var missing = new List<string>();
        if (coversEcm && !certified)
        {
            missing.Add("ECM certification: the provider has no certified application with this plan and the plan has not accepted another plan's certification");
        }

        if (missingTraining.Count > 0)
        {
            missing.Add("required training: " + string.Join(", ", missingTraining.Select(t => $"{t.Title} ({t.Topic})")));
        }

        return missing;
    }
}
