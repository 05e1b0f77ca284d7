namespace CareHub.Ecm;

/// <summary>Audit actions of the ECM journey (every read and change of a case is audited).</summary>
public static class EcmAuditActions
{
    public const string Create = "ecm-case.create";
    public const string Merge = "ecm-case.merge";
    public const string Read = "ecm-case.read";
    public const string List = "ecm-case.list";
    public const string Authorize = "ecm-case.authorize";
    public const string Assign = "ecm-case.assign";
    public const string Accept = "ecm-case.accept";
    public const string Decline = "ecm-case.decline";
    public const string Outreach = "ecm-case.outreach";
    public const string Enroll = "ecm-case.enroll";
    public const string Disenroll = "ecm-case.disenroll";
    public const string Assess = "ecm-case.assess";
    public const string CarePlan = "ecm-case.care-plan";
    public const string CareTeam = "ecm-case.care-team";
    public const string Task = "ecm-case.task";
    public const string Worklist = "ecm-worklist.read";
    public const string Transitions = "ecm-transitions.import";
    public const string Programs = "ecm-case.programs";
}
