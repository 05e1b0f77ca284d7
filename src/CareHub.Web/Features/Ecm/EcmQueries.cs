using System.Text.Json;
using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>Reads of ECM cases, worklists, caseloads and suggestions. Scoping comes from the data layer; reads of a
/// member's data are audited.</summary>
public sealed class EcmQueries(CareHubDbContext db, AuditTrail audit, TimeProvider clock, EcmLookups lookups)
{
    public const int MaxPageSize = 200;

    /// <summary>A list's total counts at most this many matches, so a long list costs the same as a short one; beyond
    /// it the total is a lower bound ("1,000+") and pages still follow while rows remain.</summary>
    public const int TotalCap = 1000;

    /// <summary>The last page that can be asked for: its offset still fits the database's row offset.</summary>
    private const int MaxPage = int.MaxValue / MaxPageSize;

    private IAccessScope Scope => db.Scope;
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<CaseDetail?> GetAsync(Guid caseId, string target, CancellationToken ct = default)
    {
        var c = await db.Set<EcmCase>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null)
        {
            return null;
        }

        var member = await db.Members.AsNoTracking().Where(m => m.Id == c.MemberId)
            .Select(m => new { m.FirstName, m.LastName, m.PlanMemberId, m.County, m.PreferredLanguage }).FirstAsync(ct);
        var names = await db.Organizations.AsNoTracking().Where(o => o.Id == c.PlanId || o.Id == c.ProviderId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var events = await db.Set<EcmCaseEvent>().AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Id).ToListAsync(ct);
        var outreach = await db.Set<OutreachAttempt>().AsNoTracking().Where(o => o.CaseId == caseId).OrderBy(o => o.Date).ThenBy(o => o.RecordedAt)
            .Select(o => new OutreachItem(o.Id, o.Date, o.Modality, o.Outcome, o.Note, o.RecordedBy, o.RecordedAt)).ToListAsync(ct);
        var tasks = await db.Set<EcmTask>().AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.CompletedAt != null).ThenBy(t => t.DueDate).ToListAsync(ct);
        var assessments = await db.Set<EcmAssessment>().AsNoTracking().Where(a => a.CaseId == caseId).OrderByDescending(a => a.CompletedAt).ToListAsync(ct);
        var plans = await db.Set<CarePlanVersion>().AsNoTracking().Where(v => v.CaseId == caseId).OrderByDescending(v => v.Version).ToListAsync(ct);
        var team = await db.Set<CareTeamMember>().AsNoTracking().Where(t => t.CaseId == caseId && t.RemovedAt == null).OrderByDescending(t => t.IsLeadCareManager).ThenBy(t => t.AddedAt)
            .Select(t => new CareTeamItem(t.Id, t.Name, t.Role, t.Organization, t.Contact, t.IsInternal, t.IsLeadCareManager, t.AddedAt)).ToListAsync(ct);
        var transitions = await db.Set<TransitionEvent>().AsNoTracking().Where(t => t.MemberId == c.MemberId && (t.CaseId == caseId || t.CaseId == null))
            .OrderByDescending(t => t.EventDate)
            .Select(t => new TransitionItem(t.Id, t.Kind, t.EventDate, t.Facility, t.FacilityType, t.Diagnosis, t.ImportedAt)).ToListAsync(ct);
        var settings = await lookups.SettingsAsync(c.PlanId, ct);
        var utr = settings.UnableToReach.Evaluate(outreach.Select(o => (o.Date, o.Modality, o.Outcome)));
        var findings = await lookups.ExclusionsAsync(c.MemberId, Today, ct);
        var memberName = member.FirstName + " " + member.LastName;

        await audit.RecordAsync(EcmAuditActions.Read, c.MemberId, target, null, ct);
        return new CaseDetail(
            c.Id, c.MemberId, memberName, member.PlanMemberId, member.County, member.PreferredLanguage, c.Status, EcmStatus.Label(c.Status),
            c.ProviderId, c.ProviderId is { } p ? names.GetValueOrDefault(p) : null, c.PlanId, names.GetValueOrDefault(c.PlanId), c.Source, c.Reason, c.Population,
            c.ReferrerName, c.ReferrerOrganization, c.ReferredAt, c.ReferredBy, c.DecisionDueBy, EcmDueDates.DaysLeft(c.DecisionDueBy, Today),
            c.AutoAuthorized, c.DecidedAt, c.DecisionReason, c.ConsentDate, c.LeadCareManager, c.DisenrollmentReason, c.DisenrollmentNote, c.StatusChangedAt, c.MergedReferrals,
            [.. events.Where(e => e.Kind == EcmEventKind.Status).Select(e => new HistoryItem(e.At, e.Status, e.By))],
            [.. events.Select(e => new TimelineItem(e.At, e.Kind, e.Status, e.By, e.Detail))],
            outreach,
            new UnableToReachItem(settings.UnableToReach.Describe(), utr.Flagged, utr.UnsuccessfulAttempts, utr.DaysOfOutreach, utr.InPersonAttempts, utr.Reached, utr.Explanation),
            [.. findings.Select(f => new ExclusionItem(f.Code, f.Name, f.Type == CareHub.Catalog.ExclusionType.Exclusion ? "exclusion" : "non-duplication", f.Blocks, f.Reason, f.Confidence.ToString().ToLowerInvariant(), f.Notes))],
            [.. tasks.Select(t => new TaskItem(t.Id, t.CaseId, t.MemberId, memberName, member.PlanMemberId, t.Kind, t.Title, t.DueDate, t.CompletedAt is null && t.DueDate < Today, t.CompletedAt, t.CompletedBy, t.OrganizationId))],
            [.. assessments.Select(ToItem)],
            [.. plans.Select(ToItem)],
            team,
            transitions,
            EcmStateMachine.Next(c.Status),
            c.EnrollmentDate, c.Presumptive, c.PresumptiveDueBy);
    }

    internal static AssessmentItem ToItem(EcmAssessment a) =>
        new(a.Id, a.FormCode, a.FormVersion, AssessmentForms.Find(a.FormCode, a.FormVersion)?.Title ?? a.FormCode,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(a.AnswersJson, EcmLookups.Json) ?? [],
            a.SocialNeeds?.Split(',') ?? [], a.CompletedAt, a.CompletedBy);

    internal static CarePlanItem ToItem(CarePlanVersion v) =>
        new(v.Version, v.ProblemsAndGoals, JsonSerializer.Deserialize<List<CarePlanIntervention>>(v.InterventionsJson, EcmLookups.Json) ?? [],
            v.MemberWords, v.ProgressNotes, v.SavedAt, v.SavedBy);

    /// <summary>The plan's queue or a provider's caseload: filter by status, search, stuck, sort and page.</summary>
    public async Task<Paged<CaseRow>> ListAsync(CaseFilter filter, string target, CancellationToken ct = default)
    {
        var page = Math.Clamp(filter.Page, 1, MaxPage);
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var now = clock.GetUtcNow();
        DateTimeOffset? stuckBefore = null;
        if (filter.StuckOnly)
        {
            var days = Scope.OrganizationId is { } planId && Scope.OrganizationType == OrganizationType.Plan ? (await lookups.SettingsAsync(planId, ct)).StuckAfterDays : 14;
            stuckBefore = now.AddDays(-days);
        }

        IQueryable<EcmCase> Matching(IQueryable<EcmCase> cases)
        {
            if (Scope.OrganizationType == OrganizationType.EcmProvider)
            {
                cases = cases.Where(c => c.ProviderId == Scope.OrganizationId);
            }
            else if (Scope.OrganizationType == OrganizationType.Plan)
            {
                cases = cases.Where(c => c.PlanId == Scope.OrganizationId);
            }

            if (filter.Status is { Length: > 0 } status)
            {
                cases = status == "open" ? cases.Where(c => c.OpenMemberId != null)
                    : EcmStatuses.TryParse(status, out var only) ? cases.Where(c => c.Status == only) : cases.Where(c => false);
            }

            if (filter.ProviderId is { } provider)
            {
                cases = cases.Where(c => c.ProviderId == provider);
            }

            if (stuckBefore is { } before)
            {
                var transitional = EcmStatus.Transitional.ToArray();
                cases = cases.Where(c => transitional.Contains(c.Status) && c.StatusChangedAt < before);
            }

            return cases;
        }

        var q = Matching(db.Set<EcmCase>().AsNoTracking());
        var members = filter.Q?.Trim() is { Length: > 0 } text ? db.Members.WhereNameOrIdMatches(text) : db.Members;
        var joined = q.Join(members, c => c.MemberId, m => m.Id, (c, m) => new { c, m });
        var rows = filter.Sort switch
        {
            "name" => joined.OrderBy(x => x.m.LastName).ThenBy(x => x.m.FirstName).ThenBy(x => x.c.Id),
            "referred" => joined.OrderByDescending(x => x.c.ReferredAt).ThenBy(x => x.c.Id),
            "due" => joined.OrderBy(x => x.c.DecisionDueBy).ThenBy(x => x.c.Id),
            _ => joined.OrderBy(x => x.c.StatusChangedAt).ThenBy(x => x.c.Id),
        };
        // Without a name search every visible case joins exactly one visible member, so count the cases alone; a plan
        // counts its own cases without the per-member check (only the number leaves, as in the queue's cards).
        var own = OwnRowsOnly && Scope.OrganizationType == OrganizationType.Plan ? Matching(db.Set<EcmCase>().IgnoreQueryFilters().AsNoTracking()) : q;
        var counted = filter.Q?.Trim() is { Length: > 0 } ? await CountAtMostAsync(rows, ct)
            : await CountAtMostAsync(ByOwner(own), ct);
        var read = await rows.Skip((page - 1) * size).Take(size + 1)
            .Select(x => new { x.c.Id, x.c.MemberId, x.m.FirstName, x.m.LastName, x.m.PlanMemberId, x.m.County, x.c.Status, x.c.Source, x.c.Population, x.c.ProviderId, x.c.ReferredAt, x.c.DecisionDueBy, x.c.StatusChangedAt })
            .ToListAsync(ct);
        var (items, total, lowerBound, hasNext) = Cut(read, counted, page, size);
        var providerIds = items.Where(i => i.ProviderId != null).Select(i => i.ProviderId!.Value).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => providerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        await audit.RecordShownAsync(EcmAuditActions.List, items.Select(i => i.MemberId), target, $"status={filter.Status}; q={filter.Q}; stuck={filter.StuckOnly}; page={page}; results={items.Count} of {total}{(lowerBound ? "+" : "")}", ct);
        return new Paged<CaseRow>([.. items.Select(i => new CaseRow(i.Id, i.MemberId, i.FirstName + " " + i.LastName, i.PlanMemberId, i.County, i.Status, i.Source, i.Population,
            i.ProviderId, i.ProviderId is { } p ? names.GetValueOrDefault(p) : null, i.ReferredAt, i.DecisionDueBy, i.StatusChangedAt, (int)(now - i.StatusChangedAt).TotalDays))], total, page, size)
        {
            TotalIsLowerBound = lowerBound,
            HasNext = hasNext,
        };
    }

    /// <summary>Counts the matches up to one past <see cref="TotalCap"/>: enough to tell an exact total from a long list.
    /// Lists order by a column the filter fixes (the owner), which costs no sort and says any rows will do; taking only
    /// ordered rows makes every caller say so.</summary>
    private static Task<int> CountAtMostAsync<T>(IOrderedQueryable<T> matching, CancellationToken ct) => matching.Take(TotalCap + 1).CountAsync(ct);

    /// <summary>Cases in the order of the column that names the caller's organization: a provider's cases by provider,
    /// anyone else's by plan.</summary>
    private IOrderedQueryable<EcmCase> ByOwner(IQueryable<EcmCase> cases) =>
        Scope.OrganizationType == OrganizationType.EcmProvider ? cases.OrderBy(c => c.ProviderId) : cases.OrderBy(c => c.PlanId);

    /// <summary>The page from the rows read for it (one more than the page holds, to tell whether another page
    /// follows) and the list's total from its capped count.</summary>
    private static (List<T> Items, int Total, bool LowerBound, bool HasNext) Cut<T>(List<T> read, int counted, int page, int size)
    {
        var items = read.Take(size).ToList();
        var hasNext = read.Count > size;
        var (total, lowerBound) = Total(counted, page, size, items.Count, hasNext);
        return (items, total, lowerBound, hasNext);
    }

    /// <summary>A list's total from its capped count and the page read: exact up to the cap, and exact again on the
    /// last page past the cap (its rows end the list); otherwise the cap, as a lower bound.</summary>
    private static (int Total, bool LowerBound) Total(int counted, int page, int size, int shown, bool more)
    {
        if (counted <= TotalCap)
        {
            return (counted, false);
        }

        var upTo = (long)(page - 1) * size + shown;
        return shown > 0 && !more && upTo > TotalCap ? ((int)upTo, false) : (Math.Max(TotalCap, (int)Math.Min(upTo, int.MaxValue)), true);
    }

    /// <summary>Open and closed cases of the caller's organization by status, plus overdue decisions and stuck cases.</summary>
    /// <remarks>Only counts leave this query, so it reads the organization's own cases by plan or provider id without
    /// the per-member visibility filter (which the lists apply). The counts by status come from the counts the
    /// database keeps as cases move; the overdue and stuck cases are counted from the indexes up to
    /// <see cref="TotalCap"/> (past it the count says "at least"), so the cards cost the same on any size of plan.</remarks>
    public async Task<QueueCounts> CountsAsync(CancellationToken ct = default)
    {
        var q = db.Set<EcmCase>().AsNoTracking();
        var kept = db.Set<EcmCaseCount>().AsNoTracking();
        if (!Scope.IsUnrestricted && Scope.OrganizationType is OrganizationType.Plan or OrganizationType.EcmProvider)
        {
            q = q.IgnoreQueryFilters();
        }
        else if (!Scope.IsUnrestricted)
        {
            q = q.Where(c => false);
            kept = kept.Where(c => false);
        }

        var stuckDays = 14;
        if (Scope.OrganizationType == OrganizationType.EcmProvider && Scope.OrganizationId is { } providerId)
        {
            q = q.Where(c => c.ProviderId == providerId);
            kept = kept.Where(c => c.ProviderId == providerId);
        }
        else if (Scope.OrganizationType == OrganizationType.Plan && Scope.OrganizationId is { } planId)
        {
            q = q.Where(c => c.PlanId == planId);
            kept = kept.Where(c => c.PlanId == planId);
            stuckDays = (await lookups.SettingsAsync(planId, ct)).StuckAfterDays;
        }

        var byStatus = await kept.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToListAsync(ct);

        // Stuck is a transitional status (open and not enrolled) unchanged too long.
        var today = Today;
        var before = clock.GetUtcNow().AddDays(-stuckDays);
        var transitional = EcmStatus.Transitional.ToArray();
        var overdue = await CountAtMostAsync(ByOwner(q.Where(c => c.Status == EcmStatus.Referred && c.DecisionDueBy < today)), ct);
        var stuck = await CountAtMostAsync(ByOwner(q.Where(c => transitional.Contains(c.Status) && c.StatusChangedAt < before)), ct);
        return new QueueCounts(byStatus.Where(x => x.Count != 0).ToDictionary(x => x.Key.ToCode(), x => x.Count), CappedCount.Of(overdue, TotalCap), CappedCount.Of(stuck, TotalCap));
    }

    /// <summary>One member's cases, newest first (a re-enrolled member has the earlier cases as history).</summary>
    public async Task<IReadOnlyList<CaseRow>?> MemberCasesAsync(Guid memberId, string target, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => new { m.FirstName, m.LastName, m.PlanMemberId, m.County }).FirstOrDefaultAsync(ct);
        if (member is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var cases = await db.Set<EcmCase>().AsNoTracking().Where(c => c.MemberId == memberId).OrderByDescending(c => c.ReferredAt).ToListAsync(ct);
        var providerIds = cases.Where(c => c.ProviderId != null).Select(c => c.ProviderId!.Value).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => providerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        await audit.RecordAsync(EcmAuditActions.List, memberId, target, $"cases={cases.Count}", ct);
        return [.. cases.Select(c => new CaseRow(c.Id, c.MemberId, member.FirstName + " " + member.LastName, member.PlanMemberId, member.County, c.Status, c.Source, c.Population,
            c.ProviderId, c.ProviderId is { } p ? names.GetValueOrDefault(p) : null, c.ReferredAt, c.DecisionDueBy, c.StatusChangedAt, (int)(now - c.StatusChangedAt).TotalDays))];
    }

    /// <summary>The caller's organization's open tasks with due dates: <c>due</c> = overdue, today, week or all (default).</summary>
    /// <remarks>The page is read in index order (by due date, or by the member's sort name kept on each task) with the
    /// members the caller may see. The total is the number of the organization's own open tasks that match, counted
    /// from the worklist index without the per-member check: only the number leaves that query (as in
    /// <see cref="CountsAsync"/>), and tasks of members the organization no longer sees are closed when a case moves.</remarks>
    public async Task<Paged<TaskItem>> WorklistAsync(WorklistFilter filter, string target, CancellationToken ct = default)
    {
        var page = Math.Clamp(filter.Page, 1, MaxPage);
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var today = Today;
        var org = Scope.OrganizationId;
        IQueryable<EcmTask> Matching(IQueryable<EcmTask> tasks)
        {
            var q = tasks.Where(t => t.OrganizationId == org && t.CompletedAt == null);
            q = filter.Due switch
            {
                "overdue" => q.Where(t => t.DueDate < today),
                "today" => q.Where(t => t.DueDate == today),
                "due" => q.Where(t => t.DueDate <= today),
                "week" => q.Where(t => t.DueDate <= today.AddDays(7)),
                _ => q,
            };
            return filter.Kind is { Length: > 0 } kind ? q.Where(t => t.Kind == kind) : q;
        }

        var q = Matching(db.Set<EcmTask>().AsNoTracking());
        var rows = q.Join(db.Members, t => t.MemberId, m => m.Id, (t, m) => new { t, m });
        rows = filter.Sort switch
        {
            "name" => rows.OrderBy(x => x.t.MemberSortName).ThenBy(x => x.t.DueDate).ThenBy(x => x.t.Id),
            "kind" => rows.OrderBy(x => x.t.Kind).ThenBy(x => x.t.DueDate).ThenBy(x => x.t.Id),
            _ => rows.OrderBy(x => x.t.DueDate).ThenBy(x => x.t.Id),
        };
        var counted = await CountAtMostAsync((OwnRowsOnly ? Matching(db.Set<EcmTask>().IgnoreQueryFilters().AsNoTracking()) : q).OrderBy(t => t.OrganizationId), ct);
        var read = await rows.Skip((page - 1) * size).Take(size + 1)
            .Select(x => new TaskItem(x.t.Id, x.t.CaseId, x.t.MemberId, x.m.FirstName + " " + x.m.LastName, x.m.PlanMemberId, x.t.Kind, x.t.Title, x.t.DueDate,
                x.t.DueDate < today, x.t.CompletedAt, x.t.CompletedBy, x.t.OrganizationId))
            .ToListAsync(ct);
        var (items, total, lowerBound, hasNext) = Cut(read, counted, page, size);
        await audit.RecordShownAsync(EcmAuditActions.Worklist, items.Select(i => i.MemberId), target, $"due={filter.Due}; kind={filter.Kind}; page={page}; results={items.Count} of {total}{(lowerBound ? "+" : "")}", ct);
        return new Paged<TaskItem>(items, total, page, size) { TotalIsLowerBound = lowerBound, HasNext = hasNext };
    }

    /// <summary>True when the caller is a plan or an ECM provider: its own rows (by plan, provider or task owner) may be
    /// counted without the per-member visibility filter, because only numbers leave such a count.</summary>
    private bool OwnRowsOnly => !Scope.IsUnrestricted && Scope.OrganizationId is not null && Scope.OrganizationType is OrganizationType.Plan or OrganizationType.EcmProvider;

    /// <summary>Counts of the caller's open tasks: overdue, due today, later.</summary>
    public async Task<(int Overdue, int Today, int Later)> TaskCountsAsync(CancellationToken ct = default)
    {
        var today = Today;
        var org = Scope.OrganizationId;
        var counts = await db.Set<EcmTask>().AsNoTracking().Where(t => t.OrganizationId == org && t.CompletedAt == null)
            .GroupBy(t => t.DueDate < today ? 0 : t.DueDate == today ? 1 : 2).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Get(int k) => counts.FirstOrDefault(c => c.Key == k)?.Count ?? 0;
        return (Get(0), Get(1), Get(2));
    }

    /// <summary>
    /// ECM providers' caseloads against capacity. Capacity is a provider's total across plans, so the counts are
    /// taken over all cases (only counts leave the query, no member data). A provider sees itself; a plan sees every
    /// ECM provider.
    /// </summary>
    public async Task<IReadOnlyList<CaseloadRow>> CaseloadAsync(CancellationToken ct = default)
    {
        var providers = db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.EcmProvider);
        if (Scope.OrganizationType == OrganizationType.EcmProvider)
        {
            providers = providers.Where(o => o.Id == Scope.OrganizationId);
        }

        var list = await providers.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.Capacity }).ToListAsync(ct);
        var counts = await CaseloadCountsAsync(Scope.OrganizationType == OrganizationType.EcmProvider ? Scope.OrganizationId : null, ct);
        return [.. list.Select(p =>
        {
            var byStatus = counts.Where(c => c.ProviderId == p.Id).ToDictionary(c => c.Status.ToCode(), c => c.Count);
            var load = byStatus.Values.Sum();
            return new CaseloadRow(p.Id, p.Name, p.Capacity, load, p.Capacity is { } cap ? Math.Max(0, cap - load) : null, byStatus);
        })];
    }

    /// <summary>Cases with a provider by provider and status (one provider's, or all), from the kept counts.</summary>
    private async Task<List<(Guid ProviderId, EcmStatus Status, int Count)>> CaseloadCountsAsync(Guid? providerId, CancellationToken ct)
    {
        var statuses = EcmStatus.WithProvider.ToArray();
        var counts = db.Set<EcmCaseCount>().AsNoTracking();
        counts = providerId is { } only ? counts.Where(c => c.ProviderId == only) : counts.Where(c => c.ProviderId != Guid.Empty);
        var rows = await counts.Where(c => statuses.Contains(c.Status))
            .GroupBy(c => new { c.ProviderId, c.Status }).Select(g => new { g.Key.ProviderId, g.Key.Status, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        return [.. rows.Where(r => r.Count != 0).Select(r => (r.ProviderId, r.Status, r.Count))];
    }

    /// <summary>
    /// Outreach counts for reporting (the Outreach Tracker File's figures): attempts and members reached per provider,
    /// modality and outcome, for attempts dated <paramref name="from"/> through <paramref name="to"/>. A plan counts
    /// its members' attempts, a provider its own.
    /// </summary>
    public async Task<IReadOnlyList<OutreachCountRow>> OutreachCountsAsync(DateOnly from, DateOnly to, string target, CancellationToken ct = default)
    {
        var q = db.Set<OutreachAttempt>().AsNoTracking().Where(o => o.Date >= from && o.Date <= to);
        if (Scope.OrganizationType == OrganizationType.EcmProvider)
        {
            q = q.Where(o => o.ProviderId == Scope.OrganizationId);
        }
        else if (Scope.OrganizationType == OrganizationType.Plan)
        {
            q = q.Where(o => db.Set<EcmCase>().Any(c => c.Id == o.CaseId && c.PlanId == Scope.OrganizationId));
        }

        var rows = await q.GroupBy(o => new { o.ProviderId, o.Modality, o.Outcome })
            .Select(g => new { g.Key.ProviderId, g.Key.Modality, g.Key.Outcome, Attempts = g.Count(), Members = g.Select(o => o.MemberId).Distinct().Count() })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.ProviderId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        await audit.RecordAsync("ecm-outreach.report", null, target, $"from={from:yyyy-MM-dd}; to={to:yyyy-MM-dd}; rows={rows.Count}", ct);
        return [.. rows.OrderBy(r => names.GetValueOrDefault(r.ProviderId), StringComparer.Ordinal).ThenBy(r => r.Modality, StringComparer.Ordinal).ThenBy(r => r.Outcome, StringComparer.Ordinal)
            .Select(r => new OutreachCountRow(r.ProviderId, names.GetValueOrDefault(r.ProviderId) ?? "", r.Modality, r.Outcome, r.Attempts, r.Members))];
    }

    /// <summary>ECM providers suggested for a case, best first (plan only).</summary>
    public async Task<IReadOnlyList<SuggestionItem>?> SuggestionsAsync(Guid caseId, CancellationToken ct = default)
    {
        var c = await db.Set<EcmCase>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null)
        {
            return null;
        }

        var member = await db.Members.AsNoTracking().Where(m => m.Id == c.MemberId).Select(m => new { m.County, m.PreferredLanguage }).FirstAsync(ct);
        var populations = await LatestPopulationsAsync(c.MemberId, ct);
        if (c.Population is { } pop && !populations.Contains(pop))
        {
            populations.Add(pop);
        }

        var previous = await db.Set<EcmCase>().AsNoTracking().Where(x => x.MemberId == c.MemberId && x.ProviderId != null && x.Id != c.Id).Select(x => x.ProviderId!.Value)
            .Concat(db.Set<OutreachAttempt>().AsNoTracking().Where(o => o.MemberId == c.MemberId).Select(o => o.ProviderId)).Distinct().ToListAsync(ct);
        var grants = await db.MemberAccessGrants.AsNoTracking().Where(g => g.MemberId == c.MemberId && g.Reason == MemberAccessGrants.EcmAssignment).Select(g => g.OrganizationId).Distinct().ToListAsync(ct);
        previous = [.. previous.Concat(grants).Where(id => id != c.ProviderId).Distinct()];

        var providers = await db.Organizations.AsNoTracking().Where(o => o.Type == OrganizationType.EcmProvider).ToListAsync(ct);
        var profiles = await db.Set<EcmProviderProfile>().AsNoTracking().ToDictionaryAsync(p => p.OrganizationId, ct);

        // Where the plan has ECM contracts in the member's county, only contracted providers are suggested, with the
        // Populations of Focus their contracts cover.
        var contracted = await Network.ProviderContracts.ContractedAsync(db, c.PlanId, member.County, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), null, ct);
        if (contracted is not null)
        {
            providers = [.. providers.Where(p => contracted.ContainsKey(p.Id))];
            profiles = profiles.ToDictionary(p => p.Key, p => contracted.TryGetValue(p.Key, out var k) ? new EcmProviderProfile { OrganizationId = p.Key, PopulationsServed = k.Populations, AcceptingReferrals = p.Value.AcceptingReferrals } : p.Value);
        }

        var counts = (await CaseloadCountsAsync(null, ct)).GroupBy(x => x.ProviderId).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var suggestions = AssignmentSuggester.Suggest(
            new AssignmentMember(member.County, member.PreferredLanguage, populations, previous),
            providers.Where(p => p.Id != c.ProviderId).Select(p => new AssignmentProvider(p.Id, p.Name, p.Counties, profiles.GetValueOrDefault(p.Id)?.PopulationsServed ?? [], p.Capacity,
                counts.GetValueOrDefault(p.Id), p.Languages, profiles.GetValueOrDefault(p.Id)?.AcceptingReferrals ?? true)));
        return [.. suggestions.Select(s => new SuggestionItem(s.Provider.Id, s.Provider.Name, s.ServesCounty, s.ServesPopulation, s.HasCapacity, s.SpeaksLanguage, s.KnowsMember,
            s.Provider.Capacity, s.Provider.Caseload, s.Provider.Remaining, s.Reasons))];
    }

    /// <summary>Populations of Focus the member was found eligible for in the latest completed identification run.</summary>
    public async Task<List<string>> LatestPopulationsAsync(Guid memberId, CancellationToken ct = default)
    {
        var runId = await db.Determinations.AsNoTracking().Where(d => d.MemberId == memberId)
            .Join(db.IdentificationRuns.Where(r => r.Status == RunStatus.Completed), d => d.RunId, r => r.Id, (d, r) => new { r.Id, r.RequestedAt })
            .OrderByDescending(x => x.RequestedAt).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        return runId is null ? []
            : await db.Determinations.AsNoTracking().Where(d => d.RunId == runId && d.MemberId == memberId && d.Eligible).Select(d => d.Population).ToListAsync(ct);
    }
}
