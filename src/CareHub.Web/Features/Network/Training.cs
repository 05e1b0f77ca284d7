using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Network;

/// <summary>The plans' required training and completions per provider staff member. A plan records completions
/// for a provider it works with; a provider records its own staff's, which count for every plan.</summary>
public sealed class TrainingRecords(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    private IAccessScope Scope => db.Scope;

    /// <summary>The topics a plan requires: those it chose, or the usual ones.</summary>
    public async Task<IReadOnlyList<TrainingTopic>> RequiredAsync(Guid planId, CancellationToken ct)
    {
        var own = await db.Set<PlanTrainingTopic>().AsNoTracking().Where(t => t.PlanId == planId).OrderBy(t => t.Position)
            .Select(t => new TrainingTopic(t.Topic, t.Title)).ToListAsync(ct);
        return TrainingRules.RequiredFor(own);
    }

    /// <summary>A plan's required topics: its own for a plan user; for a provider the plan named by
    /// <paramref name="planId"/> (the usual topics without one).</summary>
    public async Task<TrainingRequirements> RequirementsAsync(Guid? planId, CancellationToken ct)
    {
        var plan = Scope.OrganizationType == OrganizationType.Plan ? Scope.OrganizationId : planId;
        var topics = plan is { } p ? await RequiredAsync(p, ct) : TrainingRules.DefaultRequired;
        return new([.. topics.Select(t => new TrainingTopicView(t.Topic, t.Title))]);
    }

    /// <summary>A plan administrator replaces the plan's list of required topics (order kept).</summary>
    public async Task<Outcome<TrainingRequirements>> SetRequirementsAsync(TrainingRequirementsRequest? request, CancellationToken ct)
    {
        if (Scope.OrganizationType != OrganizationType.Plan || Scope.OrganizationId is not { } planId)
        {
            return Outcome<TrainingRequirements>.Forbidden("Only a plan sets its required training topics.");
        }

        var input = request?.Items?.Select(i => i is null ? null : new TrainingTopic(i.Topic ?? "", i.Title ?? "")).ToList();
        var errors = TrainingRules.Validate(input);
        if (errors.Count > 0)
        {
            return Outcome<TrainingRequirements>.Invalid(errors);
        }

        var topics = TrainingRules.Normalize(input!);
        db.Set<PlanTrainingTopic>().RemoveRange(await db.Set<PlanTrainingTopic>().Where(t => t.PlanId == planId).ToListAsync(ct));
        db.Set<PlanTrainingTopic>().AddRange(topics.Select((t, i) => new PlanTrainingTopic { PlanId = planId, Topic = t.Topic, Title = t.Title, Position = i }));
        audit.Add("network-training.requirements", null, "/api/network/training/requirements", string.Join(", ", topics.Select(t => t.Topic)));
        await db.SaveChangesAsync(ct);
        return Outcome<TrainingRequirements>.Ok(new([.. topics.Select(t => new TrainingTopicView(t.Topic, t.Title))]));
    }

    /// <summary>Topics a completion may name: the plan's own for a plan; any plan's (or a usual one) for a provider.</summary>
    public async Task<IReadOnlyList<TrainingTopic>> RecordableAsync(CancellationToken ct)
    {
        if (Scope.OrganizationType == OrganizationType.Plan && Scope.OrganizationId is { } planId)
        {
            return await RequiredAsync(planId, ct);
        }

        var chosen = await db.Set<PlanTrainingTopic>().AsNoTracking().Select(t => new { t.Topic, t.Title }).ToListAsync(ct);
        return [.. TrainingRules.DefaultRequired.Concat(chosen.Select(t => new TrainingTopic(t.Topic, t.Title))).DistinctBy(t => t.Topic)];
    }

    public async Task<Outcome<IdResponse>> RecordAsync(TrainingRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var isPlan = Scope.OrganizationType == OrganizationType.Plan;
        var providerId = isPlan ? request.ProviderId : request.ProviderId ?? Scope.OrganizationId;
        if (providerId is null)
        {
            errors["providerId"] = ["providerId is required: the provider whose staff member completed the training."];
        }
        else if (!isPlan && providerId != Scope.OrganizationId)
        {
            return Outcome<IdResponse>.Forbidden("A provider records training only for its own staff.");
        }
        else if (!await db.Organizations.AnyAsync(o => o.Id == providerId && (o.Type == OrganizationType.EcmProvider || o.Type == OrganizationType.Cbo), ct))
        {
            errors["providerId"] = [$"{providerId} is not an ECM provider or Community Supports provider."];
        }

        var known = await RecordableAsync(ct);
        if (!known.Any(t => t.Topic == request.Topic))
        {
            errors["topic"] = [$"topic must be one of the required topics ({string.Join(", ", known.Select(t => t.Topic))}); got '{request.Topic}'."];
        }

        if (string.IsNullOrWhiteSpace(request.StaffName) || request.StaffName.Length > 200)
        {
            errors["staffName"] = ["staffName is required (at most 200 characters): the staff member who completed the training."];
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (request.CompletedOn is not { } completed)
        {
            errors["completedOn"] = ["completedOn is required (yyyy-MM-dd)."];
        }
        else if (completed > today)
        {
            errors["completedOn"] = [$"completedOn {completed:yyyy-MM-dd} is in the future."];
        }

        if (errors.Count > 0)
        {
            return Outcome<IdResponse>.Invalid(errors);
        }

        var record = new TrainingCompletion
        {
            PlanId = isPlan ? Scope.OrganizationId : null,
            ProviderId = providerId!.Value,
            Topic = request.Topic!,
            StaffName = request.StaffName!.Trim(),
            CompletedOn = request.CompletedOn!.Value,
            RecordedAt = clock.GetUtcNow(),
            RecordedBy = Scope.UserName,
        };
        db.Add(record);
        audit.Add("network-training.record", null, "/api/network/training", $"provider={providerId}; topic={request.Topic}");
        await db.SaveChangesAsync(ct);
        return Outcome<IdResponse>.Created(new IdResponse(record.Id));
    }

    /// <summary>Required topics the provider has not completed for the plan on or before a date.</summary>
    public async Task<IReadOnlyList<TrainingTopic>> MissingAsync(Guid planId, Guid providerId, DateOnly onOrBefore, CancellationToken ct)
    {
        var done = await db.Set<TrainingCompletion>().AsNoTracking()
            .Where(t => t.ProviderId == providerId && (t.PlanId == planId || t.PlanId == null))
            .Select(t => new { t.Topic, t.CompletedOn }).ToListAsync(ct);
        return TrainingRules.Missing(await RequiredAsync(planId, ct), done.Select(d => (d.Topic, d.CompletedOn)), onOrBefore);
    }

    /// <summary>Completions visible to the caller: a plan's own and providers' self-recorded ones; a provider its own.</summary>
    public async Task<IReadOnlyList<TrainingCompletion>> CompletionsAsync(Guid? providerId, CancellationToken ct)
    {
        var isPlan = Scope.OrganizationType == OrganizationType.Plan;
        var q = db.Set<TrainingCompletion>().AsNoTracking();
        q = isPlan ? q.Where(t => t.PlanId == Scope.OrganizationId || t.PlanId == null) : q.Where(t => t.ProviderId == Scope.OrganizationId);
        if (providerId is { } p)
        {
            q = q.Where(t => t.ProviderId == p);
        }

        return await q.OrderByDescending(t => t.CompletedOn).Take(1000).ToListAsync(ct);
    }
}
