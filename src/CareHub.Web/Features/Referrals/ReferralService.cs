using System.Text.Json;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Members;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

public enum ResultKind
{
    Ok,
    Created,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
    Refused,
}

/// <summary>What a referral operation did: the value, or which fields were wrong and why.</summary>
public sealed record OpResult<T>(ResultKind Kind, T? Value = default, IReadOnlyDictionary<string, string[]>? Errors = null, string? Message = null)
{
    public bool Succeeded => Kind is ResultKind.Ok or ResultKind.Created;

    public static OpResult<T> Invalid(string field, string message) => new(ResultKind.Invalid, Errors: new Dictionary<string, string[]> { [field] = [message] }, Message: message);

    public static OpResult<T> Invalid(Dictionary<string, List<string>> errors) =>
        new(ResultKind.Invalid, Errors: errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), Message: string.Join(" ", errors.SelectMany(e => e.Value)));

    public static OpResult<T> Refused(IReadOnlyList<string> reasons) =>
        new(ResultKind.Refused, Errors: new Dictionary<string, string[]> { ["limits"] = [.. reasons] }, Message: string.Join(" ", reasons));

    public static OpResult<T> NotFound(string message) => new(ResultKind.NotFound, Message: message);

    public static OpResult<T> Conflict(string message) => new(ResultKind.Conflict, Message: message);

    public static OpResult<T> Forbidden(string message) => new(ResultKind.Forbidden, Message: message);
}

