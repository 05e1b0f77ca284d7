using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>A plan changes its ECM rules (decision clock, unable to reach, discharge follow-up, reassessment, stuck,
/// presumptive authorization).</summary>
public sealed class SaveEcmSettings(CareHubDbContext db, EcmWriter writer)
{
    public async Task<Outcome<EcmPlanSettings>> HandleAsync(EcmPlanSettings values, CancellationToken ct = default)
    {
        if (writer.Scope.OrganizationType != OrganizationType.Plan || writer.Scope.OrganizationId is not { } planId)
        {
            return Outcome<EcmPlanSettings>.Forbidden("Only a plan sets its ECM rules.");
        }

        var errors = values.Validate();
        if (errors.Count > 0)
        {
            return Outcome<EcmPlanSettings>.Invalid(errors);
        }

        var row = await db.Set<EcmPlanSettings>().FirstOrDefaultAsync(s => s.PlanId == planId, ct);
        if (row is null)
        {
            row = new EcmPlanSettings { PlanId = planId };
            db.Add(row);
        }

        row.AuthorizationDecisionDays = values.AuthorizationDecisionDays;
        row.UnableToReachAttempts = values.UnableToReachAttempts;
        row.UnableToReachDays = values.UnableToReachDays;
        row.UnableToReachRequiresInPerson = values.UnableToReachRequiresInPerson;
        row.DischargeFollowUpDays = values.DischargeFollowUpDays;
        row.ReassessmentMonths = values.ReassessmentMonths;
        row.StuckAfterDays = values.StuckAfterDays;
        row.AllowPresumptiveAuthorization = values.AllowPresumptiveAuthorization;
        row.PresumptiveAuthorizationDays = values.PresumptiveAuthorizationDays;
        writer.Audit("ecm-settings.update", null, "ecm_plan_settings/" + planId,
            $"decision {row.AuthorizationDecisionDays}d; unable to reach {row.UnableToReach.Describe()}; discharge follow-up {row.DischargeFollowUpDays}d; reassessment {row.ReassessmentMonths}mo; stuck {row.StuckAfterDays}d; presumptive {(row.AllowPresumptiveAuthorization ? $"allowed, {row.PresumptiveAuthorizationDays}d" : "off")}");
        await writer.SaveAsync(ct);
        return Outcome<EcmPlanSettings>.Ok(row);
    }
}
