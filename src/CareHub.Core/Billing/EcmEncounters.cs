namespace CareHub.Billing;

/// <summary>Something an ECM provider did for a member on a day that the state counts as an encounter: an outreach
/// attempt (<see cref="EcmEncounterCoding.Outreach"/>, with how it was made) or care management
/// (<see cref="EcmEncounterCoding.CareManagement"/>: a completed assessment, a care plan version).</summary>
/// <param name="Source">Where it was recorded: <c>outreach</c>, <c>outreach-file</c> (the provider's OTF),
/// <c>assessment</c>, <c>care-plan</c>.</param>
public sealed record EcmActivity(Guid CaseId, Guid MemberId, Guid PlanId, Guid ProviderId, DateOnly Date, string Activity, string Mode, string Source);

/// <summary>One coded encounter line: a member, a day, the code with its modifiers and how many activities it covers.
/// <see cref="Sources"/> says what it came from.</summary>
public sealed record EcmEncounter(Guid CaseId, Guid MemberId, Guid PlanId, Guid ProviderId, DateOnly Date, string Activity, bool Remote, EcmEncounterCode Code,
    int Units, IReadOnlyList<string> Sources);

/// <summary>
/// Turns ECM activity into encounters coded from the ECM encounter coding table. Rules:
/// <list type="bullet">
/// <item>Every outreach attempt counts, reached or not (plans must report unsuccessful attempts); in person is U8,
/// anything else (phone, text, e-mail, mail, through a partner) U8+GQ.</item>
/// <item>Care management is one encounter per member, provider and day however many records it left (an assessment
/// and a care plan saved the same day are one contact). CareHub does not record how that contact was made, so it is
/// coded in person (U2) unless every record of the day says remote.</item>
/// <item>CareHub does not record whether the staff member was clinical, so encounters are coded for non-clinical staff
/// (G9012, confirmed). The clinical-staff rows (G9008) stay in the table with their UNCONFIRMED flag and are chosen
/// only by <see cref="EcmEncounterCoding.For"/> callers that know the staff.</item>
/// <item>An attempt the provider reported both in CareHub and on its Outreach Tracker File (same member, day and
/// mode) is one attempt, not two.</item>
/// <item>The same code for the same member on the same day is one line with units, because the state's encounter
/// system denies a duplicate line.</item>
/// </list>
/// </summary>
public static class EcmEncounters
{
    public const string FromOutreach = "outreach";
    public const string FromOutreachFile = "outreach-file";
    public const string FromAssessment = "assessment";
    public const string FromCarePlan = "care-plan";

    public static IReadOnlyList<EcmEncounter> Build(IEnumerable<EcmActivity> activities, EcmEncounterCoding coding)
    {
        var all = activities.ToList();
        var recorded = all.Where(a => a.Source == FromOutreach)
            .Select(a => (a.MemberId, a.ProviderId, a.Date, Remote: EcmEncounterCoding.IsRemote(a.Mode))).ToHashSet();
        var kept = all.Where(a => a.Source != FromOutreachFile || !recorded.Contains((a.MemberId, a.ProviderId, a.Date, EcmEncounterCoding.IsRemote(a.Mode))));

        var result = new List<EcmEncounter>();
        foreach (var day in kept.GroupBy(a => (a.MemberId, a.ProviderId, a.Date, a.Activity)))
        {
            var first = day.OrderBy(a => a.CaseId).First();
            if (day.Key.Activity == EcmEncounterCoding.Outreach)
            {
                foreach (var mode in day.GroupBy(a => EcmEncounterCoding.IsRemote(a.Mode)))
                {
                    var code = coding.For(EcmEncounterCoding.Outreach, clinicalStaff: false, remote: mode.Key);
                    result.Add(new EcmEncounter(first.CaseId, first.MemberId, first.PlanId, first.ProviderId, day.Key.Date, EcmEncounterCoding.Outreach, mode.Key, code,
                        mode.Count(), [.. mode.Select(a => a.Source).Distinct().Order(StringComparer.Ordinal)]));
                }
            }
            else
            {
                var remote = day.All(a => EcmEncounterCoding.IsRemote(a.Mode));
                var code = coding.For(EcmEncounterCoding.CareManagement, clinicalStaff: false, remote);
                result.Add(new EcmEncounter(first.CaseId, first.MemberId, first.PlanId, first.ProviderId, day.Key.Date, EcmEncounterCoding.CareManagement, remote, code, 1,
                    [.. day.Select(a => a.Source).Distinct().Order(StringComparer.Ordinal)]));
            }
        }

        return [.. result.OrderBy(e => e.Date).ThenBy(e => e.MemberId).ThenBy(e => e.Code.Key, StringComparer.Ordinal)];
    }

    /// <summary>CLM01 of an ECM encounter claim: one claim per case (the authorization of ECM) and billing provider.</summary>
    public static string ClaimNumber(Guid caseId) => "EC" + caseId.ToString("N")[^18..].ToUpperInvariant();

    /// <summary>REF*6R of an encounter line: stable for the same member, day and code, at most 30 characters.</summary>
    public static string LineControlNumber(EcmEncounter e)
    {
        var text = $"{e.CaseId.ToString("N")[^12..].ToUpperInvariant()}{e.Date:yyyyMMdd}{e.Code.Hcpcs}{string.Concat(e.Code.Modifiers)}";
        return text.Length <= 30 ? text : text[..30];
    }

    /// <summary>The diagnosis put on an ECM encounter claim when none is at hand: Z71.89 other specified counseling.</summary>
    public const string DefaultDiagnosis = "Z7189";
}
