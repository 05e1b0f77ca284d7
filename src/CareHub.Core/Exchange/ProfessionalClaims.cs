namespace CareHub.Exchange;

/// <summary>An organization in a claim file: submitter, receiver, billing provider or payer.</summary>
public sealed record ClaimParty(
    string Name,
    string Id,
    string? Npi = null,
    string? TaxId = null,
    string? Address = null,
    string? City = null,
    string? State = null,
    string? Zip = null);

/// <summary>The member the claim is for (subscriber and patient are the same person).</summary>
public sealed record ClaimSubscriber(
    string MemberId,
    string LastName,
    string FirstName,
    DateOnly BirthDate,
    string Sex,
    string? Address = null,
    string? City = null,
    string? State = null,
    string? Zip = null);

/// <summary>One service line (loop 2400): the HCPCS code with its modifiers, charge, units and dates (inclusive).
/// <see cref="ControlNumber"/> is written as <c>REF*6R</c> and comes back on the 835 to match the payment.</summary>
public sealed record ClaimServiceLine(
    string ControlNumber,
    string Hcpcs,
    IReadOnlyList<string> Modifiers,
    decimal Charge,
    decimal Units,
    DateOnly From,
    DateOnly To);

/// <summary>One claim (loop 2300): CLM01 <see cref="ClaimNumber"/>, its diagnoses (ICD-10 without the dot) and lines.</summary>
public sealed record ProfessionalClaim(
    string ClaimNumber,
    ClaimSubscriber Subscriber,
    IReadOnlyList<string> Diagnoses,
    string? PriorAuthorization,
    IReadOnlyList<ClaimServiceLine> Lines)
{
    /// <summary>CLM02: the sum of the lines' charges.</summary>
    public decimal Total => Lines.Sum(l => l.Charge);
}

/// <summary>The claims of one billing provider (loop 2000A) to one payer.</summary>
public sealed record BillingProviderClaims(ClaimParty Provider, ClaimParty Payer, IReadOnlyList<ProfessionalClaim> Claims);

/// <summary>One 837P transaction set: a submitter, a receiver (the payer) and the billing providers' claims.</summary>
public sealed record ClaimTransaction(ClaimParty Submitter, ClaimParty Receiver, string BatchId, IReadOnlyList<BillingProviderClaims> Providers);
