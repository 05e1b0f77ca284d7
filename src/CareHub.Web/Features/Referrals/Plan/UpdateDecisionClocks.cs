using CareHub.Common;
using CareHub.Data;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Referrals;

/// <summary>Changes the plan's decision clocks (plan administrators).</summary>
public sealed class UpdateDecisionClocks(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<PlanAuthorizationSettings>> HandleAsync(int routineHours, int expeditedHours, CancellationToken ct = default)
    {
        if (db.Scope.OrganizationType != OrganizationType.Plan || db.Scope.OrganizationId is not { } planId)
        {
            return Outcome<PlanAuthorizationSettings>.Forbidden("Only a plan sets its authorization clocks.");
        }

        if (ReferralRules.ClockProblem(routineHours, expeditedHours) is { } problem)
        {
            return Outcome<PlanAuthorizationSettings>.Invalid(problem.Field, problem.Message);
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
        settings.UpdatedBy = db.Scope.UserName;
        audit.Add("cs-settings.update", null, "/api/referrals/settings", $"routine={routineHours}h; expedited={expeditedHours}h");
        await db.SaveChangesAsync(ct);
        return Outcome<PlanAuthorizationSettings>.Ok(settings);
    }
}
