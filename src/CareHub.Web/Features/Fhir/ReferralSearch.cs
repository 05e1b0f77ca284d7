using System.Linq.Expressions;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Referrals;
using CareHub.Web.Features.Referrals;
using Hl7.Fhir.Model;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Features.Fhir.FhirResponses;
using static CareHub.Web.Features.Fhir.FhirSearch;

namespace CareHub.Web.Features.Fhir;

/// <summary>What a ServiceRequest or Task search asks for; references as sent by the client.</summary>
public sealed record ReferralSearchInput(
    string? Patient = null,
    string? Owner = null,
    string? Requester = null,
    string? Ids = null,
    string? LastUpdated = null,
    IReadOnlyCollection<ReferralStatus>? Statuses = null);

/// <summary>A referral found with its member's name.</summary>
public sealed class NamedReferral
{
    public required Referral Referral { get; init; }
    public required MemberName Member { get; init; }
}

/// <summary>One page of referrals found for a FHIR search, with the total.</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralDetail> Details, int Total, int Offset, int Count);

/// <summary>
/// The referral search behind ServiceRequest and Task: every filter (including <c>_lastUpdated</c> and status) runs
/// in the database before the page is cut, and the page's details are loaded in batches, so a page takes the same
/// number of queries whatever its size. Nothing is written but the audit entries (one per member shown).
/// </summary>
public sealed class ReferralSearch(ReferralQueries queries, AuditTrail audit, ListTotals totals, CareHubDbContext db)
{
    /// <summary>A search by owner (performer) alone: a CBO's inbox, read page by page all day. It reads the owner's
    /// referrals newest first from their index whatever the owner's size, so its generic plan is the plan for every
    /// owner (<see cref="GenericPlans"/>); a status, a date range or a patient would make the best plan depend on
    /// the values. Its page is a query compiled once (<see cref="_ownersInbox"/>).</summary>
    private static bool OwnersInbox(ReferralSearchInput input) =>
        !string.IsNullOrWhiteSpace(input.Owner) && input.Statuses is null
        && new[] { input.Patient, input.Requester, input.Ids, input.LastUpdated }.All(string.IsNullOrWhiteSpace);

