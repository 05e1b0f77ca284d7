using CareHub.Data;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using CareHub.Referrals;
using CareHub.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Reporting;

/// <summary>One row behind a report figure: the record counted (case, referral, delivery), its member, the row's
/// first key (Population of Focus or Community Support) and county, and for deliveries the units and dollars.</summary>
public sealed class ReportFact
{
    public Guid Id { get; init; }
    public Guid MemberId { get; init; }
    public string Key { get; init; } = "";
    public string County { get; init; } = "";
    public decimal Units { get; init; }
    public decimal Amount { get; init; }
}

/// <summary>
/// The one definition of each figure of the quarterly reports, as a query of the rows behind it. Counts group these
/// rows in the database; the drill-down lists the members of the same rows, so a figure and its members never
/// disagree. The rows are read across organization scoping (a member who moved to another plan still counts for
/// the quarter they were served in) and always limited to the plan's own cases and referrals; only counts leave
/// this way, and the drill-down joins the members again through the caller's scope.
/// </summary>
public sealed class ReportFacts(CareHubDbContext db)
{
    public const string Unspecified = "unspecified";

    public async Task<Guid?> IdentificationRunAsync(Guid planId, Quarter q, CancellationToken ct) =>
        await db.IdentificationRuns.AsNoTracking()
            .Where(r => r.PlanId == planId && r.Status == RunStatus.Completed && r.AsOf >= q.First && r.AsOf <= q.Last)
            .OrderByDescending(r => r.AsOf).ThenByDescending(r => r.RequestedAt)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);

    /// <summary>The rows behind one figure of the ECM report; <paramref name="runId"/> is the quarter's run (identified).</summary>
    public IQueryable<ReportFact> Ecm(string measure, Guid planId, Quarter q, Guid? runId)
    {
        if (measure == "identified")
        {
            var run = runId ?? Guid.Empty;
            return db.Determinations.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.RunId == run && (d.Eligible || d.ExclusionCode == null))
                .Select(d => new ReportFact { Id = d.MemberId, MemberId = d.MemberId, Key = d.Population, County = d.County });
        }

        var start = q.StartsAt;
        var end = q.EndsBefore;
        var cases = db.Set<EcmCase>().IgnoreQueryFilters().AsNoTracking().Where(c => c.PlanId == planId);
        cases = measure switch
        {
            "referred" => cases.Where(c => c.ReferredAt >= start && c.ReferredAt < end),
            "authorized" => cases.Where(c => c.DecidedAt >= start && c.DecidedAt < end && c.Status != EcmStatus.Denied),
            "denied" => cases.Where(c => c.DecidedAt >= start && c.DecidedAt < end && c.Status == EcmStatus.Denied),
            "assigned" => cases.Where(c => c.AssignedAt >= start && c.AssignedAt < end),
            "enrolled" => cases.Where(c => c.EnrolledAt >= start && c.EnrolledAt < end),
            "disenrolled" => cases.Where(c => c.DisenrolledAt >= start && c.DisenrolledAt < end),
            "activeAtEnd" => cases.Where(c => c.EnrolledAt < end && (c.DisenrolledAt == null || c.DisenrolledAt >= end)),
            "outreached" => cases.Where(c => db.Set<OutreachAttempt>().IgnoreQueryFilters().Any(o => o.CaseId == c.Id && o.Date >= q.First && o.Date <= q.Last)),
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown ECM measure."),
        };

        return from c in cases
               join m in db.Members.IgnoreQueryFilters() on c.MemberId equals m.Id
               select new ReportFact { Id = c.Id, MemberId = c.MemberId, Key = c.Population ?? Unspecified, County = m.County };
    }

    /// <summary>Disenrolled members by reason in the quarter.</summary>
    public IQueryable<ReportFact> EcmDisenrollments(Guid planId, Quarter q)
    {
        var start = q.StartsAt;
        var end = q.EndsBefore;
        return db.Set<EcmCase>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.PlanId == planId && c.DisenrolledAt >= start && c.DisenrolledAt < end)
            .Select(c => new ReportFact { Id = c.Id, MemberId = c.MemberId, Key = c.DisenrollmentReason ?? Unspecified, County = c.Population ?? Unspecified });
    }

    /// <summary>The rows behind one figure of the Community Supports report.</summary>
    public IQueryable<ReportFact> CommunitySupports(string measure, Guid planId, Quarter q)
    {
        var start = q.StartsAt;
        var end = q.EndsBefore;
        var referrals = db.Referrals.IgnoreQueryFilters().AsNoTracking().Where(r => r.PlanId == planId);
        if (measure is "served" or "units" or "amount")
        {
            return from d in db.Set<ServiceDelivery>().IgnoreQueryFilters().AsNoTracking()
                   join r in referrals on d.ReferralId equals r.Id
                   where d.ServiceDate >= q.First && d.ServiceDate <= q.Last
                   select new ReportFact { Id = d.Id, MemberId = d.MemberId, Key = r.CommunitySupportCode, County = r.County, Units = d.Quantity, Amount = d.Amount ?? 0 };
        }

        if (measure == "referrals")
        {
            return referrals.Where(r => r.CreatedAt >= start && r.CreatedAt < end)
                .Select(r => new ReportFact { Id = r.Id, MemberId = r.MemberId, Key = r.CommunitySupportCode, County = r.County });
        }

        var to = measure switch
        {
            "authorized" => ReferralStatus.Approved,
            "denied" => ReferralStatus.Denied,
            "loopsClosed" => ReferralStatus.Closed,
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown Community Supports measure."),
        };
        var changes = db.Set<ReferralStatusChange>().IgnoreQueryFilters().AsNoTracking();
        return referrals
            .Where(r => changes.Any(s => s.ReferralId == r.Id && s.To == to && s.At >= start && s.At < end))
            .Select(r => new ReportFact { Id = r.Id, MemberId = r.MemberId, Key = r.CommunitySupportCode, County = r.County });
    }

    /// <summary>Referrals denied in the quarter, keyed by denial reason (County holds the service).</summary>
    public IQueryable<ReportFact> Denials(Guid planId, Quarter q) =>
        CommunitySupports("denied", planId, q)
            .Join(db.Referrals.IgnoreQueryFilters(), f => f.Id, r => r.Id,
                (f, r) => new ReportFact { Id = f.Id, MemberId = f.MemberId, Key = r.DenialReason ?? Unspecified, County = r.CommunitySupportCode });

    /// <summary>Counting rule per figure: Community Supports referral figures count referrals, every other figure members.</summary>
    public static bool CountsRecords(string report, string measure) => report == "community-supports" && measure is "referrals" or "authorized" or "denied" or "loopsClosed";
}
