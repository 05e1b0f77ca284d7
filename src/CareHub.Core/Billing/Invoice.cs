namespace CareHub.Billing;

/// <summary>
/// An invoice a Community Supports provider (CBO) sent: its own number (unique per CBO, so sending it again changes
/// nothing) and its lines, each accepted or rejected with the reason.
/// </summary>
public sealed class Invoice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CboId { get; set; }
    public required string InvoiceNumber { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }

    /// <summary><c>api</c>, <c>csv</c> or <c>web</c>.</summary>
    public string Channel { get; set; } = "api";
    public List<InvoiceLine> Lines { get; set; } = [];
}

/// <summary>
/// One line of an invoice. An accepted line is a claim line: coded with the HCPCS code and modifiers the catalog
/// gives for the service on its first date, billed to the authorizing plan, and later marked paid, denied or
/// adjusted by the plan's remittance (835). A rejected line keeps what was sent and why it was refused; its member
/// and plan are unknown when the referral is.
/// </summary>
public sealed class InvoiceLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid InvoiceId { get; set; }

    /// <summary>1-based position in the invoice (the CSV's data row number).</summary>
    public int LineNumber { get; set; }
    public Guid CboId { get; set; }

    /// <summary>What the line named, as sent (a referral id, or whatever text was in its place).</summary>
    public string? ReferralText { get; set; }
    public Guid? ReferralId { get; set; }
    public Guid? AuthorizationId { get; set; }
    public Guid? MemberId { get; set; }
    public Guid? PlanId { get; set; }
    public string? CommunitySupportCode { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public decimal? Units { get; set; }
    public decimal? Amount { get; set; }

    /// <summary><see cref="LineStatuses.Accepted"/> or <see cref="LineStatuses.Rejected"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Why a line was rejected: one of <see cref="RejectionReasons"/>.</summary>
    public string? ReasonCode { get; set; }
    public string? Reason { get; set; }
    public string? Hcpcs { get; set; }

    /// <summary>Modifiers separated by spaces ("U6", "U8 GQ").</summary>
    public string? Modifiers { get; set; }
    public string? Diagnosis { get; set; }

    /// <summary>CLM01 of the claim the line is on (one claim per authorization); CLP01 on the 835.</summary>
    public string? ClaimNumber { get; set; }

    /// <summary>REF*6R on the claim line: comes back on the 835 to match the payment.</summary>
    public string? ControlNumber { get; set; }

    /// <summary><see cref="PaymentStatuses"/>: billed until the plan's remittance says otherwise.</summary>
    public string? PaymentStatus { get; set; }
    public decimal? PaidAmount { get; set; }

    /// <summary>Adjustments as "CO-45 20.00; PR-1 5.00".</summary>
    public string? AdjustmentReasons { get; set; }
    public DateTimeOffset? RemittedAt { get; set; }

    public IReadOnlyList<string> ModifierList => string.IsNullOrEmpty(Modifiers) ? [] : Modifiers.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public static class LineStatuses
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

/// <summary>What the plan's remittance made of a claim line.</summary>
public static class PaymentStatuses
{
    public const string Billed = "billed";
    public const string Paid = "paid";
    public const string Denied = "denied";
    public const string Adjusted = "adjusted";

    /// <summary>Paid in full is <c>paid</c>; nothing paid (or a denied claim) is <c>denied</c>; anything between is <c>adjusted</c>.</summary>
    public static string From(decimal charge, decimal paid, bool claimDenied) =>
        claimDenied || paid <= 0 ? Denied : paid >= charge ? Paid : Adjusted;
}

/// <summary>The reason codes a rejected invoice line carries, each with its own message.</summary>
public static class RejectionReasons
{
    public const string Invalid = "invalid";
    public const string UnknownReferral = "unknown-referral";
    public const string OtherOrganization = "other-organization";
    public const string MemberMismatch = "member-mismatch";
    public const string OutsideAuthorization = "outside-authorization";
    public const string AlreadyBilled = "already-billed";
    public const string UnitsExceeded = "units-exceeded";
    public const string DollarsExceeded = "dollars-exceeded";
    public const string OverLimit = "over-limit";
    public const string NoBillingCode = "no-billing-code";
}
