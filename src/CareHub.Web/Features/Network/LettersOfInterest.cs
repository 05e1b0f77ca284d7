using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>Letters of interest: a provider writes one and addresses it to several plans; each plan invites or
/// declines on its own. The query filter shows a provider its own letters and a plan those addressed to it.</summary>
public sealed class LettersOfInterest(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    private IAccessScope Scope => db.Scope;

    public async Task<Outcome<IdResponse>> SendAsync(LetterRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var planIds = (request.PlanIds ?? []).Distinct().ToList();
        if (planIds.Count == 0)
        {
            errors["planIds"] = ["planIds needs at least one plan to address the letter to."];
        }
        else if (planIds.Count > 50)
        {
            errors["planIds"] = ["A letter can be addressed to at most 50 plans."];
        }

        var plans = await db.Organizations.AsNoTracking().Where(o => planIds.Contains(o.Id) && o.Type == OrganizationType.Plan).Select(o => o.Id).ToListAsync(ct);
        if (planIds.Except(plans).ToList() is { Count: > 0 } unknown && planIds.Count <= 50)
        {
            errors["planIds"] = [$"Not plans: {string.Join(", ", unknown)}."];
        }

        var counties = (request.Counties ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (counties.Count == 0)
        {
            errors["counties"] = ["counties needs at least one county the provider would serve."];
        }
        else if (counties.Count > 58 || counties.Any(c => c.Length > 60))
        {
            errors["counties"] = ["At most 58 counties, each at most 60 characters."];
        }

        if (request.Message is { Length: > 4000 })
        {
            errors["message"] = ["message is limited to 4,000 characters."];
        }

        if (errors.Count > 0)
        {
            return Outcome<IdResponse>.Invalid(errors);
        }

        var letter = new LetterOfInterest
        {
            ProviderId = Scope.OrganizationId!.Value,
            Counties = counties,
            Message = request.Message?.Trim() ?? "",
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = Scope.UserName,
        };
        db.Add(letter);
        foreach (var plan in planIds)
        {
            db.Add(new LetterResponse { LetterId = letter.Id, PlanId = plan });
        }

        audit.Add("network-loi.send", null, $"/api/network/letters-of-interest/{letter.Id}", $"plans={planIds.Count}; counties={string.Join(";", counties)}");
        await db.SaveChangesAsync(ct);
        return Outcome<IdResponse>.Created(new IdResponse(letter.Id));
    }

    public async Task<LetterList> ListAsync(CancellationToken ct)
    {
        var letters = await db.Set<LetterOfInterest>().AsNoTracking().OrderByDescending(l => l.CreatedAt).Take(500).ToListAsync(ct);
        var ids = letters.Select(l => l.Id).ToList();
        var isPlan = Scope.OrganizationType == OrganizationType.Plan;
        var responses = await db.Set<LetterResponse>().AsNoTracking().Where(r => ids.Contains(r.LetterId) && (!isPlan || r.PlanId == Scope.OrganizationId)).ToListAsync(ct);
        var apps = await db.Set<NetworkApplication>().AsNoTracking().Where(a => ids.Contains(a.LetterId)).Select(a => new { a.LetterId, a.PlanId, a.Id }).ToListAsync(ct);
        var orgIds = letters.Select(l => l.ProviderId).Concat(responses.Select(r => r.PlanId)).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return new LetterList([.. letters.Select(l => new LetterView(l.Id, l.ProviderId, names.GetValueOrDefault(l.ProviderId) ?? "", l.Counties, l.Message, l.CreatedAt,
            [.. responses.Where(r => r.LetterId == l.Id).OrderBy(r => names.GetValueOrDefault(r.PlanId), StringComparer.Ordinal)
                .Select(r => new PlanResponseView(r.PlanId, names.GetValueOrDefault(r.PlanId) ?? "", r.Decision, r.Note, r.RespondedAt,
                    apps.FirstOrDefault(a => a.LetterId == l.Id && a.PlanId == r.PlanId)?.Id))]))]);
    }

    public async Task<Outcome<PlanResponseView>> RespondAsync(Guid letterId, LetterDecisionRequest request, CancellationToken ct)
    {
        if (request.Decision is not (LetterResponse.Invite or LetterResponse.Decline))
        {
            return Outcome<PlanResponseView>.Invalid("decision", $"decision must be \"invite\" or \"decline\"; got '{request.Decision}'.");
        }

        if (request.Decision == LetterResponse.Decline && string.IsNullOrWhiteSpace(request.Note))
        {
            return Outcome<PlanResponseView>.Invalid("note", "A decline needs a reason in note.");
        }

        if (request.Note is { Length: > 2000 })
        {
            return Outcome<PlanResponseView>.Invalid("note", "note is limited to 2,000 characters.");
        }

        var response = await db.Set<LetterResponse>().FirstOrDefaultAsync(r => r.LetterId == letterId && r.PlanId == Scope.OrganizationId, ct);
        if (response is null)
        {
            return Outcome<PlanResponseView>.NotFound($"Letter of interest {letterId} is not addressed to your plan.");
        }

        if (response.Decision != LetterResponse.Pending && response.Decision != request.Decision)
        {
            return Outcome<PlanResponseView>.Conflict($"Your plan already answered this letter: {response.Decision}.");
        }

        response.Decision = request.Decision;
        response.Note = request.Note?.Trim();
        response.RespondedAt = clock.GetUtcNow();
        response.RespondedBy = Scope.UserName;
        audit.Add("network-loi.respond", null, $"/api/network/letters-of-interest/{letterId}", $"decision={request.Decision}");
        await db.SaveChangesAsync(ct);
        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == response.PlanId).Select(o => o.Name).FirstAsync(ct);
        return Outcome<PlanResponseView>.Ok(new PlanResponseView(response.PlanId, name, response.Decision, response.Note, response.RespondedAt, null));
    }
}
