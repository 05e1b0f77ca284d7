using CareHub.Common;

namespace CareHub.Ecm;

/// <summary>Who acts on an ECM case. The plan decides, assigns and may disenroll; the assigned ECM provider accepts,
/// reaches out, enrolls and documents care.</summary>
[Flags]
public enum EcmActor
{
    None = 0,
    Plan = 1,
    Provider = 2,
}

/// <summary>The part the caller plays in a case, and whether that part may take a step: decisions that need no
/// database.</summary>
public static class EcmParticipation
{
    /// <summary>Which parts <paramref name="scope"/>'s organization plays in the case. The unrestricted system scope
    /// plays both; the plan part needs the case's plan organization, the provider part the assigned ECM provider.</summary>
    public static EcmActor ActorOf(EcmCase c, IAccessScope scope)
    {
        if (scope.IsUnrestricted)
        {
            return EcmActor.Plan | EcmActor.Provider;
        }

        var actor = EcmActor.None;
        if (scope.OrganizationType == OrganizationType.Plan && scope.OrganizationId == c.PlanId) { actor |= EcmActor.Plan; }
        if (scope.OrganizationType == OrganizationType.EcmProvider && c.ProviderId is not null && scope.OrganizationId == c.ProviderId) { actor |= EcmActor.Provider; }
        return actor;
    }

    /// <summary>Null when <paramref name="actor"/> may take <paramref name="step"/> on the case; otherwise why not
    /// (a forbidden step, whatever the case's status).</summary>
    public static string? Refusal(EcmCase c, EcmStep step, EcmActor actor)
    {
        if ((step.By & actor) != EcmActor.None)
        {
            return null;
        }

        if (step.By.HasFlag(EcmActor.Plan) && !step.By.HasFlag(EcmActor.Provider))
        {
            return "Only the member's plan may do this.";
        }

        return c.ProviderId is null
            ? $"The case is '{c.Status.ToCode()}' and not assigned to an ECM provider; only the assigned provider may do this."
            : "Only the ECM provider the case is assigned to may do this.";
    }
}
