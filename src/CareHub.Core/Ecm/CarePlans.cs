namespace CareHub.Ecm;

/// <summary>A care plan save as submitted, with the version the editor started from.</summary>
public sealed record CarePlanDraft(int BaseVersion, string? ProblemsAndGoals, IReadOnlyList<CarePlanIntervention> Interventions, string? MemberWords, string? ProgressNotes);

public static class CarePlans
{
    /// <summary>The longest problems and goals, and the longest progress notes, a care plan version holds.</summary>
    public const int MaxLongText = 8000;

    /// <summary>Problems by field; empty when the draft can be saved.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(CarePlanDraft draft)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(draft.ProblemsAndGoals))
        {
            errors["problemsAndGoals"] = ["Write at least one problem or goal."];
        }
        else if (draft.ProblemsAndGoals.Length > MaxLongText)
        {
            errors["problemsAndGoals"] = ["Problems and goals are longer than 8,000 characters."];
        }

        for (var i = 0; i < draft.Interventions.Count; i++)
        {
            var x = draft.Interventions[i];
            if (string.IsNullOrWhiteSpace(x.Text))
            {
                errors[$"interventions[{i}].text"] = [$"Intervention {i + 1}: describe what will be done."];
            }

            if (string.IsNullOrWhiteSpace(x.Owner))
            {
                errors[$"interventions[{i}].owner"] = [$"Intervention {i + 1}: name who owns it."];
            }

            if (x.DueDate is null)
            {
                errors[$"interventions[{i}].dueDate"] = [$"Intervention {i + 1}: give a due date."];
            }
        }

        if (draft.BaseVersion < 0)
        {
            errors["baseVersion"] = ["The version you started from must be 0 (new care plan) or more."];
        }

        return errors;
    }

    /// <summary>
    /// Null when a draft started from <paramref name="baseVersion"/> may be saved over <paramref name="latestVersion"/>;
    /// otherwise the conflict message. Saves never overwrite: the new version is <c>latestVersion + 1</c>.
    /// </summary>
    public static string? Conflict(int baseVersion, int latestVersion, string? latestSavedBy, DateTimeOffset? latestSavedAt) =>
        baseVersion == latestVersion ? null
            : $"Someone else saved the care plan while you were editing: version {latestVersion} was saved by {latestSavedBy ?? "another user"}"
              + (latestSavedAt is { } at ? $" at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "")
              + $", and you started from version {baseVersion}. Your text is kept below: review version {latestVersion} and save again.";
}
