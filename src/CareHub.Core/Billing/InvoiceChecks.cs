using CareHub.Catalog;
using CareHub.Referrals;

namespace CareHub.Billing;

/// <summary>One line as sent: the referral it names, inclusive service dates, units and amount; <see cref="Member"/>
/// optionally names the member (CIN or the plan's member id) to be checked against the authorization.</summary>
public sealed record InvoiceLineInput(int Line, string? Referral, DateOnly? From, DateOnly? To, decimal? Units, decimal? Amount, string? Member = null);

/// <summary>One authorization (initial or extension) of a referral, with what is already billed against it.</summary>
/// <summary>An authorization as billing sees it; <see cref="LimitException"/> is the documented exception the plan
/// approved it under, if it was approved above a limit.</summary>
public sealed record AuthorizationFacts(Guid Id, DateOnly Start, DateOnly End, decimal? Quantity, string? QuantityUnit, decimal? Amount, decimal BilledUnits, decimal BilledAmount,
    string? LimitException = null);

/// <summary>Dates of a line already accepted for the referral.</summary>
public sealed record BilledSpan(DateOnly From, DateOnly To, string Invoice);

/// <summary>What an invoice line is checked against: the referral, its member, plan, CBO and authorizations, and the
/// lines already billed for it.</summary>
public sealed record ReferralFacts(
    Guid ReferralId,
    Guid MemberId,
    IReadOnlyList<string> MemberIdentifiers,
    Guid PlanId,
    string County,
    Guid? CboId,
    string ServiceCode,
    IReadOnlyList<AuthorizationFacts> Authorizations,
    IReadOnlyList<BilledSpan> Billed);

/// <summary>The decision on one line: accepted with its coding, or rejected with a reason code and a sentence.</summary>
public sealed record LineDecision(
    int Line,
    string Status,
    string? ReasonCode,
    string? Reason,
    ReferralFacts? Referral,
    AuthorizationFacts? Authorization,
    BillingCode? Code,
    string? RuleVersion)
{
    public bool Accepted => Status == LineStatuses.Accepted;

    public static LineDecision Reject(int line, string code, string reason, ReferralFacts? referral = null) =>
        new(line, LineStatuses.Rejected, code, reason, referral, null, null, null);
}

/// <summary>
/// Checks invoice lines against their authorizations, in order, as pure functions: the referral exists and belongs to
/// the invoicing CBO, the member matches, the dates lie inside one authorization, the dates are not already billed,
/// units and dollars fit in what the authorization has left, the member's whole billed history stays within the
/// catalog's limits (the <see cref="LimitEngine"/>), and the catalog has a billing code for the service on the first
/// service date. A line accepted earlier in the same invoice counts against the later ones.
/// </summary>
public static class InvoiceChecks
{
    public const int MaxLines = 5000;

    /// <param name="lookup">The facts of a referral by id; null when no referral has that id.</param>
    /// <param name="history">Everything billed for a member before this invoice, as usage records.</param>
    public static IReadOnlyList<LineDecision> CheckAll(
        ProgramCatalog catalog,
        Guid cboId,
        IReadOnlyList<InvoiceLineInput> lines,
        Func<Guid, ReferralFacts?> lookup,
        Func<Guid, IReadOnlyList<UsageRecord>> history)
    {
        var referrals = new Dictionary<Guid, ReferralFacts?>();
        var histories = new Dictionary<Guid, List<UsageRecord>>();
        var decisions = new List<LineDecision>();
        foreach (var line in lines)
        {
            ReferralFacts? facts = null;
            if (Guid.TryParse(line.Referral, out var referralId))
            {
                if (!referrals.TryGetValue(referralId, out facts))
                {
                    facts = referrals[referralId] = lookup(referralId);
                }
            }

            List<UsageRecord>? usage = null;
            if (facts is not null && !histories.TryGetValue(facts.MemberId, out usage))
            {
                usage = histories[facts.MemberId] = [.. history(facts.MemberId)];
            }

            var decision = Check(catalog, cboId, line, facts, usage ?? []);
            decisions.Add(decision);
            if (decision.Accepted && facts is not null && usage is not null)
            {
                // Later lines see this one as billed.
                var a = decision.Authorization!;
                var billedAuth = a with { BilledUnits = a.BilledUnits + line.Units!.Value, BilledAmount = a.BilledAmount + (line.Amount ?? 0) };
                referrals[facts.ReferralId] = facts with
                {
                    Authorizations = [.. facts.Authorizations.Select(x => x.Id == a.Id ? billedAuth : x)],
                    Billed = [.. facts.Billed, new BilledSpan(line.From!.Value, line.To!.Value, "this invoice")],
                };
                usage.Add(ToUsage(facts, a, line.From!.Value, line.To!.Value, line.Units!.Value, line.Amount));
            }
        }

        return decisions;
    }

