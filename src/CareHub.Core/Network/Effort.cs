namespace CareHub.Network;

/// <summary>The provider's self-assessed effort to meet an area (the plan's readiness survey's scale).</summary>
public static class Effort
{
    public const string NoEffort = "no-effort";
    public const string Low = "low-effort";
    public const string Medium = "medium-effort";
    public const string High1 = "high-effort-1";
    public const string High2 = "high-effort-2";

    public static readonly IReadOnlyList<string> All = [NoEffort, Low, Medium, High1, High2];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code);

    public static string Label(string? code) => code switch
    {
        NoEffort => "No effort",
        Low => "Low effort",
        Medium => "Medium effort",
        High1 => "High effort 1: will definitely require assistance",
        High2 => "High effort 2: concern we cannot meet",
        _ => "Not rated",
    };
}