/// <summary>
/// Community Supports referrals and authorizations: creation with the instant check and idempotency, the plan's
/// decision with its clock and the limit engine, the CBO's accept/decline/schedule/services/close, extensions.
/// Every read and change is audited; every status change is kept (time in status) and written to the outbox in the
/// same transaction. Organization scoping comes from the data layer: a referral is visible exactly when its member is.
/// </summary>
public sealed class ReferralService(CareHubDbContext db, ProgramCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    public const string GrantReason = "cs-referral";
    private const int MaxDocumentBytes = 5 * 1024 * 1024;

    private IAccessScope Scope => db.Scope;

    /// <summary>
    /// Referrals the caller may see: those its organization takes part in (authorizing plan, referrer, CBO) and, for
    /// the member's current plan, all of the member's referrals (so history follows the member). Seeing the member
    /// alone is not enough: a CBO does not see another CBO's referral for the same member.
    /// </summary>
    public IQueryable<Referral> Visible
    {
        get
        {
            if (Scope.IsUnrestricted)
            {
                return db.Referrals;
            }

            var org = Scope.OrganizationId;
            return db.Referrals.Where(r => r.PlanId == org || r.ReferringOrganizationId == org || r.CboId == org
                || db.Members.Any(m => m.Id == r.MemberId && m.PlanId == org));
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // ------------------------------------------------------------------ instant check

    /// <summary>The instant check for a referral not yet sent; null when the member is not visible.</summary>
    public async Task<ReferralCheckResult?> CheckAsync(ReferralInput input, string? episodeKey = null, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null)
        {
            return null;
        }

        var start = input.RequestedStart ?? Today;
        var end = input.RequestedEnd ?? start;
        return await CheckForMemberAsync(member, input.CommunitySupportCode ?? "", start, end, input.RequestedQuantity, input.RequestedAmount, input.Attestations ?? [], episodeKey, null, ct);
    }

    private async Task<ReferralCheckResult> CheckForMemberAsync(Member member, string code, DateOnly start, DateOnly end, decimal? quantity, decimal? amount,
        IReadOnlyCollection<string> attested, string? episodeKey, Guid? planId, CancellationToken ct, Guid? replacingReferral = null)
    {
        var plan = planId ?? member.PlanId;
        var offerings = await db.PlanOfferings.AsNoTracking().Where(o => o.PlanId == plan).ToListAsync(ct);
        var planName = await db.Organizations.AsNoTracking().Where(o => o.Id == plan).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "The member's plan";
        var encounters = await db.Encounters.AsNoTracking().Where(e => e.MemberId == member.Id && e.ServiceDate > start.AddMonths(-24))
            .Select(e => new ScreenEncounter(e.EncounterClass, e.ServiceDate, e.PrimaryDiagnosis)).ToListAsync(ct);
        var facts = new ScreenFacts(member.BirthDate, member.Sex, member.County, member.IsDual, member.AidCode, member.RaceEthnicity, encounters);
        var history = await HistoryAsync(member.Id, ct, replacingReferral);
        var serviceCode = code.Trim();
        var policies = await db.Set<PlanPolicyRecord>().AsNoTracking().Where(p => p.PlanId == plan && p.CommunitySupportCode == serviceCode).ToListAsync(ct);
        return ReferralChecks.Check(catalog, offerings.Select(o => o.ToOffering()), planName, member.County,
            new LimitRequest(serviceCode, start, end, quantity, amount, episodeKey), facts, attested, history, policies.Select(p => p.ToPolicy()));
    }

    /// <summary>Everything the member used, from any plan or county: approved authorizations, and services delivered
    /// outside any authorization CareHub holds.</summary>
    public async Task<List<UsageRecord>> HistoryAsync(Guid memberId, CancellationToken ct = default, Guid? excludeReferral = null)
    {
        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.MemberId == memberId && (excludeReferral == null || a.ReferralId != excludeReferral)).ToListAsync(ct);
        var history = auths.Select(a => a.ToUsage()).ToList();
        var loose = await db.Set<ServiceDelivery>().AsNoTracking().Where(d => d.MemberId == memberId && d.AuthorizationId == null)
            .Join(db.Referrals, d => d.ReferralId, r => r.Id, (d, r) => new { d, r.CommunitySupportCode, r.PlanId, r.County })
            .ToListAsync(ct);
        history.AddRange(loose.Select(x => new UsageRecord(x.CommunitySupportCode, x.d.ServiceDate, x.d.EndDate ?? x.d.ServiceDate, x.d.Quantity, x.d.Amount,
            x.d.ReferralId.ToString(), x.PlanId, x.County, "delivery")));
        return history;
    }

    /// <summary>The member's usage against each limit of each service they have used, as of today.</summary>
    public async Task<IReadOnlyList<UsageDto>> UsageAsync(Guid memberId, CancellationToken ct = default)
    {
        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.MemberId == memberId).OrderBy(a => a.Start).ToListAsync(ct);
        var history = await HistoryAsync(memberId, ct);
        var plans = await OrgNamesAsync(ct);
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

    // ------------------------------------------------------------------ create

    /// <summary>
    /// Creates a referral after validating it and running the instant check (not offered, or over a limit, is refused).
    /// With an idempotency key, a second call with the same key from the same organization returns the first referral
    /// (<see cref="ResultKind.Ok"/>) instead of creating another; the same key for another member or service is a
    /// conflict.
    /// </summary>
    public async Task<OpResult<ReferralDetail>> CreateAsync(ReferralInput input, string? idempotencyKey, string channel, CancellationToken ct = default)
    {
        if (Scope.OrganizationId is not { } orgId)
        {
            return OpResult<ReferralDetail>.Forbidden("Only a signed-in organization can refer.");
        }

        idempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (idempotencyKey is { Length: > 200 })
        {
            return OpResult<ReferralDetail>.Invalid("Idempotency-Key", "The Idempotency-Key header may be at most 200 characters.");
        }

        if (idempotencyKey is not null && await FindByKeyAsync(orgId, idempotencyKey, ct) is { } existing)
        {
            if (existing.MemberId != input.MemberId
                || !string.Equals(existing.CommunitySupportCode, input.CommunitySupportCode?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return OpResult<ReferralDetail>.Conflict(
                    $"The Idempotency-Key '{idempotencyKey}' was already used for referral {existing.Id} of another member or Community Support; send a new key for a new referral.");
            }

            return new OpResult<ReferralDetail>(ResultKind.Ok, await DetailAsync(existing, ct));
        }

        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var member = input.MemberId == Guid.Empty ? null : await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == input.MemberId, ct);
        if (member is null)
        {
            return input.MemberId == Guid.Empty
                ? OpResult<ReferralDetail>.Invalid("memberId", "Say which member is referred (memberId).")
                : OpResult<ReferralDetail>.NotFound($"No member {input.MemberId} is visible to your organization.");
        }

        var code = input.CommunitySupportCode?.Trim().ToLowerInvariant() ?? "";
        if (code.Length == 0)
        {
            Error("communitySupportCode", "Choose the Community Support (communitySupportCode), e.g. medically-tailored-meals.");
        }
        else if (catalog.FindCommunitySupport(code) is null)
        {
            Error("communitySupportCode", $"'{code}' is not a Community Support in the catalog.");
        }

        var kind = input.ReferrerKind?.Trim().ToLowerInvariant() ?? DefaultReferrerKind();
        if (!ReferrerKinds.All.ContainsKey(kind))
        {
            Error("referrerKind", $"'{kind}' is not a referrer kind; use one of {string.Join(", ", ReferrerKinds.All.Keys)}.");
        }

        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            Error("reason", "Give the reason for the referral.");
        }
        else if (input.Reason.Length > 2000)
        {
            Error("reason", "The reason may be at most 2,000 characters.");
        }

        if (input.Needs is { Length: > 2000 })
        {
            Error("needs", "The needs may be at most 2,000 characters.");
        }

        var priority = input.Priority?.Trim().ToLowerInvariant() ?? AuthorizationClock.Routine;
        if (!AuthorizationClock.IsPriority(priority))
        {
            Error("priority", $"Priority is '{AuthorizationClock.Routine}' or '{AuthorizationClock.Expedited}', not '{input.Priority}'.");
        }

        var start = input.RequestedStart ?? Today;
        var end = input.RequestedEnd ?? start;
        if (end < start)
        {
            Error("requestedEnd", $"The end date {end:yyyy-MM-dd} is before the start date {start:yyyy-MM-dd}.");
        }

        if (input.RequestedQuantity is < 0)
        {
            Error("requestedQuantity", "The quantity cannot be negative.");
        }

        if (input.RequestedAmount is < 0)
        {
            Error("requestedAmount", "The amount cannot be negative.");
        }

        if (input.CboId is { } cboId && !await db.Organizations.AnyAsync(o => o.Id == cboId && o.Type == OrganizationType.Cbo, ct))
        {
            Error("cboId", $"{cboId} is not a Community Supports provider (CBO) in the directory.");
        }

        var documents = ValidateDocuments(input.Documents, Error);
        if (errors.Count > 0)
        {
            return OpResult<ReferralDetail>.Invalid(errors);
        }

        var service = catalog.CommunitySupportOn(code, start);
        var quantityUnit = service is null ? null : LimitEngine.QuantityUnit(service.Version);
        if (quantityUnit is not null && input.RequestedQuantity is null)
        {
            Error("requestedQuantity", $"Say how many {quantityUnit} are requested for {service!.Name}.");
        }

        if (service is not null && LimitEngine.NeedsAmount(service.Version) && input.RequestedAmount is null)
        {
            Error("requestedAmount", $"{service.Name} has a dollar limit; give the requested amount.");
        }

        if (errors.Count > 0)
        {
            return OpResult<ReferralDetail>.Invalid(errors);
        }

        var attested = (input.Attestations ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList();
        var check = await CheckForMemberAsync(member, code, start, end, input.RequestedQuantity, input.RequestedAmount, attested, null, null, ct);
        if (!check.CanProceed)
        {
            return OpResult<ReferralDetail>.Refused(check.Blocking);
        }

        var settings = await SettingsAsync(member.PlanId, ct);
        var now = clock.GetUtcNow();
        var referral = new Referral
        {
            MemberId = member.Id,
            PlanId = member.PlanId,
            County = member.County,
            CommunitySupportCode = check.ServiceCode,
            ReferringOrganizationId = orgId,
            ReferrerKind = kind,
            ReferredBy = Scope.UserName,
            CboId = input.CboId,
            Reason = input.Reason!.Trim(),
            Needs = string.IsNullOrWhiteSpace(input.Needs) ? null : input.Needs.Trim(),
            Priority = priority,
            RequestedStart = start,
            RequestedEnd = end,
            RequestedQuantity = input.RequestedQuantity,
            RequestedAmount = input.RequestedAmount,
            Attestations = attested.Count == 0 ? null : string.Join('\n', attested),
            Status = ReferralStatus.Submitted,
            StatusChangedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            DecisionDueAt = AuthorizationClock.DueAt(now, priority, settings.RoutineHours, settings.ExpeditedHours),
            IdempotencyKey = idempotencyKey,
            Channel = channel,
        };
        db.Referrals.Add(referral);
        foreach (var d in documents)
        {
            d.ReferralId = referral.Id;
            d.MemberId = member.Id;
            d.AddedAt = now;
            d.AddedBy = Scope.UserName;
            db.Add(d);
        }

        if (orgId != member.PlanId)
        {
            Grant(member.Id, orgId, referral.Id, now);
        }

        if (input.CboId is { } cbo && cbo != member.PlanId)
        {
            Grant(member.Id, cbo, referral.Id, now);
        }

        await RecordChangeAsync(referral, null, ReferralStatus.Submitted, $"Referred for {check.ServiceName}. {check.OfferingMessage}"
            + (check.Warnings.Count == 0 ? "" : $" Over a limit the plan may approve above (documented exception or unconfirmed limit): {string.Join("; ", check.Limits.Outcomes.Where(o => o.Warns).Select(o => o.Label))}."), ct);
        audit.Add("cs-referral.create", member.Id, $"/api/referrals/{referral.Id}", $"{code}; {start:yyyy-MM-dd}..{end:yyyy-MM-dd}; channel={channel}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The same key arrived twice at once: the other request won; answer with its referral.
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(orgId, idempotencyKey, ct) is { } winner)
            {
                return new OpResult<ReferralDetail>(ResultKind.Ok, await DetailAsync(winner, ct));
            }

            throw;
        }

        return new OpResult<ReferralDetail>(ResultKind.Created, await DetailAsync(referral, ct));
    }

    private string DefaultReferrerKind() => Scope.OrganizationType switch
    {
        OrganizationType.Plan => "plan-care-manager",
        OrganizationType.EcmProvider => "ecm-lead-care-manager",
        OrganizationType.Cbo => "cbo",
        _ => "county",
    };

    private static List<ReferralDocument> ValidateDocuments(IReadOnlyList<DocumentInput>? documents, Action<string, string> error)
    {
        var result = new List<ReferralDocument>();
        for (var i = 0; i < (documents?.Count ?? 0); i++)
        {
            var d = documents![i];
            var field = $"documents[{i}]";
            if (string.IsNullOrWhiteSpace(d.Title))
            {
                error($"{field}.title", "Each document needs a title.");
                continue;
            }

            byte[]? content = null;
            if (!string.IsNullOrWhiteSpace(d.ContentBase64))
            {
                try
                {
                    content = Convert.FromBase64String(d.ContentBase64);
                }
                catch (FormatException)
                {
                    error($"{field}.contentBase64", "The document content is not valid base64.");
                    continue;
                }

                if (content.Length > MaxDocumentBytes)
                {
                    error($"{field}.contentBase64", "A document may be at most 5 MB.");
                    continue;
                }
            }
            else if (string.IsNullOrWhiteSpace(d.Url) || !Uri.TryCreate(d.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                error($"{field}.url", "Give an http(s) link or the file's content.");
                continue;
            }

            result.Add(new ReferralDocument
            {
                Title = d.Title.Trim(),
                Url = content is null ? d.Url!.Trim() : null,
                ContentType = content is null ? null : (string.IsNullOrWhiteSpace(d.ContentType) ? "application/octet-stream" : d.ContentType.Trim()),
                Content = content,
            });
        }

        return result;
    }

    private async Task<Referral?> FindByKeyAsync(Guid orgId, string key, CancellationToken ct) =>
        await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.ReferringOrganizationId == orgId && r.IdempotencyKey == key, ct);

    private void Grant(Guid memberId, Guid organizationId, Guid referralId, DateTimeOffset now) =>
        db.MemberAccessGrants.Add(new MemberAccessGrant
        {
            MemberId = memberId,
            OrganizationId = organizationId,
            Reason = GrantReason,
            SourceId = referralId,
            GrantedAt = now,
        });

    private async Task RevokeGrantAsync(Referral r, Guid organizationId, CancellationToken ct)
    {
        var grants = await db.MemberAccessGrants.Where(g => g.SourceId == r.Id && g.OrganizationId == organizationId && g.RevokedAt == null).ToListAsync(ct);
        foreach (var g in grants)
        {
            g.RevokedAt = clock.GetUtcNow();
        }
    }

    public async Task<PlanAuthorizationSettings> SettingsAsync(Guid planId, CancellationToken ct = default) =>
        await db.Set<PlanAuthorizationSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.PlanId == planId, ct)
        ?? new PlanAuthorizationSettings { PlanId = planId };

    /// <summary>Changes the plan's decision clocks (plan administrators).</summary>
    public async Task<OpResult<PlanAuthorizationSettings>> UpdateSettingsAsync(int routineHours, int expeditedHours, CancellationToken ct = default)
    {
        if (Scope.OrganizationType != OrganizationType.Plan || Scope.OrganizationId is not { } planId)
        {
            return OpResult<PlanAuthorizationSettings>.Forbidden("Only a plan sets its authorization clocks.");
        }

        if (routineHours is < 1 or > 24 * 30)
        {
            return OpResult<PlanAuthorizationSettings>.Invalid("routineHours", "Routine hours must be between 1 and 720.");
        }

        if (expeditedHours is < 1 or > 24 * 30 || expeditedHours > routineHours)
        {
            return OpResult<PlanAuthorizationSettings>.Invalid("expeditedHours", "Expedited hours must be between 1 and the routine hours.");
        }

        var settings = await db.Set<PlanAuthorizationSettings>().FirstOrDefaultAsync(s => s.PlanId == planId, ct);
        if (settings is null)
        {
            settings = new PlanAuthorizationSettings { PlanId = planId };
            db.Add(settings);
        }

        settings.RoutineHours = routineHours;
        settings.ExpeditedHours = expeditedHours;
        settings.UpdatedAt = clock.GetUtcNow();
        settings.UpdatedBy = Scope.UserName;
        audit.Add("cs-settings.update", null, "/api/referrals/settings", $"routine={routineHours}h; expedited={expeditedHours}h");
        await db.SaveChangesAsync(ct);
        return new OpResult<PlanAuthorizationSettings>(ResultKind.Ok, settings);
    }

    // ------------------------------------------------------------------ reads

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
        var org = Scope.OrganizationId;
        var query = Visible.AsNoTracking();
        if (!Scope.IsUnrestricted)
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

        var rows = await query.OrderByDescending(r => r.CreatedAt).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        await audit.RecordAsync("cs-referral.list", null, target, $"role={role}; status={status?.ToCode()}; results={rows.Count}", ct);
        return await SummariesAsync(rows, ct);
    }

    /// <summary>The member's referrals. <paramref name="auditRead"/> is false only where the surrounding read is
    /// audited already (the member page records <c>member.read</c>).</summary>
    public async Task<IReadOnlyList<ReferralSummary>> ForMemberAsync(Guid memberId, string target, CancellationToken ct = default, bool auditRead = true)
    {
        var rows = await Visible.AsNoTracking().Where(r => r.MemberId == memberId).OrderByDescending(r => r.CreatedAt).ToListAsync(ct);
        if (auditRead)
        {
            await audit.RecordAsync("cs-referral.list", memberId, target, $"member referrals; results={rows.Count}", ct);
        }

        return await SummariesAsync(rows, ct);
    }

    /// <summary>The plan's authorization queue: submitted and pended referrals, the soonest due first.</summary>
    public async Task<IReadOnlyList<ReferralSummary>> QueueAsync(string target, CancellationToken ct = default)
    {
        var org = Scope.OrganizationId;
        var rows = await db.Referrals.AsNoTracking()
            .Where(r => r.PlanId == org && (r.Status == ReferralStatus.Submitted || r.Status == ReferralStatus.Pended))
            .ToListAsync(ct);
        var pendingExtensions = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.Status == "pending")
            .Join(db.Referrals.Where(r => r.PlanId == org), e => e.ReferralId, r => r.Id, (e, r) => r).ToListAsync(ct);
        rows = [.. rows.Concat(pendingExtensions).DistinctBy(r => r.Id).OrderBy(r => r.DecisionDueAt)];
        await audit.RecordAsync("cs-referral.list", null, target, $"authorization queue; results={rows.Count}", ct);
        return await SummariesAsync(rows, ct);
    }

    /// <summary>Average and total time spent in each status (hours) over the caller's referrals, from the stored history.</summary>
    public async Task<IReadOnlyList<TimeInStatus>> TimeInStatusAsync(CancellationToken ct = default)
    {
        var org = Scope.OrganizationId;
        var changes = await db.Set<ReferralStatusChange>().AsNoTracking()
            .Where(c => c.From != null && c.SecondsInPrevious != null)
            .Join(db.Referrals.Where(r => Scope.IsUnrestricted || r.PlanId == org || r.CboId == org || r.ReferringOrganizationId == org),
                c => c.ReferralId, r => r.Id, (c, r) => new { c.From, c.SecondsInPrevious })
            .ToListAsync(ct);
        return [.. changes.GroupBy(c => c.From!.Value).OrderBy(g => g.Key)
            .Select(g => new TimeInStatus(g.Key.ToCode(), g.Count(), Math.Round(g.Average(x => x.SecondsInPrevious!.Value) / 3600.0, 2), Math.Round(g.Max(x => x.SecondsInPrevious!.Value) / 3600.0, 2)))];
    }

    public sealed record TimeInStatus(string Status, int Transitions, double AverageHours, double MaxHours);

    // ------------------------------------------------------------------ plan decision

    public async Task<OpResult<ReferralDetail>> DecideAsync(Guid id, DecisionInput input, CancellationToken ct = default)
    {
        var r = await Visible.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return OpResult<ReferralDetail>.NotFound($"No referral {id} is visible to your organization.");
        }

        var decision = input.Decision?.Trim().ToLowerInvariant();
        var target = decision switch
        {
            "approve" => ReferralStatus.Approved,
            "deny" => ReferralStatus.Denied,
            "pend" => ReferralStatus.Pended,
            _ => (ReferralStatus?)null,
        };
        if (target is null)
        {
            return OpResult<ReferralDetail>.Invalid("decision", $"The decision is 'approve', 'deny' or 'pend', not '{input.Decision}'.");
        }

        if (Denied(r, r.Status, target.Value) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        string note;
        switch (target.Value)
        {
            case ReferralStatus.Approved:
                {
                    var start = input.Start ?? r.RequestedStart;
                    var end = input.End ?? r.RequestedEnd;
                    var quantity = input.Quantity ?? r.RequestedQuantity;
                    var amount = input.Amount ?? r.RequestedAmount;
                    var cbo = input.CboId ?? r.CboId;
                    if (end < start)
                    {
                        return OpResult<ReferralDetail>.Invalid("end", $"The end date {end:yyyy-MM-dd} is before the start date {start:yyyy-MM-dd}.");
                    }

                    if (cbo is null)
                    {
                        return OpResult<ReferralDetail>.Invalid("cboId", "Choose the Community Supports provider (cboId) who will deliver the service.");
                    }

                    if (!await db.Organizations.AnyAsync(o => o.Id == cbo && o.Type == OrganizationType.Cbo, ct))
                    {
                        return OpResult<ReferralDetail>.Invalid("cboId", $"{cbo} is not a Community Supports provider (CBO) in the directory.");
                    }

                    var member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == r.MemberId, ct);
                    // Sending a declined referral to another provider replaces its authorization (nothing was delivered).
                    var reassigning = r.Status == ReferralStatus.Declined;
                    var check = await CheckForMemberAsync(member, r.CommunitySupportCode, start, end, quantity, amount, Attested(r), r.Id.ToString(), r.PlanId, ct,
                        reassigning ? r.Id : null);
                    var (approval, limitError) = LimitApprovals.Decide(check.Limits, input.LimitException, input.ExceptionReason);
                    if (limitError is not null)
                    {
                        return limitError.Field == "limits" ? OpResult<ReferralDetail>.Refused(check.Limits.Refusals) : OpResult<ReferralDetail>.Invalid(limitError.Field, limitError.Message);
                    }

                    if (reassigning)
                    {
                        if (r.CboId == cbo)
                        {
                            return OpResult<ReferralDetail>.Invalid("cboId", "The provider declined this referral; choose another one.");
                        }

                        db.ServiceAuthorizations.RemoveRange(await db.ServiceAuthorizations.Where(a => a.ReferralId == r.Id).ToListAsync(ct));
                    }

                    var service = catalog.CommunitySupportOn(r.CommunitySupportCode, start);
                    db.ServiceAuthorizations.Add(new ServiceAuthorization
                    {
                        MemberId = r.MemberId,
                        ReferralId = r.Id,
                        PlanId = r.PlanId,
                        County = r.County,
                        CommunitySupportCode = r.CommunitySupportCode,
                        Kind = "initial",
                        Start = start,
                        End = end,
                        Quantity = quantity,
                        QuantityUnit = service is null ? null : LimitEngine.QuantityUnit(service.Version),
                        Amount = amount,
                        AuthorizedAt = now,
                        AuthorizedBy = Scope.UserName,
                        LimitException = approval?.ExceptionCode,
                        LimitExceptionReason = approval?.Reason,
                        LimitExceptionLimits = approval?.Limits,
                    });
                    if (cbo != r.CboId)
                    {
                        if (r.CboId is { } previous)
                        {
                            await RevokeGrantAsync(r, previous, ct);
                        }

                        r.CboId = cbo;
                        Grant(r.MemberId, cbo.Value, r.Id, now);
                    }

                    note = $"Approved {start:yyyy-MM-dd} to {end:yyyy-MM-dd}" + (quantity is { } q ? $", {LimitEngine.Format(q)} {check.QuantityUnit}" : "")
                        + (amount is { } a ? $", ${LimitEngine.Format(a)}" : "") + "." + (approval is null ? "" : $" {approval.Note}");
                    break;
                }

            case ReferralStatus.Denied:
                if (string.IsNullOrWhiteSpace(input.Reason))
                {
                    return OpResult<ReferralDetail>.Invalid("reason", "Give the reason for the denial.");
                }

                if (string.IsNullOrWhiteSpace(input.MemberNotice))
                {
                    return OpResult<ReferralDetail>.Invalid("memberNotice", "Write the notice the member receives (what was denied, why, and how to appeal).");
                }

                r.DenialReason = input.Reason.Trim();
                r.MemberNotice = input.MemberNotice.Trim();
                note = $"Denied: {r.DenialReason}";
                break;

            default:
                if (string.IsNullOrWhiteSpace(input.Reason))
                {
                    return OpResult<ReferralDetail>.Invalid("reason", "Say what information is needed to decide.");
                }

                r.PendReason = input.Reason.Trim();
                note = $"Pended for more information: {r.PendReason}";
                break;
        }

        if (target.Value != ReferralStatus.Pended)
        {
            r.DecidedAt = now;
            r.DecidedBy = Scope.UserName;
        }

        await ChangeAsync(r, target.Value, note, ct);
        audit.Add($"cs-referral.{decision}", r.MemberId, $"/api/referrals/{r.Id}/decision", note);
        await db.SaveChangesAsync(ct);
        return new OpResult<ReferralDetail>(ResultKind.Ok, await DetailAsync(r, ct));
    }

    /// <summary>The referrer (or plan) sends the information a pended referral waited for.</summary>
    public async Task<OpResult<ReferralDetail>> ResubmitAsync(Guid id, ResubmitInput input, CancellationToken ct = default) =>
        await SimpleChangeAsync(id, ReferralStatus.Submitted, "cs-referral.resubmit", r =>
        {
            if (string.IsNullOrWhiteSpace(input.Information))
            {
                return ("information", "Describe the information you are adding.");
            }

            r.Needs = string.IsNullOrWhiteSpace(r.Needs) ? input.Information.Trim() : $"{r.Needs}\n{input.Information.Trim()}";
            return (null, $"More information: {input.Information.Trim()}");
        }, ct);

    public async Task<OpResult<ReferralDetail>> CancelAsync(Guid id, CancelInput input, CancellationToken ct = default) =>
        await SimpleChangeAsync(id, ReferralStatus.Cancelled, "cs-referral.cancel", r =>
        {
            if (string.IsNullOrWhiteSpace(input.Reason))
            {
                return ("reason", "Say why the referral is cancelled.");
            }

            r.OutcomeNote = input.Reason.Trim();
            r.ClosedAt = clock.GetUtcNow();
            return (null, $"Cancelled: {input.Reason.Trim()}");
        }, ct, revokeCbo: true);

    // ------------------------------------------------------------------ CBO workspace

    public async Task<OpResult<ReferralDetail>> AcceptAsync(Guid id, CboResponseInput input, CancellationToken ct = default) =>
        await SimpleChangeAsync(id, ReferralStatus.Accepted, "cs-referral.accept", r =>
        {
            if (input.Capacity is < 0)
            {
                return ("capacity", "Capacity cannot be negative.");
            }

            r.ReportedCapacity = input.Capacity;
            return (null, "Accepted" + (input.Capacity is { } c ? $"; capacity now {c}" : "") + (string.IsNullOrWhiteSpace(input.Note) ? "." : $": {input.Note.Trim()}"));
        }, ct);

    public async Task<OpResult<ReferralDetail>> DeclineAsync(Guid id, CboResponseInput input, CancellationToken ct = default) =>
        await SimpleChangeAsync(id, ReferralStatus.Declined, "cs-referral.decline", r =>
        {
            var reason = input.Reason?.Trim().ToLowerInvariant();
            if (reason is null || !DeclineReasons.All.ContainsKey(reason))
            {
                return ("reason", $"Choose why you decline: {string.Join(", ", DeclineReasons.All.Keys)}.");
            }

            if (reason == "other" && string.IsNullOrWhiteSpace(input.Note))
            {
                return ("note", "Explain the reason in the note.");
            }

            r.DeclineReason = reason;
            r.DeclineNote = Clean(input.Note);
            r.ReportedCapacity = input.Capacity;
            return (null, $"Declined: {DeclineReasons.All[reason]}" + (string.IsNullOrWhiteSpace(input.Note) ? "" : $" — {input.Note.Trim()}"));
        }, ct, revokeCbo: true);

    public async Task<OpResult<ReferralDetail>> ScheduleAsync(Guid id, ScheduleInput input, CancellationToken ct = default) =>
        await SimpleChangeAsync(id, ReferralStatus.Scheduled, "cs-referral.schedule", r =>
        {
            if (input.At is null)
            {
                return ("at", "Give the date and time of the first service.");
            }

            r.ScheduledFor = input.At.Value.ToUniversalTime();
            r.ScheduleNote = Clean(input.Note);
            return (null, $"Scheduled for {r.ScheduledFor:yyyy-MM-dd HH:mm} UTC" + (string.IsNullOrWhiteSpace(input.Note) ? "." : $": {input.Note.Trim()}"));
        }, ct);

    /// <summary>The CBO starts delivering (FHIR Task in-progress) without recording a service yet.</summary>
    public async Task<OpResult<ReferralDetail>> StartAsync(Guid id, string? note, CancellationToken ct = default) =>
        await SimpleChangeAsync(id, ReferralStatus.InService, "cs-referral.start", _ => (null, "Services started" + (string.IsNullOrWhiteSpace(note) ? "." : $": {note.Trim()}")), ct);

    public async Task<OpResult<ReferralDetail>> CloseAsync(Guid id, CloseInput input, CancellationToken ct = default) =>
        await SimpleChangeAsync(id, ReferralStatus.Closed, "cs-referral.close", r =>
        {
            var outcome = input.Outcome?.Trim().ToLowerInvariant();
            if (outcome is null || !ReferralOutcomes.All.ContainsKey(outcome))
            {
                return ("outcome", $"Choose the outcome: {string.Join(", ", ReferralOutcomes.All.Keys)}.");
            }

            if (outcome == "other" && string.IsNullOrWhiteSpace(input.Note))
            {
                return ("note", "Describe the outcome in the note.");
            }

            r.Outcome = outcome;
            r.OutcomeNote = Clean(input.Note);
            r.ClosedAt = clock.GetUtcNow();
            return (null, $"Closed: {ReferralOutcomes.All[outcome]}" + (string.IsNullOrWhiteSpace(input.Note) ? "." : $" — {input.Note.Trim()}"));
        }, ct);

    /// <summary>Records a service delivered. It must fall inside an authorization of the referral and not go past the
    /// units or dollars authorized; the first one moves the referral to in-service.</summary>
    public async Task<OpResult<ReferralDetail>> RecordServiceAsync(Guid id, ServiceInput input, CancellationToken ct = default)
    {
        var r = await Visible.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return OpResult<ReferralDetail>.NotFound($"No referral {id} is visible to your organization.");
        }

        if (!Actor(r).HasFlag(ReferralActor.Cbo))
        {
            return OpResult<ReferralDetail>.Forbidden("Only the Community Supports provider the referral is with records services.");
        }

        if (r.Status is not (ReferralStatus.Accepted or ReferralStatus.Scheduled or ReferralStatus.InService))
        {
            return OpResult<ReferralDetail>.Conflict($"Services are recorded once the referral is accepted; it is {r.Status.ToCode()}.");
        }

        if (input.ServiceDate is not { } date)
        {
            return OpResult<ReferralDetail>.Invalid("serviceDate", "Give the date the service was delivered.");
        }

        var endDate = input.EndDate ?? date;
        if (endDate < date)
        {
            return OpResult<ReferralDetail>.Invalid("endDate", $"The end date {endDate:yyyy-MM-dd} is before the service date {date:yyyy-MM-dd}.");
        }

        if (date > Today)
        {
            return OpResult<ReferralDetail>.Invalid("serviceDate", $"{date:yyyy-MM-dd} is in the future; record services once delivered.");
        }

        if (input.Quantity is not { } quantity || quantity <= 0)
        {
            return OpResult<ReferralDetail>.Invalid("quantity", "Give the units delivered (more than 0).");
        }

        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId == r.Id).ToListAsync(ct);
        var auth = auths.FirstOrDefault(a => a.Start <= date && a.End >= endDate);
        if (auth is null)
        {
            var range = auths.Count == 0 ? "no authorization" : string.Join(", ", auths.OrderBy(a => a.Start).Select(a => $"{a.Start:yyyy-MM-dd} to {a.End:yyyy-MM-dd}"));
            return OpResult<ReferralDetail>.Invalid("serviceDate", $"{date:yyyy-MM-dd}–{endDate:yyyy-MM-dd} is outside the authorization ({range}); request an extension first.");
        }

        var delivered = await db.Set<ServiceDelivery>().AsNoTracking().Where(d => d.AuthorizationId == auth.Id).ToListAsync(ct);
        if (auth.Quantity is { } authorizedUnits && delivered.Sum(d => d.Quantity) + quantity > authorizedUnits)
        {
            return OpResult<ReferralDetail>.Refused([$"Only {LimitEngine.Format(authorizedUnits - delivered.Sum(d => d.Quantity))} of the {LimitEngine.Format(authorizedUnits)} {auth.QuantityUnit} authorized remain; request an extension for more."]);
        }

        if (auth.Amount is { } authorizedAmount && input.Amount is { } amount && delivered.Sum(d => d.Amount ?? 0) + amount > authorizedAmount)
        {
            return OpResult<ReferralDetail>.Refused([$"Only ${LimitEngine.Format(authorizedAmount - delivered.Sum(d => d.Amount ?? 0))} of the ${LimitEngine.Format(authorizedAmount)} authorized remain."]);
        }

        var now = clock.GetUtcNow();
        db.Add(new ServiceDelivery
        {
            MemberId = r.MemberId,
            ReferralId = r.Id,
            AuthorizationId = auth.Id,
            CboId = r.CboId!.Value,
            ServiceDate = date,
            EndDate = input.EndDate,
            Quantity = quantity,
            Unit = auth.QuantityUnit ?? "days",
            Amount = input.Amount,
            Note = Clean(input.Note),
            RecordedAt = now,
            RecordedBy = Scope.UserName,
        });
        var note = $"Service delivered {date:yyyy-MM-dd}" + (input.EndDate is { } e ? $" to {e:yyyy-MM-dd}" : "") + $": {LimitEngine.Format(quantity)} {auth.QuantityUnit ?? "units"}.";
        if (r.Status != ReferralStatus.InService)
        {
            await ChangeAsync(r, ReferralStatus.InService, note, ct);
        }
        else
        {
            r.UpdatedAt = now;
        }

        audit.Add("cs-referral.service", r.MemberId, $"/api/referrals/{r.Id}/services", note);
        await db.SaveChangesAsync(ct);
        return new OpResult<ReferralDetail>(ResultKind.Created, await DetailAsync(r, ct));
    }

    // ------------------------------------------------------------------ extensions

    public async Task<OpResult<ReferralDetail>> RequestExtensionAsync(Guid id, ExtensionInput input, CancellationToken ct = default)
    {
        var r = await Visible.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return OpResult<ReferralDetail>.NotFound($"No referral {id} is visible to your organization.");
        }

        if (Actor(r) == ReferralActor.None)
        {
            return OpResult<ReferralDetail>.Forbidden("Only the plan, the referrer or the provider can ask for an extension.");
        }

        if (r.Status is not (ReferralStatus.Accepted or ReferralStatus.Scheduled or ReferralStatus.InService))
        {
            return OpResult<ReferralDetail>.Conflict($"An extension is for an authorization in use; the referral is {r.Status.ToCode()}.");
        }

        if (await db.Set<ExtensionRequest>().AnyAsync(e => e.ReferralId == id && e.Status == "pending", ct))
        {
            return OpResult<ReferralDetail>.Conflict("An extension request is already waiting for the plan's decision.");
        }

        var last = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId == id).OrderByDescending(a => a.End).FirstOrDefaultAsync(ct);
        if (input.RequestedEnd is not { } requestedEnd)
        {
            return OpResult<ReferralDetail>.Invalid("requestedEnd", "Give the new end date.");
        }

        if (last is not null && requestedEnd <= last.End)
        {
            return OpResult<ReferralDetail>.Invalid("requestedEnd", $"The new end date must be after the current authorization's end, {last.End:yyyy-MM-dd}.");
        }

        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            return OpResult<ReferralDetail>.Invalid("reason", "Say why the extension is needed.");
        }

        var now = clock.GetUtcNow();
        db.Add(new ExtensionRequest
        {
            MemberId = r.MemberId,
            ReferralId = r.Id,
            RequestedEnd = requestedEnd,
            RequestedQuantity = input.RequestedQuantity,
            RequestedAmount = input.RequestedAmount,
            Reason = input.Reason.Trim(),
            RequestedAt = now,
            RequestedBy = Scope.UserName,
            RequestedByOrganizationId = Scope.OrganizationId,
        });
        r.UpdatedAt = now;
        audit.Add("cs-referral.extension-request", r.MemberId, $"/api/referrals/{r.Id}/extensions", $"to {requestedEnd:yyyy-MM-dd}: {input.Reason.Trim()}");
        await db.SaveChangesAsync(ct);
        return new OpResult<ReferralDetail>(ResultKind.Created, await DetailAsync(r, ct));
    }

    public async Task<OpResult<ReferralDetail>> DecideExtensionAsync(Guid id, Guid extensionId, ExtensionDecisionInput input, CancellationToken ct = default)
    {
        var r = await Visible.FirstOrDefaultAsync(x => x.Id == id, ct);
        var ext = await db.Set<ExtensionRequest>().FirstOrDefaultAsync(e => e.Id == extensionId && e.ReferralId == id, ct);
        if (r is null || ext is null)
        {
            return OpResult<ReferralDetail>.NotFound($"No extension request {extensionId} on a referral visible to your organization.");
        }

        if (!Actor(r).HasFlag(ReferralActor.Plan))
        {
            return OpResult<ReferralDetail>.Forbidden("Only the member's plan decides extensions.");
        }

        if (ext.Status != "pending")
        {
            return OpResult<ReferralDetail>.Conflict($"The extension request was already {ext.Status}.");
        }

        var decision = input.Decision?.Trim().ToLowerInvariant();
        if (decision is not ("approve" or "deny"))
        {
            return OpResult<ReferralDetail>.Invalid("decision", $"The decision is 'approve' or 'deny', not '{input.Decision}'.");
        }

        var now = clock.GetUtcNow();
        string? exceptionNote = null;
        if (decision == "deny")
        {
            if (string.IsNullOrWhiteSpace(input.Note))
            {
                return OpResult<ReferralDetail>.Invalid("note", "Give the reason for denying the extension.");
            }

            ext.Status = "denied";
        }
        else
        {
            var last = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId == id).OrderByDescending(a => a.End).FirstOrDefaultAsync(ct);
            var start = last is null ? r.RequestedStart : last.End.AddDays(1);
            var member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == r.MemberId, ct);
            var check = await CheckForMemberAsync(member, r.CommunitySupportCode, start, ext.RequestedEnd, ext.RequestedQuantity, ext.RequestedAmount, Attested(r), r.Id.ToString(), r.PlanId, ct);
            var (approval, limitError) = LimitApprovals.Decide(check.Limits, input.LimitException, input.Note);
            if (limitError is not null)
            {
                return limitError.Field == "limits" ? OpResult<ReferralDetail>.Refused(check.Limits.Refusals)
                    : OpResult<ReferralDetail>.Invalid(limitError.Field == "exceptionReason" ? "note" : limitError.Field, limitError.Message);
            }

            var auth = new ServiceAuthorization
            {
                MemberId = r.MemberId,
                ReferralId = r.Id,
                PlanId = r.PlanId,
                County = r.County,
                CommunitySupportCode = r.CommunitySupportCode,
                Kind = "extension",
                Start = start,
                End = ext.RequestedEnd,
                Quantity = ext.RequestedQuantity,
                QuantityUnit = check.QuantityUnit,
                Amount = ext.RequestedAmount,
                AuthorizedAt = now,
                AuthorizedBy = Scope.UserName,
                LimitException = approval?.ExceptionCode,
                LimitExceptionReason = approval?.Reason,
                LimitExceptionLimits = approval?.Limits,
            };
            exceptionNote = approval?.Note;
            db.ServiceAuthorizations.Add(auth);
            ext.Status = "approved";
            ext.AuthorizationId = auth.Id;
        }

        ext.DecidedAt = now;
        ext.DecidedBy = Scope.UserName;
        ext.DecisionNote = Clean(input.Note);
        r.UpdatedAt = now;
        var note = $"Extension to {ext.RequestedEnd:yyyy-MM-dd} {ext.Status}" + (exceptionNote is not null ? $". {exceptionNote}" : string.IsNullOrWhiteSpace(input.Note) ? "." : $": {input.Note.Trim()}");
        db.Add(new ReferralStatusChange { ReferralId = r.Id, MemberId = r.MemberId, From = r.Status, To = r.Status, At = now, By = Scope.UserName, ByOrganizationId = Scope.OrganizationId, Note = note });
        audit.Add("cs-referral.extension-decide", r.MemberId, $"/api/referrals/{r.Id}/extensions/{ext.Id}", note);
        await db.SaveChangesAsync(ct);
        return new OpResult<ReferralDetail>(ResultKind.Ok, await DetailAsync(r, ct));
    }

    // ------------------------------------------------------------------ continuity

    /// <summary>
    /// After the member moved to another plan or county, open referrals follow: their plan and county become the
    /// member's current ones, so the new plan decides and extends them. History (authorizations, services) already
    /// travels with the member; the new plan sees all of it and the limits count it.
    /// </summary>
    public async Task<OpResult<int>> FollowMemberAsync(Guid memberId, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
        {
            return OpResult<int>.NotFound($"No member {memberId} is visible to your organization.");
        }

        if (!Scope.IsUnrestricted && Scope.OrganizationId != member.PlanId)
        {
            return OpResult<int>.Forbidden("Only the member's current plan moves open referrals to itself.");
        }

        var open = await db.Referrals.Where(r => r.MemberId == memberId && (r.PlanId != member.PlanId || r.County != member.County)).ToListAsync(ct);
        open = [.. open.Where(r => !r.Status.IsFinal())];
        var now = clock.GetUtcNow();
        foreach (var r in open)
        {
            var note = $"Member moved: plan and county now {member.County} County with the new plan (was {r.County}).";
            r.PlanId = member.PlanId;
            r.County = member.County;
            r.UpdatedAt = now;
            db.Add(new ReferralStatusChange { ReferralId = r.Id, MemberId = r.MemberId, From = r.Status, To = r.Status, At = now, By = Scope.UserName, ByOrganizationId = Scope.OrganizationId, Note = note });
            audit.Add("cs-referral.transfer", memberId, $"/api/referrals/{r.Id}", note);
        }

        await db.SaveChangesAsync(ct);
        return new OpResult<int>(ResultKind.Ok, open.Count);
    }

    // ------------------------------------------------------------------ documents

    public async Task<ReferralDocument?> DocumentAsync(Guid referralId, Guid documentId, CancellationToken ct = default)
    {
        if (!await Visible.AnyAsync(r => r.Id == referralId, ct))
        {
            return null;
        }

        var doc = await db.Set<ReferralDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.ReferralId == referralId, ct);
        if (doc is not null)
        {
            await audit.RecordAsync("cs-referral.document", doc.MemberId, $"/api/referrals/{referralId}/documents/{documentId}", doc.Title, ct);
        }

        return doc;
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Which parts the caller's organization plays in the referral.</summary>
    public ReferralActor Actor(Referral r)
    {
        if (Scope.IsUnrestricted)
        {
            return ReferralActor.Plan | ReferralActor.Referrer | ReferralActor.Cbo;
        }

        var org = Scope.OrganizationId;
        var actor = ReferralActor.None;
        if (org == r.PlanId && Scope.OrganizationType == OrganizationType.Plan) { actor |= ReferralActor.Plan; }
        if (org == r.ReferringOrganizationId) { actor |= ReferralActor.Referrer; }
        if (org == r.CboId) { actor |= ReferralActor.Cbo; }
        return actor;
    }

    private OpResult<ReferralDetail>? Denied(Referral r, ReferralStatus from, ReferralStatus to)
    {
        var actor = Actor(r);
        if (ReferralWorkflow.Check(from, to, actor) is not { } problem)
        {
            return null;
        }

        // A status change that is never allowed is a conflict; one allowed to someone else is forbidden.
        return ReferralWorkflow.Check(from, to, ReferralActor.Plan | ReferralActor.Referrer | ReferralActor.Cbo) is null
            ? OpResult<ReferralDetail>.Forbidden(problem)
            : OpResult<ReferralDetail>.Conflict(problem);
    }

    private async Task<OpResult<ReferralDetail>> SimpleChangeAsync(Guid id, ReferralStatus to, string action, Func<Referral, (string? Field, string Message)> apply,
        CancellationToken ct, bool revokeCbo = false)
    {
        var r = await Visible.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return OpResult<ReferralDetail>.NotFound($"No referral {id} is visible to your organization.");
        }

        if (Denied(r, r.Status, to) is { } refusal)
        {
            return refusal;
        }

        var (field, message) = apply(r);
        if (field is not null)
        {
            return OpResult<ReferralDetail>.Invalid(field, message);
        }

        if (revokeCbo && r.CboId is { } cbo)
        {
            await RevokeGrantAsync(r, cbo, ct);
        }

        await ChangeAsync(r, to, message, ct);
        audit.Add(action, r.MemberId, $"/api/referrals/{r.Id}", message);
        await db.SaveChangesAsync(ct);
        return new OpResult<ReferralDetail>(ResultKind.Ok, await DetailAsync(r, ct));
    }

    private async Task ChangeAsync(Referral r, ReferralStatus to, string note, CancellationToken ct)
    {
        var from = r.Status;
        r.Status = to;
        await RecordChangeAsync(r, from, to, note, ct);
    }

    /// <summary>Stores the status change (with the time spent in the previous status) and queues a webhook event for
    /// every active subscription of an organization in the referral, all in the caller's transaction.</summary>
    private async Task RecordChangeAsync(Referral r, ReferralStatus? from, ReferralStatus to, string note, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        long? seconds = from is null ? null : (long)Math.Max(0, (now - r.StatusChangedAt).TotalSeconds);
        db.Add(new ReferralStatusChange
        {
            ReferralId = r.Id,
            MemberId = r.MemberId,
            From = from,
            To = to,
            At = now,
            SecondsInPrevious = seconds,
            By = Scope.UserName,
            ByOrganizationId = Scope.OrganizationId,
            Note = note.Length > 2000 ? note[..2000] : note,
        });
        r.StatusChangedAt = now;
        r.UpdatedAt = now;

        var orgs = new[] { r.PlanId, r.ReferringOrganizationId, r.CboId ?? Guid.Empty }.Where(g => g != Guid.Empty).Distinct().ToList();
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Active && orgs.Contains(s.OrganizationId)).ToListAsync(ct);
        foreach (var s in subscriptions)
        {
            var message = new OutboxMessage
            {
                SubscriptionId = s.Id,
                EventType = Webhooks.StatusChanged,
                ReferralId = r.Id,
                Payload = "",
                CreatedAt = now,
                NextAttemptAt = now,
            };
            message.Payload = JsonSerializer.Serialize(new
            {
                id = message.EventId,
                type = Webhooks.StatusChanged,
                occurredAt = now,
                referral = new
                {
                    id = r.Id,
                    memberId = r.MemberId,
                    communitySupportCode = r.CommunitySupportCode,
                    previousStatus = from?.ToCode(),
                    status = to.ToCode(),
                    taskStatus = to.ToTaskStatus(),
                    planId = r.PlanId,
                    referringOrganizationId = r.ReferringOrganizationId,
                    cboId = r.CboId,
                    note,
                },
            });
            db.OutboxMessages.Add(message);
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Attested(Referral r) => r.Attestations?.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList() ?? [];

    private async Task<Dictionary<Guid, string>> OrgNamesAsync(CancellationToken ct) =>
        await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);

    private async Task<IReadOnlyList<ReferralSummary>> SummariesAsync(List<Referral> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var orgs = await OrgNamesAsync(ct);
        var memberIds = rows.Select(r => r.MemberId).Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .Select(m => new { m.Id, m.FirstName, m.LastName }).ToDictionaryAsync(m => m.Id, m => m.FirstName + " " + m.LastName, ct);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => Summary(r, orgs, names.GetValueOrDefault(r.MemberId) ?? "", now))];
    }

    private ReferralSummary Summary(Referral r, IReadOnlyDictionary<Guid, string> orgs, string memberName, DateTimeOffset now) => new(
        r.Id, r.MemberId, memberName, r.CommunitySupportCode, catalog.FindCommunitySupport(r.CommunitySupportCode)?.Name ?? r.CommunitySupportCode,
        r.Status.ToCode(), r.Status.Label(), r.Status.ToTaskStatus(), r.Priority, r.PlanId, orgs.GetValueOrDefault(r.PlanId),
        r.ReferringOrganizationId, orgs.GetValueOrDefault(r.ReferringOrganizationId), r.CboId, r.CboId is { } c ? orgs.GetValueOrDefault(c) : null,
        r.County, r.RequestedStart, r.RequestedEnd, r.CreatedAt, r.UpdatedAt, r.DecisionDueAt, r.DecidedAt,
        AuthorizationClock.Describe(r.DecisionDueAt, now, r.DecidedAt), r.Outcome);

    private static AuthorizationDto ToDto(ServiceAuthorization a, IReadOnlyDictionary<Guid, string> orgs) =>
        new(a.Id, a.ReferralId, a.PlanId, orgs.GetValueOrDefault(a.PlanId), a.County, a.CommunitySupportCode, a.Kind, a.Start, a.End, a.Quantity, a.QuantityUnit, a.Amount, a.AuthorizedAt, a.AuthorizedBy,
            a.LimitException, a.LimitExceptionReason, a.LimitExceptionLimits);

    /// <summary>The full view of one referral (no audit; callers audit).</summary>
    public async Task<ReferralDetail> DetailAsync(Referral r, CancellationToken ct = default)
    {
        var orgs = await OrgNamesAsync(ct);
        var memberName = await db.Members.AsNoTracking().Where(m => m.Id == r.MemberId).Select(m => m.FirstName + " " + m.LastName).FirstOrDefaultAsync(ct) ?? "";
        var changes = await db.Set<ReferralStatusChange>().AsNoTracking().Where(c => c.ReferralId == r.Id).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(ct);
        var auths = await db.ServiceAuthorizations.AsNoTracking().Where(a => a.ReferralId == r.Id).OrderBy(a => a.Start).ToListAsync(ct);
        var deliveries = await db.Set<ServiceDelivery>().AsNoTracking().Where(d => d.ReferralId == r.Id).OrderBy(d => d.ServiceDate).ToListAsync(ct);
        var extensions = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.ReferralId == r.Id).OrderBy(e => e.RequestedAt).ToListAsync(ct);
        var documents = await db.Set<ReferralDocument>().AsNoTracking().Where(d => d.ReferralId == r.Id)
            .Select(d => new DocumentDto(d.Id, d.Title, d.Url, d.ContentType, d.Content != null, d.AddedAt, d.AddedBy)).ToListAsync(ct);
        var service = catalog.CommunitySupportOn(r.CommunitySupportCode, r.RequestedStart);
        var actor = Actor(r);
        var allowed = ReferralWorkflow.Next(r.Status, actor).Select(s => s.ToCode()).ToList();
        return new ReferralDetail(
            Summary(r, orgs, memberName, clock.GetUtcNow()),
            r.ReferrerKind, r.ReferredBy, r.Reason, r.Needs, r.RequestedQuantity, r.RequestedAmount,
            service is null ? null : LimitEngine.QuantityUnit(service.Version),
            Attested(r), r.DenialReason, r.MemberNotice, r.PendReason, r.DeclineReason, r.DeclineNote, r.ReportedCapacity,
            r.ScheduledFor, r.ScheduleNote, r.Outcome, r.OutcomeNote, r.ClosedAt, r.Channel,
            [.. changes.Select(c => new TimelineEntry(c.From?.ToCode(), c.To.ToCode(), c.To.Label(), c.At, c.SecondsInPrevious, c.By,
                c.ByOrganizationId is { } o ? orgs.GetValueOrDefault(o) : null, c.Note))],
            [.. auths.Select(a => ToDto(a, orgs))],
            [.. deliveries.Select(d => new DeliveryDto(d.Id, d.ServiceDate, d.EndDate, d.Quantity, d.Unit, d.Amount, d.Note, d.RecordedAt, d.RecordedBy))],
            [.. extensions.Select(e => new ExtensionDto(e.Id, e.RequestedEnd, e.RequestedQuantity, e.RequestedAmount, e.Reason, e.Status, e.RequestedAt, e.RequestedBy, e.DecidedAt, e.DecidedBy, e.DecisionNote))],
            documents,
            allowed,
            auths.Count == 0 || auths.Any(a => a.Quantity is null) ? null : auths.Sum(a => a.Quantity),
            deliveries.Sum(d => d.Quantity),
            auths.Count == 0 ? null : auths.Max(a => a.End));
    }
}
