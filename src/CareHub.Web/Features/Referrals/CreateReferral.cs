using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>A new referral (JSON API, referral form and FHIR ServiceRequest all come through this).</summary>
public sealed record ReferralInput
{
    public Guid MemberId { get; init; }
    public string? CommunitySupportCode { get; init; }
    public string? ReferrerKind { get; init; }
    public Guid? CboId { get; init; }
    public string? Reason { get; init; }
    public string? Needs { get; init; }
    public string? Priority { get; init; }
    public DateOnly? RequestedStart { get; init; }
    public DateOnly? RequestedEnd { get; init; }
    public decimal? RequestedQuantity { get; init; }
    public decimal? RequestedAmount { get; init; }
    public IReadOnlyList<string>? Attestations { get; init; }
    public IReadOnlyList<DocumentInput>? Documents { get; init; }
}

/// <summary>A supporting document: a link (<see cref="Url"/>) or a file (<see cref="ContentBase64"/>).</summary>
public sealed record DocumentInput(
    [property: System.ComponentModel.DataAnnotations.MaxLength(500)] string? Title,
    [property: System.ComponentModel.DataAnnotations.MaxLength(2000)] string? Url,
    [property: System.ComponentModel.DataAnnotations.MaxLength(200)] string? ContentType,
    [property: System.ComponentModel.DataAnnotations.MaxLength((InputRules.MaxDocumentBytes + 2) / 3 * 4)] string? ContentBase64);

/// <summary>
/// Creates a referral after validating it and running the instant check (not offered, or over a limit, is refused).
/// With an idempotency key, a second call with the same key from the same organization returns the first referral
/// (<see cref="OutcomeKind.Ok"/>) instead of creating another; the same key for another member or service is a
/// conflict.
/// </summary>
public sealed class CreateReferral(CareHubDbContext db, ProgramCatalog catalog, ReferralWriter writer, ReferralQueries queries, CheckReferral checks)
{
    private const int MaxDocumentBytes = InputRules.MaxDocumentBytes;

    private IAccessScope Scope => writer.Scope;