    /// <summary>Checks one line; <paramref name="history"/> is the member's billed usage from any plan or county.</summary>
    public static LineDecision Check(ProgramCatalog catalog, Guid cboId, InvoiceLineInput line, ReferralFacts? referral, IReadOnlyList<UsageRecord> history)
    {
        var n = line.Line;
        if (string.IsNullOrWhiteSpace(line.Referral))
        {
            return LineDecision.Reject(n, RejectionReasons.Invalid, "referralId: name the referral (its id) the service was authorized under.");
        }

        if (line.From is not { } from || line.To is not { } to)
        {
            return LineDecision.Reject(n, RejectionReasons.Invalid, "from, to: give the first and last service dates (YYYY-MM-DD).");
        }

        if (to < from)
        {
            return LineDecision.Reject(n, RejectionReasons.Invalid, $"to: {Date(to)} is before from {Date(from)}.");
        }

        if (line.Units is not { } units || units <= 0 || units > 99_999)
        {
            return LineDecision.Reject(n, RejectionReasons.Invalid, "units: give the units delivered, more than 0 and at most 99,999.");
        }

        if (line.Amount is not { } amount || amount <= 0 || amount > 9_999_999)
        {
            return LineDecision.Reject(n, RejectionReasons.Invalid, "amount: give the amount billed in dollars, more than 0.");
        }

        if (decimal.Round(amount, 2) != amount)
        {
            return LineDecision.Reject(n, RejectionReasons.Invalid, "amount: at most two decimal places (cents).");
        }

        if (referral is null)
        {
            return LineDecision.Reject(n, RejectionReasons.UnknownReferral, $"referralId: no referral '{line.Referral.Trim()}' is known to CareHub.");
        }

        if (referral.CboId != cboId)
        {
            return LineDecision.Reject(n, RejectionReasons.OtherOrganization, $"referralId: referral {referral.ReferralId} is assigned to another organization, not yours.", referral);
        }

        if (!string.IsNullOrWhiteSpace(line.Member) && !referral.MemberIdentifiers.Contains(line.Member.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return LineDecision.Reject(n, RejectionReasons.MemberMismatch, $"memberCin: '{line.Member.Trim()}' is not the member referral {referral.ReferralId} was authorized for.", referral);
        }

        var auth = referral.Authorizations.FirstOrDefault(a => a.Start <= from && to <= a.End);
        if (auth is null)
        {
            var periods = referral.Authorizations.Count == 0 ? "the referral has no authorization"
                : "authorized " + string.Join(", ", referral.Authorizations.OrderBy(a => a.Start).Select(a => $"{Date(a.Start)} to {Date(a.End)}"));
            return LineDecision.Reject(n, RejectionReasons.OutsideAuthorization, $"from, to: {Date(from)} to {Date(to)} is not inside one authorized period ({periods}).", referral);
        }

        var overlap = referral.Billed.FirstOrDefault(b => b.From <= to && b.To >= from);
        if (overlap is not null)
        {
            return LineDecision.Reject(n, RejectionReasons.AlreadyBilled,
                $"from, to: {Date(overlap.From)} to {Date(overlap.To)} of this referral is already billed (invoice {overlap.Invoice}).", referral);
        }

        var days = to.DayNumber - from.DayNumber + 1;
        if (auth.Quantity is { } authorizedUnits)
        {
            var left = authorizedUnits - auth.BilledUnits;
            if (units > left)
            {
                return LineDecision.Reject(n, RejectionReasons.UnitsExceeded,
                    $"units: {LimitEngine.Format(units)} billed but only {LimitEngine.Format(Math.Max(0, left))} of the {LimitEngine.Format(authorizedUnits)} {auth.QuantityUnit ?? "units"} authorized are left.", referral);
            }
        }
        else if (units > days)
        {
            return LineDecision.Reject(n, RejectionReasons.UnitsExceeded,
                $"units: the authorization is counted in days, so {Date(from)} to {Date(to)} can bill at most {days} units, not {LimitEngine.Format(units)}.", referral);
        }

        if (auth.Amount is { } authorizedAmount && amount > authorizedAmount - auth.BilledAmount)
        {
            return LineDecision.Reject(n, RejectionReasons.DollarsExceeded,
                $"amount: ${LimitEngine.Format(amount)} billed but only ${LimitEngine.Format(Math.Max(0, authorizedAmount - auth.BilledAmount))} of the ${LimitEngine.Format(authorizedAmount)} authorized are left.", referral);
        }

        var limits = LimitEngine.Check(catalog,
            new LimitRequest(referral.ServiceCode, from, to, auth.QuantityUnit is null ? null : units, amount, referral.ReferralId.ToString()), history);
        var over = limits.Outcomes.Where(o => o.Exceeded).ToList();
        if (over.Count > 0 && auth.LimitException is null)
        {
            return LineDecision.Reject(n, RejectionReasons.OverLimit, "limits: " + string.Join(" ", over.Select(o => o.Message)), referral);
        }

        var service = catalog.CommunitySupportOn(referral.ServiceCode, from);
        var code = service?.Version.Billing.FirstOrDefault();
        if (service is null || code is null)
        {
            return LineDecision.Reject(n, RejectionReasons.NoBillingCode, $"from: the catalog has no billing code for {referral.ServiceCode} on {Date(from)}.", referral);
        }

        return new LineDecision(n, LineStatuses.Accepted, null, null, referral, auth, code, service.Version.RuleVersion);
    }

    /// <summary>A billed line as the limit engine counts it: units only for services counted in hours or meals.</summary>
    public static UsageRecord ToUsage(ReferralFacts referral, AuthorizationFacts auth, DateOnly from, DateOnly to, decimal units, decimal? amount) =>
        new(referral.ServiceCode, from, to, auth.QuantityUnit is null ? null : units, amount, referral.ReferralId.ToString(), referral.PlanId, referral.County, "billed");

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
