namespace CareHub.Identification;

/// <summary>How sure CareHub is that an HMIS client is a given plan member.</summary>
public enum HmisMatchStatus
{
    /// <summary>Score 85 or more and clearly ahead of any other candidate: the client's HMIS records count.</summary>
    Matched,

    /// <summary>Score 60 to 84, or two close candidates, or low HMIS data quality: a person must decide.</summary>
    NeedsReview,

    /// <summary>No plan member scores 60 or more.</summary>
    Unmatched,
}

/// <summary>The identity match of one HMIS client (Client.csv PersonalID) to plan members.</summary>
/// <param name="Score">0-100: last name 30, first name 25, birth date 30, SSN last four 15 (a conflicting SSN subtracts 20).</param>
/// <param name="MemberId">The best candidate's member id, when there is one.</param>
/// <param name="Method"><c>exact</c> (names and birth date equal) or <c>fuzzy</c>.</param>
/// <param name="Reasons">Plain words, e.g. "last name exact; first name similar (0.93); birth date exact; SSN last 4 match".</param>
/// <param name="RunnerUpMemberId">The second-best candidate when it scored close to the best.</param>
public sealed record HmisMatch(string PersonalId, HmisMatchStatus Status, int Score, string? MemberId, string Method, string Reasons, string? RunnerUpMemberId);

/// <summary>Counts of HMIS clients by match status.</summary>
public sealed record HmisMatchSummary(int Clients, int Matched, int NeedsReview, int Unmatched);