    public async Task<(ReferralPage? Page, IResult? Error)> FindAsync(HttpRequest request, ReferralSearchInput input, string type)
    {
        var ct = request.HttpContext.RequestAborted;
        if (!TryPage(request, out var count, out var offset, out var pageError))
        {
            return (null, Problem(400, OperationOutcome.IssueType.Invalid, pageError!, ParameterOf(pageError!)));
        }

        if (ForeignReference(request, (input.Patient, "patient"), (input.Owner, type == "Task" ? "owner" : "performer"), (input.Requester, "requester")) is { } foreign)
        {
            return (null, foreign);
        }

        var query = queries.Visible.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(input.Patient))
        {
            if (ReferenceId(input.Patient, "Patient") is not { } pid)
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"'{input.Patient}' is not a Patient reference.", "patient"));
            }

            query = query.Where(r => r.MemberId == pid);
        }

        Guid? owner = null;
        if (!string.IsNullOrWhiteSpace(input.Owner))
        {
            if (ReferenceId(input.Owner, "Organization") is not { } oid)
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"'{input.Owner}' is not an Organization reference.", type == "Task" ? "owner" : "performer"));
            }

            query = query.Where(r => r.CboId == oid);
            owner = oid;
        }

        if (!string.IsNullOrWhiteSpace(input.Requester))
        {
            if (ReferenceId(input.Requester, "Organization") is not { } oid)
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"'{input.Requester}' is not an Organization reference.", "requester"));
            }

            query = query.Where(r => r.ReferringOrganizationId == oid);
        }

        if (!string.IsNullOrWhiteSpace(input.Ids))
        {
            var list = input.Ids.Split(',').Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();
            query = query.Where(r => list.Contains(r.Id));
        }

        if (!string.IsNullOrWhiteSpace(input.LastUpdated))
        {
            if (!TryLastUpdated(input.LastUpdated, out var range, out var message))
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, message!, "_lastUpdated"));
            }

            query = Within(query, range);
        }

        if (input.Statuses is { } statuses)
        {
            var wanted = statuses.ToList();
            query = query.Where(r => wanted.Contains(r.Status));
        }

        // The filter has admitted each referral's member, so the names come with the page (see ReferralQueries.DetailsAsync).
        var named = OwnersInbox(input) && owner is { } inbox
            ? await _ownersInbox.For(db)(db, inbox, offset, count).ToListAsync(ct)
            : await _pageOf(query, db.MemberNamesOfAdmittedRows, offset, count).ToListAsync(ct);
        var rows = named.Select(x => x.Referral).ToList();
        var total = ListTotals.ShownInFull(offset, rows.Count, count)
            ?? await totals.CountAsync(query, db.Scope, ListKey(request, type), ct, exact: AccurateTotal(request));
        var target = request.Path + request.QueryString;
        await audit.RecordShownAsync("cs-referral.list", rows.Select(r => r.MemberId), target, $"fhir {type} search; results={rows.Count}", ct);
        // A ServiceRequest or Task shows a referral's deliveries (as the Task's output) but none of its other lists.
        return (new ReferralPage(await queries.DetailsAsync(rows, ct, ReferralParts.Deliveries,
            named.DistinctBy(x => x.Member.Id).ToDictionary(x => x.Member.Id, x => x.Member.FullName)), total, offset, count), null);
    }

    /// <summary>A page of referrals newest first, each with its member's name.</summary>
    private static readonly Expression<Func<IQueryable<Referral>, IQueryable<MemberName>, int, int, IQueryable<NamedReferral>>> _page =
        (referrals, names, offset, count) => referrals
            .Join(names, r => r.MemberId, m => m.Id, (r, m) => new NamedReferral { Referral = r, Member = m })
            .OrderByDescending(x => x.Referral.UpdatedAt).ThenBy(x => x.Referral.Id).Skip(offset).Take(count);

    private static readonly Func<IQueryable<Referral>, IQueryable<MemberName>, int, int, IQueryable<NamedReferral>> _pageOf = _page.Compile();

    /// <summary>The owner's inbox (<see cref="OwnersInbox"/>), compiled once: the referrals the caller takes part in
    /// (the query filter applies as to <see cref="ReferralQueries.Visible"/>) whose CBO is the owner.</summary>
    private static readonly CompiledForEachModel<Func<CareHubDbContext, Guid, int, int, IAsyncEnumerable<NamedReferral>>> _ownersInbox =
        CompiledForEachModel.Of((CareHubDbContext db, Guid owner, int offset, int count) =>
            _page.Invoke(db.Referrals.AsNoTracking().Where(r => r.CboId == owner), db.MemberNamesOfAdmittedRows, offset, count)
                .TagWith(GenericPlans.Tag));

    private static IQueryable<Referral> Within(IQueryable<Referral> query, InstantRange range)
    {
        if (range.From is { } from)
        {
            query = range.FromInclusive ? query.Where(r => r.UpdatedAt >= from) : query.Where(r => r.UpdatedAt > from);
        }

        if (range.To is { } to)
        {
            query = range.ToInclusive ? query.Where(r => r.UpdatedAt <= to) : query.Where(r => r.UpdatedAt < to);
        }

        return query;
    }

    /// <summary>The referral statuses shown with one of the comma-separated FHIR codes.</summary>
    public static IReadOnlyCollection<ReferralStatus>? StatusesShownAs(string? codes, Func<ReferralStatus, string> show)
    {
        if (string.IsNullOrWhiteSpace(codes))
        {
            return null;
        }

        var wanted = codes.Split(',', StringSplitOptions.TrimEntries);
        return [.. Enum.GetValues<ReferralStatus>().Where(s => wanted.Contains(show(s)))];
    }
}
