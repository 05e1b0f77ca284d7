using CareHub.Network;

namespace CareHub.Web.Pages.Network;

/// <summary>Words and tag classes the provider network pages share.</summary>
public static class NetworkLabels
{
    public static string StatusTag(string status) => status switch
    {
        ApplicationStatus.Certified => "tag ok",
        ApplicationStatus.GapClosure => "tag bad",
        ApplicationStatus.Submitted => "tag warn",
        _ => "tag",
    };

    public static string Decision(string decision) => decision switch
    {
        LetterResponse.Invite => "Invited to apply",
        LetterResponse.Decline => "Declined",
        _ => "Waiting for the plan",
    };

    public static string DecisionTag(string decision) => decision switch
    {
        LetterResponse.Invite => "tag ok",
        LetterResponse.Decline => "tag bad",
        _ => "tag warn",
    };

    public static string Errors(IReadOnlyDictionary<string, string[]>? errors, string? message) =>
        errors is { Count: > 0 } ? string.Join(" ", errors.SelectMany(e => e.Value)) : message ?? "Something went wrong.";
}
