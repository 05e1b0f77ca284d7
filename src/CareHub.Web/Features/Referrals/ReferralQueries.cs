using System.Linq.Expressions;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Referrals;
using CareHub.Web.Features.Organizations;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// Read models of referrals: details, lists, the plan's queue, time in status, a member's usage and documents. Lists
/// and details are loaded in batches (a fixed number of queries whatever the number of referrals). Reads that show a
/// member are audited here; <see cref="DetailsAsync"/> is the unaudited building block callers audit themselves.
/// </summary>
public sealed class ReferralQueries(CareHubDbContext db, ProgramCatalog catalog, AuditTrail audit, TimeProvider clock, MemberUsageHistory usageHistory, OrganizationNames organizations,
    OrganizationGrants grants)
{
    /// <summary>Referrals the caller takes part in (<see cref="Participants.ReferralsTakingPart"/>).</summary>
    public IQueryable<Referral> Visible => db.ReferralsTakingPart();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<ReferralDetail?> GetAsync(Guid id, string target, CancellationToken ct = default)
    {
        var r = await Visible.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }

        await audit.RecordAsync("cs-referral.read", r.MemberId, target, null, ct);
        return await DetailAsync(r, ct);
    }

    /// <summary>Referrals the caller's organization is part of: as the authorizing plan, the referrer or the CBO.</summary>
    public async Task<IReadOnlyList<ReferralSummary>> ListAsync(string? role, ReferralStatus? status, string target, DateTimeOffset? updatedSince = null, int take = 200, CancellationToken ct = default)
    {
        var org = db.Scope.OrganizationId;
        var query = Visible.AsNoTracking();
        if (!db.Scope.IsUnrestricted)
        {
            query = role switch
            {
                "plan" => query.Where(r => r.PlanId == org),
                "referrer" => query.Where(r => r.ReferringOrganizationId == org),
                "cbo" => query.Where(r => r.CboId == org),
                _ => query,
            };
        }

        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        if (updatedSince is { } since)
        {
            query = query.Where(r => r.UpdatedAt > since);
        }

        var rows = (await Named(query.OrderByDescending(r => r.CreatedAt).Take(Math.Clamp(take, 1, 1000))).ToListAsync(ct))
            .OrderByDescending(r => r.CreatedAt).ToList();
        await audit.RecordShownAsync("cs-referral.list", rows.Select(r => r.MemberId), target, $"role={role}; status={status?.ToCode()}; results={rows.Count}", ct);
        return await SummariesAsync(rows, ct);
    }

    /// <summary>The member's referrals. <paramref name="auditRead"/> is false only where the surrounding read is
    /// audited already (the member page records <c>member.read</c>).</summary>
    public async Task<IReadOnlyList<ReferralSummary>> ForMemberAsync(Guid memberId, string target, CancellationToken ct = default, bool auditRead = true)
    {
        var rows = (await Named(Visible.AsNoTracking().Where(r => r.MemberId == memberId)).ToListAsync(ct)).OrderByDescending(r => r.CreatedAt).ToList();
        if (auditRead)
        {
            await audit.RecordAsync("cs-referral.list", memberId, target, $"member referrals; results={rows.Count}", ct);
        }

        return await SummariesAsync(rows, ct);
    }

    /// <summary>The plan's authorization queue: submitted and pended referrals, the soonest due first. A plan holding no
    /// grant reads it joined with its own members (<see cref="Participants.PlanReadingOwnMembersAsync"/>) in a query
    /// compiled once, without the referral filter's second look at each member.</summary>
    public async Task<IReadOnlyList<ReferralSummary>> QueueAsync(string target, CancellationToken ct = default)
    {
        var rows = await db.PlanReadingOwnMembersAsync(grants, ct) is { } plan
            ? await _queueOfOwnMembers.For(db)(db, plan).ToListAsync(ct)
            : await _queueOf(db, db.Scope.OrganizationId ?? Guid.Empty, db.MemberNamesOfAdmittedRows).ToListAsync(ct);
        rows = [.. rows.DistinctBy(r => r.Id).OrderBy(r => r.DecisionDueAt)];
        await audit.RecordShownAsync("cs-referral.list", rows.Select(r => r.MemberId), target, $"authorization queue; results={rows.Count}", ct);
        return await SummariesAsync(rows, ct);
    }

    /// <summary>A plan's queue (its submitted and pended referrals and those with an extension pending), each with its
    /// member's name from the names given.</summary>
    private static readonly Expression<Func<CareHubDbContext, Guid, IQueryable<MemberName>, IQueryable<SummaryRow>>> _queue = (db, plan, names) =>
        db.Referrals.AsNoTracking().Where(r => r.PlanId == plan && (r.Status == ReferralStatus.Submitted || r.Status == ReferralStatus.Pended))
            .Concat(db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.Status == "pending")
                .Join(db.Referrals.AsNoTracking().Where(r => r.PlanId == plan), e => e.ReferralId, r => r.Id, (e, r) => r))
            .Join(names, r => r.MemberId, m => m.Id, SummaryRow.FromReferral);

    private static readonly Func<CareHubDbContext, Guid, IQueryable<MemberName>, IQueryable<SummaryRow>> _queueOf = _queue.Compile();

    private static readonly CompiledForEachModel<Func<CareHubDbContext, Guid, IAsyncEnumerable<SummaryRow>>> _queueOfOwnMembers =
        CompiledForEachModel.Of((CareHubDbContext db, Guid plan) => _queue.Invoke(db, plan, Participants.OwnMemberNamesShape.Invoke(db, plan)));

    /// <summary>Average and total time spent in each status (hours) over the caller's referrals, from the stored history.</summary>
    public async Task<IReadOnlyList<TimeInStatus>> TimeInStatusAsync(CancellationToken ct = default)
    {
        var org = db.Scope.OrganizationId;
        var unrestricted = db.Scope.IsUnrestricted;
        var changes = await db.Set<ReferralStatusChange>().AsNoTracking()
            .Where(c => c.From != null && c.SecondsInPrevious != null)
            .Join(db.Referrals.Where(r => unrestricted || r.PlanId == org || r.CboId == org || r.ReferringOrganizationId == org),
                c => c.ReferralId, r => r.Id, (c, r) => new { c.From, c.SecondsInPrevious })
            .ToListAsync(ct);
        return [.. changes.GroupBy(c => c.From!.Value).OrderBy(g => g.Key)
            .Select(g => new TimeInStatus(g.Key.ToCode(), g.Count(), Math.Round(g.Average(x => x.SecondsInPrevious!.Value) / 3600.0, 2), Math.Round(g.Max(x => x.SecondsInPrevious!.Value) / 3600.0, 2)))];
    }

    public sealed record TimeInStatus(string Status, int Transitions, double AverageHours, double MaxHours);

    /// <summary>The member's usage against each limit of each service they have used, as of today.</summary>
    public async Task<IReadOnlyList<UsageDto>> UsageAsync(Guid memberId, CancellationToken ct = default)
    {
        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.MemberId == memberId).OrderBy(a => a.Start).ToListAsync(ct);
        var history = await usageHistory.ForMemberAsync(memberId, ct);
        var plans = await OrgNamesAsync(auths.Select(a => a.PlanId), ct);
        var result = new List<UsageDto>();
        foreach (var code in auths.Select(a => a.CommunitySupportCode).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            // Measured on the last day authorized (or today, if that is later still): the latest episode and its year.
            var lastEnd = auths.Where(a => a.CommunitySupportCode == code).Max(a => a.End);
            var asOf = lastEnd < Today ? lastEnd : Today;
            var service = catalog.CommunitySupportOn(code, asOf);
            var check = LimitEngine.Check(catalog, new LimitRequest(code, asOf, asOf, 0, 0, "usage"), history);
            result.Add(new UsageDto(code, service?.Name ?? code,
                [.. check.Outcomes.Select(o => LimitDto.From(o with { Requested = 0, Exceeded = o.Used > o.Limit }))],
                [.. auths.Where(a => a.CommunitySupportCode == code).Select(a => ToDto(a, plans))]));
        }

        return result;
    }

    /// <summary>A document of a referral visible to the caller: not found when the referral or document is not
    /// visible, forbidden while the caller is the CBO and the plan has not authorized the referral
    /// (<see cref="ReferralDisclosure"/>).</summary>
    public async Task<Outcome<ReferralDocument>> DocumentAsync(Guid referralId, Guid documentId, CancellationToken ct = default)
    {
        var referral = await Visible.AsNoTracking().FirstOrDefaultAsync(r => r.Id == referralId, ct);
        var doc = referral is null ? null
            : await db.Set<ReferralDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ReferralId == referralId, ct);
        if (referral is null || doc is null)
        {
            return Outcome<ReferralDocument>.NotFound("No such document on a referral visible to your organization.");
        }

        if (ReferralDisclosure.For(referral, db.Scope) != ReferralDisclosureLevel.Full)
        {
            return Outcome<ReferralDocument>.Forbidden(ReferralDisclosure.WithheldMessage);
        }

        await audit.RecordAsync("cs-referral.document", doc.MemberId, $"/api/referrals/{referralId}/documents/{documentId}", doc.Title, ct);
        return Outcome<ReferralDocument>.Ok(doc);
    }

    public async Task<PlanAuthorizationSettings> SettingsAsync(Guid planId, CancellationToken ct = default) =>
        await db.Set<PlanAuthorizationSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.PlanId == planId, ct)
        ?? new PlanAuthorizationSettings { PlanId = planId };

    /// <summary>The full view of one referral (no audit; callers audit).</summary>
    public async Task<ReferralDetail> DetailAsync(Referral r, CancellationToken ct = default) => (await DetailsAsync([r], ct))[0];

    /// <summary>The full views of several referrals, in the order given, with the same number of queries whatever
    /// their number (no audit; callers audit). The lists a caller leaves out of <paramref name="parts"/> are not read and come
    /// back empty, and so do the figures drawn from them (the authorized quantity and end need the authorizations, the
    /// delivered quantity the deliveries).</summary>
    /// <remarks>The referrals were read through the referral filter (<see cref="Visible"/>), which admits a referral
    /// only when the caller takes part in it and sees its member, and its rows (history, authorizations, deliveries,
    /// extensions, documents) are seen exactly when it is; so they and the member's name are read by the referrals'
    /// ids without testing the filter again for each row. Tested per row, the member filter built the caller's
    /// grants into a hash table on every query: a CBO with 3,000 grants spent 2 ms on the names of a page.</remarks>
    public async Task<IReadOnlyList<ReferralDetail>> DetailsAsync(IReadOnlyList<Referral> rows, CancellationToken ct = default, ReferralParts parts = ReferralParts.All,
        IReadOnlyDictionary<Guid, string>? memberNames = null)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var names = memberNames ?? await MemberNamesAsync([.. rows.Select(r => r.MemberId).Distinct()], ct);
        var changes = (parts.HasFlag(ReferralParts.Timeline)
                ? await db.Set<ReferralStatusChange>().IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.ReferralId)).ToListAsync(ct)
                : [])
            .OrderBy(c => c.At).ThenBy(c => c.Id).ToLookup(c => c.ReferralId);
        var auths = (parts.HasFlag(ReferralParts.Authorizations)
                ? await db.ServiceAuthorizations.IgnoreQueryFilters().AsNoTracking().Where(a => a.ReferralId != null && ids.Contains(a.ReferralId.Value)).ToListAsync(ct)
                : [])
            .OrderBy(a => a.Start).ToLookup(a => a.ReferralId!.Value);
        var deliveries = (parts.HasFlag(ReferralParts.Deliveries)
                ? await db.Set<ServiceDelivery>().IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.ReferralId)).ToListAsync(ct)
                : [])
            .OrderBy(d => d.ServiceDate).ToLookup(d => d.ReferralId);
        var extensions = (parts.HasFlag(ReferralParts.Extensions)
                ? await db.Set<ExtensionRequest>().IgnoreQueryFilters().AsNoTracking().Where(e => ids.Contains(e.ReferralId)).ToListAsync(ct)
                : [])
            .OrderBy(e => e.RequestedAt).ToLookup(e => e.ReferralId);
        var documents = (parts.HasFlag(ReferralParts.Documents)
                ? await db.Set<ReferralDocument>().IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.ReferralId))
                    .Select(d => new { d.ReferralId, Dto = new DocumentDto(d.Id, d.Title, d.Url, d.ContentType, d.Content != null, d.AddedAt, d.AddedBy) }).ToListAsync(ct)
                : [])
            .ToLookup(d => d.ReferralId, d => d.Dto);
        var orgs = await OrgNamesAsync(rows.SelectMany(r => OrganizationsOf(r.PlanId, r.ReferringOrganizationId, r.CboId))
            .Concat(changes.SelectMany(g => g).Where(c => c.ByOrganizationId is not null).Select(c => c.ByOrganizationId!.Value))
            .Concat(auths.SelectMany(g => g).Select(a => a.PlanId)), ct);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => Detail(r, orgs, names.GetValueOrDefault(r.MemberId) ?? "", now,
            [.. changes[r.Id]], [.. auths[r.Id]], [.. deliveries[r.Id]], [.. extensions[r.Id]], [.. documents[r.Id]]))];
    }

    /// <summary>The view of one referral, with the clinical detail only when the caller may see it now
    /// (<see cref="ReferralDisclosure"/>): a CBO sees the request without it until the plan authorizes.</summary>
    private ReferralDetail Detail(Referral r, IReadOnlyDictionary<Guid, string> orgs, string memberName, DateTimeOffset now, List<ReferralStatusChange> changes,
        List<ServiceAuthorization> auths, List<ServiceDelivery> deliveries, List<ExtensionRequest> extensions, List<DocumentDto> documents)
    {
        var service = catalog.CommunitySupportOn(r.CommunitySupportCode, r.RequestedStart);
        var actor = ReferralRules.ActorOf(r, db.Scope);
        var allowed = ReferralWorkflow.Next(r.Status, actor).Select(s => s.ToCode()).ToList();
        var full = ReferralDisclosure.For(r, actor) == ReferralDisclosureLevel.Full;
        return new ReferralDetail(
            Summary(SummaryRow.Of(r, memberName), orgs, now),
            r.ReferrerKind, r.ReferredBy, full ? r.Reason : null, full ? r.Needs : null, r.RequestedQuantity, r.RequestedAmount,
            service is null ? null : LimitEngine.QuantityUnit(service.Version),
            full ? Attested(r) : [], full ? r.DenialReason : null, full ? r.MemberNotice : null, full ? r.PendReason : null,
            r.DeclineReason, r.DeclineNote, r.ReportedCapacity,
            r.ScheduledFor, r.ScheduleNote, r.Outcome, full ? r.OutcomeNote : null, r.ClosedAt, r.Channel,
            [.. changes.Select(c => new TimelineEntry(c.From?.ToCode(), c.To.ToCode(), c.To.Label(), c.At, c.SecondsInPrevious, c.By,
                c.ByOrganizationId is { } o ? orgs.GetValueOrDefault(o) : null, full ? c.Note : null))],
            [.. auths.Select(a => ToDto(a, orgs))],
            [.. deliveries.Select(d => new DeliveryDto(d.Id, d.ServiceDate, d.EndDate, d.Quantity, d.Unit, d.Amount, d.Note, d.RecordedAt, d.RecordedBy))],
            [.. extensions.Select(e => new ExtensionDto(e.Id, e.RequestedEnd, e.RequestedQuantity, e.RequestedAmount, e.Reason, e.Status, e.RequestedAt, e.RequestedBy, e.DecidedAt, e.DecidedBy, e.DecisionNote))],
            full ? documents : [],
            allowed,
            auths.Count == 0 || auths.Any(a => a.Quantity is null) ? null : auths.Sum(a => a.Quantity),
            deliveries.Sum(d => d.Quantity),
            auths.Count == 0 ? null : auths.Max(a => a.End),
            full ? null : ReferralDisclosure.WithheldMessage);
    }

    /// <summary>The attestations stored with a referral (one per line).</summary>
    public static List<string> Attested(Referral r) => r.Attestations?.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList() ?? [];

    private Task<IReadOnlyDictionary<Guid, string>> OrgNamesAsync(IEnumerable<Guid> ids, CancellationToken ct) => organizations.ForAsync(db, ids, ct);

    /// <summary>The organizations a referral names: its plan, its referrer and its CBO, if it has one.</summary>
    private static Guid[] OrganizationsOf(Guid plan, Guid referrer, Guid? cbo) => cbo is { } c ? [plan, referrer, c] : [plan, referrer];

    /// <summary>The names of the members of referrals read through the referral filter (see <see cref="DetailsAsync"/>).</summary>
    private async Task<IReadOnlyDictionary<Guid, string>> MemberNamesAsync(List<Guid> memberIds, CancellationToken ct) =>
        await db.MemberNamesOfAdmittedRows.Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.FullName, ct);

    /// <summary>The summary rows of referrals read through the referral filter, with their members' names in the same query
    /// (see <see cref="DetailsAsync"/>: the filter has admitted the member already). The rows come back in no particular order.</summary>
    private IQueryable<SummaryRow> Named(IQueryable<Referral> referrals) =>
        referrals.Join(db.MemberNamesOfAdmittedRows, r => r.MemberId, m => m.Id, SummaryRow.FromReferral);

    private async Task<IReadOnlyList<ReferralSummary>> SummariesAsync(List<SummaryRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var orgs = await OrgNamesAsync(rows.SelectMany(r => OrganizationsOf(r.PlanId, r.ReferringOrganizationId, r.CboId)), ct);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => Summary(r, orgs, now))];
    }

    private ReferralSummary Summary(SummaryRow r, IReadOnlyDictionary<Guid, string> orgs, DateTimeOffset now) => new(
        r.Id, r.MemberId, r.MemberName, r.CommunitySupportCode, catalog.FindCommunitySupport(r.CommunitySupportCode)?.Name ?? r.CommunitySupportCode,
        r.Status.ToCode(), r.Status.Label(), r.Status.ToTaskStatus(), r.Priority, r.PlanId, orgs.GetValueOrDefault(r.PlanId),
        r.ReferringOrganizationId, orgs.GetValueOrDefault(r.ReferringOrganizationId), r.CboId, r.CboId is { } c ? orgs.GetValueOrDefault(c) : null,
        r.County, r.RequestedStart, r.RequestedEnd, r.CreatedAt, r.UpdatedAt, r.DecisionDueAt, r.DecidedAt,
        AuthorizationClock.Describe(r.DecisionDueAt, now, r.DecidedAt), r.Outcome);

    private static AuthorizationDto ToDto(ServiceAuthorization a, IReadOnlyDictionary<Guid, string> orgs) =>
        new(a.Id, a.ReferralId, a.PlanId, orgs.GetValueOrDefault(a.PlanId), a.County, a.CommunitySupportCode, a.Kind, a.Start, a.End, a.Quantity, a.QuantityUnit, a.Amount, a.AuthorizedAt, a.AuthorizedBy,
            a.LimitException, a.LimitExceptionReason, a.LimitExceptionLimits);

    /// <summary>The columns of a referral its summary shows: a list reads these instead of whole referrals.</summary>
    private sealed record SummaryRow(Guid Id, Guid MemberId, string CommunitySupportCode, ReferralStatus Status, string Priority, Guid PlanId,
        Guid ReferringOrganizationId, Guid? CboId, string County, DateOnly RequestedStart, DateOnly RequestedEnd, DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt, DateTimeOffset DecisionDueAt, DateTimeOffset? DecidedAt, string? Outcome, string MemberName)
    {
        private static readonly Expression<Func<Referral, string, SummaryRow>> _row = (r, memberName) => new SummaryRow(r.Id, r.MemberId, r.CommunitySupportCode,
            r.Status, r.Priority, r.PlanId, r.ReferringOrganizationId, r.CboId, r.County, r.RequestedStart, r.RequestedEnd, r.CreatedAt, r.UpdatedAt,
            r.DecisionDueAt, r.DecidedAt, r.Outcome, memberName);

        private static readonly Expression<Func<MemberName, string>> _memberName = m => m.FullName;

        /// <summary>The row of a referral already read, with its member's name.</summary>
        public static readonly Func<Referral, string, SummaryRow> Of = _row.Compile();

        /// <summary>The row of a referral joined with its member (the name built as it is read).</summary>
        public static readonly Expression<Func<Referral, MemberName, SummaryRow>> FromReferral = Expression.Lambda<Func<Referral, MemberName, SummaryRow>>(
            ReplacingExpressionVisitor.Replace(_row.Parameters[1], _memberName.Body, _row.Body), _row.Parameters[0], _memberName.Parameters[0]);
    }
}
