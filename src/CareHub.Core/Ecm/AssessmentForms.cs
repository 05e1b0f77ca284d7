namespace CareHub.Ecm;

public sealed record AssessmentQuestion(string Code, string Text, IReadOnlyList<string>? Choices = null, bool Required = true, string? NeedWhen = null)
{
    /// <summary>Free text when there are no choices.</summary>
    public bool IsText => Choices is null;
}

public sealed record AssessmentSection(string Code, string Title, IReadOnlyList<AssessmentQuestion> Questions);

/// <summary>A versioned assessment form. Saved assessments name the form code and version they were made with.</summary>
public sealed record AssessmentForm(string Code, int Version, string Title, DateOnly EffectiveFrom, IReadOnlyList<AssessmentSection> Sections)
{
    public IEnumerable<AssessmentQuestion> Questions => Sections.SelectMany(s => s.Questions);

    /// <summary>Problems by question code; empty when the answers can be saved.</summary>
    public IReadOnlyDictionary<string, string[]> Validate(IReadOnlyDictionary<string, string?> answers)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var q in Questions)
        {
            var value = answers.GetValueOrDefault(q.Code)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (q.Required)
                {
                    errors[q.Code] = [$"Answer \"{q.Text}\"."];
                }

                continue;
            }

            if (q.Choices is { } choices && !choices.Contains(value))
            {
                errors[q.Code] = [$"\"{value}\" is not one of the answers to \"{q.Text}\" ({string.Join(", ", choices)})."];
            }

            if (q.IsText && value.Length > 4000)
            {
                errors[q.Code] = [$"The answer to \"{q.Text}\" is longer than 4,000 characters."];
            }
        }

        foreach (var code in answers.Keys.Where(k => Questions.All(q => q.Code != k)))
        {
            errors[code] = [$"\"{code}\" is not a question of {Code} version {Version}."];
        }

        return errors;
    }

    /// <summary>The social needs the standard screen found (question codes whose answer signals a need).</summary>
    public IReadOnlyList<string> SocialNeeds(IReadOnlyDictionary<string, string?> answers) =>
        [.. Questions.Where(q => q.NeedWhen is not null && q.NeedWhen.Split('|').Contains(answers.GetValueOrDefault(q.Code)?.Trim())).Select(q => q.Code)];
}

/// <summary>
/// The comprehensive assessment forms. Version 1 covers physical, behavioral and social needs; its social needs
/// section follows the CMS Accountable Health Communities health-related social needs screening questions
/// (living situation, food, transportation, utilities, safety).
/// </summary>
public static class AssessmentForms
{
    public const string Comprehensive = "ecm-comprehensive";

    private static readonly string[] _yesNo = ["yes", "no"];
    private static readonly string[] _oftenSometimesNever = ["often true", "sometimes true", "never true"];

    public static readonly AssessmentForm ComprehensiveV1 = new(Comprehensive, 1, "ECM comprehensive assessment", new DateOnly(2022, 1, 1),
    [
        new("physical", "Physical health",
        [
            new("chronic-conditions", "Chronic conditions the member lives with"),
            new("medications", "Current medications and how the member takes them", Required: false),
            new("pcp", "Does the member have a primary care provider they see?", _yesNo),
            new("recent-hospital", "Any hospital stay or emergency visit in the last 6 months?", _yesNo),
        ]),
        new("behavioral", "Behavioral health",
        [
            new("phq2-interest", "Little interest or pleasure in doing things, over the last 2 weeks", ["not at all", "several days", "more than half the days", "nearly every day"]),
            new("phq2-down", "Feeling down, depressed or hopeless, over the last 2 weeks", ["not at all", "several days", "more than half the days", "nearly every day"]),
            new("substance-use", "Alcohol or drug use the member wants help with?", _yesNo),
            new("behavioral-notes", "Behavioral health notes", Required: false),
        ]),
        new("social", "Social needs (standard screen)",
        [
            new("living-situation", "What is your living situation today?",
                ["steady place to live", "steady place now but worried about losing it", "no steady place to live"],
                NeedWhen: "steady place now but worried about losing it|no steady place to live"),
            new("food-worry", "Within the past 12 months, you worried that your food would run out before you got money to buy more.", _oftenSometimesNever, NeedWhen: "often true|sometimes true"),
            new("transportation", "In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or getting things needed for daily living?", _yesNo, NeedWhen: "yes"),
            new("utilities", "In the past 12 months, has the electric, gas, oil or water company threatened to shut off services in your home?", ["yes", "no", "already shut off"], NeedWhen: "yes|already shut off"),
            new("safety", "Does anyone, including family and friends, physically hurt you or threaten you?", ["never", "rarely", "sometimes", "fairly often", "frequently"], NeedWhen: "sometimes|fairly often|frequently"),
        ]),
        new("member", "In the member's words",
        [
            new("member-goals", "What matters most to you right now?"),
        ]),
    ]);

    public static readonly IReadOnlyList<AssessmentForm> All = [ComprehensiveV1];

    /// <summary>The form version to use for a new assessment on <paramref name="date"/>.</summary>
    public static AssessmentForm Current(DateOnly date) =>
        All.Where(f => f.EffectiveFrom <= date).OrderByDescending(f => f.Version).First();

    /// <summary>What a social need found by the screen is called on the page.</summary>
    public static string NeedLabel(string code) => code switch
    {
        "living-situation" => "Housing",
        "food-worry" => "Food",
        "transportation" => "Transportation",
        "utilities" => "Utilities",
        "safety" => "Personal safety",
        _ => code,
    };

    public static AssessmentForm? Find(string code, int version) => All.FirstOrDefault(f => f.Code == code && f.Version == version);
}
