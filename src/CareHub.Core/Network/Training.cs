namespace CareHub.Network;

/// <summary>A training topic a plan requires of its ECM and Community Supports providers' staff.</summary>
public sealed record TrainingTopic(string Topic, string Title);

/// <summary>One topic a plan requires, in the plan's order. A plan with none requires the usual topics.</summary>
public sealed class PlanTrainingTopic
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public required string Topic { get; set; }
    public required string Title { get; set; }
    public int Position { get; set; }
}

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

    public const int MaxTopics = 40;

    public static bool IsKnown(string? topic) => topic is not null && DefaultRequired.Any(t => t.Topic == topic);

    /// <summary>A plan's required topics: the ones it chose, or the usual ones until it chooses.</summary>
    public static IReadOnlyList<TrainingTopic> RequiredFor(IReadOnlyList<TrainingTopic> planTopics) => planTopics.Count > 0 ? planTopics : DefaultRequired;

    /// <summary>The problems of a plan's list of required topics by field; empty when it is fine. A topic is a code of
    /// lowercase letters, digits and dashes (2 to 60 characters) with a title of at most 200 characters; a usual topic
    /// may be given by its code alone (its usual title is used).</summary>
    public static Dictionary<string, string[]> Validate(IReadOnlyList<TrainingTopic?>? topics)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (topics is not { Count: > 0 })
        {
            errors["items"] = ["Give at least one required topic."];
            return errors;
        }

        if (topics.Count > MaxTopics)
        {
            errors["items"] = [$"At most {MaxTopics} required topics; {topics.Count} given."];
            return errors;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < topics.Count; i++)
        {
            var t = topics[i];
            var code = t?.Topic?.Trim() ?? "";
            if (code.Length is < 2 or > 60 || !code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                errors[$"items[{i}].topic"] = [$"A topic code is 2 to 60 lowercase letters, digits and dashes, like trauma-informed-care; got '{code}'."];
            }
            else if (!seen.Add(code))
            {
                errors[$"items[{i}].topic"] = [$"'{code}' is listed twice."];
            }

            var title = t?.Title?.Trim() ?? "";
            if (title.Length == 0 && !IsKnown(code))
            {
                errors[$"items[{i}].title"] = [$"Give a title for '{code}'."];
            }
            else if (title.Length > 200 || title.Any(char.IsControl))
            {
                errors[$"items[{i}].title"] = ["A title is one line of at most 200 characters."];
            }
        }

        return errors;
    }

    /// <summary>The list as stored: trimmed, usual titles filled in.</summary>
    public static IReadOnlyList<TrainingTopic> Normalize(IReadOnlyList<TrainingTopic?> topics) =>
        [.. topics.OfType<TrainingTopic>().Select(t => (Code: t.Topic.Trim(), Title: t.Title?.Trim() ?? ""))
            .Select(t => new TrainingTopic(t.Code, t.Title.Length > 0 ? t.Title : DefaultRequired.First(d => d.Topic == t.Code).Title))];

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