    public async Task<Outcome<ReferralDetail>> HandleAsync(ReferralInput input, string? idempotencyKey, string channel, CancellationToken ct = default)
    {
        if (Scope.OrganizationId is not { } orgId)
        {
            return Outcome<ReferralDetail>.Forbidden("Only a signed-in organization can refer.");
        }

        idempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (idempotencyKey is { Length: > 200 })
        {
            return Outcome<ReferralDetail>.Invalid("Idempotency-Key", "The Idempotency-Key header may be at most 200 characters.");
        }

        if (idempotencyKey is not null && await FindByKeyAsync(orgId, idempotencyKey, ct) is { } existing)
        {
            if (existing.MemberId != input.MemberId
                || !string.Equals(existing.CommunitySupportCode, input.CommunitySupportCode?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return Outcome<ReferralDetail>.Conflict(
                    $"The Idempotency-Key '{idempotencyKey}' was already used for referral {existing.Id} of another member or Community Support; send a new key for a new referral.");
            }

            return Outcome<ReferralDetail>.Ok(await queries.DetailAsync(existing, ct));
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
                ? Outcome<ReferralDetail>.Invalid("memberId", "Say which member is referred (memberId).")
                : Outcome<ReferralDetail>.NotFound($"No member {input.MemberId} is visible to your organization.");
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

        var kind = input.ReferrerKind?.Trim().ToLowerInvariant() ?? ReferralRules.DefaultReferrerKind(Scope.OrganizationType);
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

        var start = input.RequestedStart ?? writer.Today;
        var end = input.RequestedEnd ?? start;
        if (InputRules.DateProblem(input.RequestedStart) is { } startProblem)
        {
            Error("requestedStart", startProblem);
        }
        else if (InputRules.DateProblem(input.RequestedEnd) is { } endProblem)
        {
            Error("requestedEnd", endProblem);
        }
        else if (end < start)
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

        if (input.CboId is { } cboId)
        {
            var named = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == cboId && o.Type == OrganizationType.Cbo, ct);
            if (named is null)
            {
                Error("cboId", $"{cboId} is not a Community Supports provider (CBO) in the directory.");
            }
            else if (orgId != member.PlanId && InputRules.DateProblem(input.RequestedStart) is null
                && !await InPlanNetworkAsync(named, member, input.RequestedStart ?? writer.Today, ct))
            {
                // The member's data goes only where the plan sends it: a referrer names a CBO of the plan's network.
                Error("cboId", $"{named.Name} is not in the member's plan's Community Supports network in {member.County} County; leave cboId out and the plan chooses the provider.");
            }
        }

        var documents = ValidateDocuments(input.Documents, Error);
        if (errors.Count > 0)
        {
            return Outcome<ReferralDetail>.Invalid(errors);
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
            return Outcome<ReferralDetail>.Invalid(errors);
        }

        var attested = (input.Attestations ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).ToList();
        var check = await checks.ForMemberAsync(member, code, start, end, input.RequestedQuantity, input.RequestedAmount, attested, null, null, ct);
        if (!check.CanProceed)
        {
            return Outcome<ReferralDetail>.Refused(check.Blocking);
        }

        var settings = await queries.SettingsAsync(member.PlanId, ct);
        var now = writer.Now;
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
            writer.Grant(referral, orgId);
        }

        if (input.CboId is { } cbo && cbo != member.PlanId)
        {
            writer.Grant(referral, cbo);
        }

        await writer.RecordAsync(referral, null, ReferralStatus.Submitted, $"Referred for {check.ServiceName}. {check.OfferingMessage}"
            + (check.Warnings.Count == 0 ? "" : $" Over a limit the plan may approve above (documented exception or unconfirmed limit): {string.Join("; ", check.Limits.Outcomes.Where(o => o.Warns).Select(o => o.Label))}."), ct);
        writer.Audit("cs-referral.create", referral, $"/api/referrals/{referral.Id}", $"{code}; {start:yyyy-MM-dd}..{end:yyyy-MM-dd}; channel={channel}");
        try
        {
            return await writer.SaveAsync(referral, OutcomeKind.Created, ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The same key arrived twice at once: the other request won; answer with its referral.
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(orgId, idempotencyKey, ct) is { } winner)
            {
                return Outcome<ReferralDetail>.Ok(await queries.DetailAsync(winner, ct));
            }

            throw;
        }
    }

    /// <summary>The plan's network for the member, as the referral form offers it: the CBOs the plan has a Community
    /// Supports contract with in the member's county, or where it has none there, the CBOs serving that county.</summary>
    private async Task<bool> InPlanNetworkAsync(CareHub.Organizations.Organization cbo, CareHub.Members.Member member, DateOnly on, CancellationToken ct)
    {
        var contracted = await Network.ProviderContracts.ContractedCbosAsync(db, member.PlanId, member.County, on, ct);
        return contracted?.Contains(cbo.Id) ?? cbo.Counties.Contains(member.County, StringComparer.OrdinalIgnoreCase);
    }

    private static List<ReferralDocument> ValidateDocuments(IReadOnlyList<DocumentInput>? documents, Action<string, string> error)
    {
        var result = new List<ReferralDocument>();
        long total = 0;
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

                total += content.Length;
                if (total > InputRules.MaxDocumentsBytesPerRequest)
                {
                    error($"{field}.contentBase64", $"The documents of one referral may be at most {InputRules.MaxDocumentsBytesPerRequest / 1024 / 1024} MB together.");
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
                ContentType = content is null ? null : InputRules.SafeContentType(d.ContentType),
                Content = content,
            });
        }

        return result;
    }

    private async Task<Referral?> FindByKeyAsync(Guid orgId, string key, CancellationToken ct) =>
        await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.ReferringOrganizationId == orgId && r.IdempotencyKey == key, ct);
}
