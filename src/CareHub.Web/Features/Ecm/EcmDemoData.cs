using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Demo;
using CareHub.Ecm;
using CareHub.Organizations;
using CareHub.Web.Demo;

namespace CareHub.Web.Features.Ecm;

/// <summary>
/// Demo ECM data: provider profiles (Populations of Focus served) and, for the first demo plan, cases in every
/// status, walked through the real journey on a demo clock so dates, tasks, outreach and the audit trail look as
/// they would after a few months. Most assigned cases go to the first ECM provider (<c>ecm@example.org</c>), a few
/// to a third one; the second demo provider (<c>ecm2@example.org</c>) starts with none, to show what another
/// provider cannot see. The second demo plan also assigns cases to the first ECM provider, in every status, so
/// that provider's workspace shows both plans' work.
/// </summary>
public sealed class EcmDemoData(DatabaseSettings settings, ProgramCatalog catalog, TimeProvider clock) : IDemoDataContributor
{
    public int Order => 40;

    private static readonly string[][] _populations =
    [
        ["homelessness", "adult-high-utilizer", "adult-smi-sud", "incarceration-transition"],
        ["adult-high-utilizer", "adult-smi-sud", "ltc-at-risk", "nf-transition"],
        ["homelessness", "adult-high-utilizer", "child-high-utilizer", "child-smi-sud"],
        ["homelessness", "adult-smi-sud", "birth-equity", "child-homelessness"],
    ];

    /// <summary>Which status each demo case ends in and how many days ago it started.</summary>
    private static readonly (EcmStatus Status, int AgeDays, int ProviderIndex, string Source)[] _plan =
    [
        (EcmStatus.Referred, 1, 0, EcmSource.Identification),
        (EcmStatus.Referred, 3, 0, EcmSource.Hospital),
        (EcmStatus.Referred, 8, 0, EcmSource.Pcp),
        (EcmStatus.Referred, 12, 0, EcmSource.Cbo),
        (EcmStatus.Referred, 0, 0, EcmSource.Family),
        (EcmStatus.Denied, 20, 0, EcmSource.Member),
        (EcmStatus.Authorized, 4, 0, EcmSource.Identification),
        (EcmStatus.Authorized, 2, 0, EcmSource.Plan),
        (EcmStatus.Authorized, 25, 0, EcmSource.Pcp),
        (EcmStatus.Assigned, 3, 0, EcmSource.Identification),
        (EcmStatus.Assigned, 6, 0, EcmSource.Member),
        (EcmStatus.Assigned, 20, 2, EcmSource.Hospital),
        (EcmStatus.Accepted, 5, 0, EcmSource.Identification),
        (EcmStatus.Accepted, 30, 0, EcmSource.Cbo),
        (EcmStatus.Outreach, 12, 0, EcmSource.Identification),
        (EcmStatus.Outreach, 40, 0, EcmSource.Hospital),
        (EcmStatus.Outreach, 18, 2, EcmSource.Pcp),
        (EcmStatus.Outreach, 60, 0, EcmSource.Identification),
        (EcmStatus.Enrolled, 35, 0, EcmSource.Identification),
        (EcmStatus.Enrolled, 70, 0, EcmSource.Wpc),
        (EcmStatus.Enrolled, 90, 0, EcmSource.Hhp),
        (EcmStatus.Enrolled, 50, 2, EcmSource.Hospital),
        (EcmStatus.Enrolled, 120, 0, EcmSource.Identification),
        (EcmStatus.Disenrolled, 150, 0, EcmSource.Identification),
        (EcmStatus.Disenrolled, 100, 0, EcmSource.Pcp),
    ];

    public async Task SeedAsync(DemoDataSet data, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using (var system = DatabaseSetup.CreateContext(settings))
        {
            for (var i = 0; i < data.EcmProviders.Count; i++)
            {
                system.Add(new EcmProviderProfile { OrganizationId = data.EcmProviders[i].Id, PopulationsServed = [.. _populations[i % _populations.Length]] });
            }

            await system.SaveChangesAsync(ct);
        }

        var plan = data.Plans[0];
        var candidates = data.Members.Where(m => m.PlanId == plan.Id).OrderBy(m => m.PlanMemberId, StringComparer.Ordinal).Skip(20).ToList();
        var used = 0;
        for (var i = 0; i < _plan.Length; i++)
        {
            var (status, age, providerIndex, source) = _plan[i];
            var provider = PickProvider(data, providerIndex, candidates, ref used, out var member);
            if (member is null)
            {
                break;
            }

            await WalkAsync(plan, provider, member, status, age, source, i, now, ct);
        }

        var plan2 = data.Plans[1];
        var candidates2 = data.Members.Where(m => m.PlanId == plan2.Id).OrderBy(m => m.PlanMemberId, StringComparer.Ordinal).Skip(20).ToList();
        used = 0;
        for (var i = 0; i < _plan2.Length; i++)
        {
            var (status, age, source) = _plan2[i];
            var provider = PickProvider(data, 0, candidates2, ref used, out var member);
            if (member is null)
            {
                break;
            }

            await WalkAsync(plan2, provider, member, status, age, source, i, now, ct, "planadmin2@example.org");
        }
    }

    /// <summary>The second plan's cases, all with the first ECM provider once assigned.</summary>
    private static readonly (EcmStatus Status, int AgeDays, string Source)[] _plan2 =
    [
        (EcmStatus.Referred, 2, EcmSource.Pcp),
        (EcmStatus.Denied, 15, EcmSource.Member),
        (EcmStatus.Authorized, 3, EcmSource.Identification),
        (EcmStatus.Assigned, 4, EcmSource.Hospital),
        (EcmStatus.Accepted, 7, EcmSource.Identification),
        (EcmStatus.Outreach, 14, EcmSource.Cbo),
        (EcmStatus.Enrolled, 45, EcmSource.Identification),
        (EcmStatus.Enrolled, 80, EcmSource.Pcp),
        (EcmStatus.Disenrolled, 110, EcmSource.Identification),
    ];

    /// <summary>The first or second demo ECM provider, with a member in a county it serves.</summary>
    private static Organization PickProvider(DemoDataSet data, int index, List<CareHub.Members.Member> candidates, ref int used, out CareHub.Members.Member? member)
    {
        var provider = data.EcmProviders[index];
        member = null;
        for (var k = used; k < candidates.Count; k++)
        {
            if (provider.Counties.Contains(candidates[k].County))
            {
                member = candidates[k];
                (candidates[k], candidates[used]) = (candidates[used], candidates[k]);
                used++;
                break;
            }
        }

        return provider;
    }

    private async Task WalkAsync(Organization plan, Organization provider, CareHub.Members.Member member, EcmStatus target, int ageDays, string source, int i, DateTimeOffset now, CancellationToken ct,
        string planUser = "plancm@example.org")
    {
        var demoClock = new DemoClock(now.AddDays(-ageDays).AddHours(-3));
        var planScope = new FixedAccessScope(plan.Id, OrganizationType.Plan, UserName: planUser, Role: Roles.PlanCareManager);
        var providerScope = new FixedAccessScope(provider.Id, OrganizationType.EcmProvider, UserName: provider.Name.StartsWith("Harbor", StringComparison.Ordinal) ? "ecm@example.org" : "demo staff, " + provider.Name, Role: Roles.EcmProviderStaff);
        var step = Math.Max(1, ageDays / 8.0);
        void Advance(double days) => demoClock.Now = demoClock.Now.AddDays(days) > now ? now : demoClock.Now.AddDays(days);

        async Task<Outcome<T>> As<T>(IAccessScope scope, Func<EcmSteps, Task<Outcome<T>>> action)
        {
            await using var db = DatabaseSetup.CreateContext(settings, scope);
            var result = await action(new EcmSteps(db, demoClock, catalog));
            return result.Succeeded ? result : throw new InvalidOperationException($"Demo ECM case for {member.PlanMemberId}: {result.Message}");
        }

        var reasons = new[] { "Frequent ED visits and unstable housing", "Discharged after a heart failure admission", "Serious mental illness, missed appointments", "Referred by the PCP for care coordination" };
        if (i % 5 == 3)
        {
            await using var db = DatabaseSetup.CreateContext(settings);
            db.Add(new MemberProgramEnrollment { MemberId = member.Id, Program = "other-care-management", Start = DateOnly.FromDateTime(now.AddYears(-1).UtcDateTime), Source = "Plan basic case management" });
            await db.SaveChangesAsync(ct);
        }

        var created = await As(planScope, s => s.Create.HandleAsync(new NewCase(member.Id, source, reasons[i % reasons.Length], _populations[0][i % 3],
            source is EcmSource.Hospital ? "Discharge planner" : source is EcmSource.Pcp ? "Dr. Patel" : null,
            source is EcmSource.Hospital ? "St. Vincent Medical Center" : source is EcmSource.Pcp ? "Eastside Family Clinic" : null,
            TransitionDate: EcmSource.IsTransition(source) ? WpcHhpTransition.Date : null, ProviderId: EcmSource.IsTransition(source) ? provider.Id : null), ct));
        var id = created.Value!.Id;
        if (target == EcmStatus.Referred || EcmSource.IsTransition(source))
        {
            return;
        }

        Advance(step);
        if (created.Value.Status == EcmStatus.Referred)
        {
            var deny = target == EcmStatus.Denied;
            await As(planScope, s => s.Decide.HandleAsync(id, new AuthorizationRequest(deny ? "denied" : "approved", deny ? "Member is enrolled in a duplicate care management program" : "Meets Population of Focus criteria"), ct));
            if (deny)
            {
                return;
            }
        }

        if (target == EcmStatus.Authorized)
        {
            return;
        }

        Advance(step);
        await As(planScope, s => s.Assign.HandleAsync(id, new AssignmentRequest(provider.Id), ct));
        if (target == EcmStatus.Assigned)
        {
            return;
        }

        Advance(step);
        await As(providerScope, s => s.Respond.HandleAsync(id, new AcceptanceRequest(true, null), ct));
        if (target == EcmStatus.Accepted)
        {
            return;
        }

        var attempts = target == EcmStatus.Outreach
            ? (ageDays >= 40 ? new[] { ("phone", "no-answer"), ("in-person", "not-found"), ("text", "no-answer"), ("mail", "no-answer") } : [("phone", "no-answer"), ("text", "left-message")])
            : [("phone", "no-answer"), ("in-person", "reached")];
        foreach (var (modality, outcome) in attempts)
        {
            Advance(ageDays >= 40 && target == EcmStatus.Outreach ? step * 1.5 : step);
            var today = DateOnly.FromDateTime(demoClock.Now.UtcDateTime);
            await As(providerScope, s => s.Outreach.HandleAsync(id, new OutreachRequest(today, modality, outcome, outcome == "reached" ? "Met the member at the clinic; interested in ECM" : "No contact"), ct));
        }

        if (target == EcmStatus.Outreach)
        {
            return;
        }

        Advance(step / 2);
        var consent = DateOnly.FromDateTime(demoClock.Now.UtcDateTime);
        await As(providerScope, s => s.Enroll.HandleAsync(id, new EnrollmentRequest(consent, consent, providerScope.UserName == "ecm@example.org" ? "Maya Chen" : "Kim Tran"), ct));
        Advance(step / 2);
        await As(providerScope, s => s.AddToCareTeam.HandleAsync(id, new CareTeamRequest("Dr. Priya Patel", "Primary care provider", "Eastside Family Clinic", "(213) 555-0142", false, false), ct));
        if (ageDays >= 50)
        {
            Advance(step);
            await As(providerScope, s => s.Assess.HandleAsync(id, new AssessmentRequest(AssessmentForms.Comprehensive, 1, DemoAnswers(i)), ct));
            Advance(step);
            var due = DateOnly.FromDateTime(demoClock.Now.UtcDateTime).AddDays(i % 2 == 0 ? -3 : 14);
            await As(providerScope, s => s.SaveCarePlan.HandleAsync(id, new CarePlanRequest(0, "Stable housing within 6 months\nFewer emergency visits: see the PCP monthly",
                [new CarePlanIntervention("Referral to housing navigation (Community Supports)", "Lead Care Manager", due), new CarePlanIntervention("Schedule PCP visit and medication review", "Dr. Priya Patel", due.AddDays(7))],
                "I want a place of my own and to stop ending up in the ER.", "Member engaged; first housing application submitted."), ct));
        }

        if (target == EcmStatus.Disenrolled)
        {
            Advance(step);
            await As(providerScope, s => s.Disenroll.HandleAsync(id, new DisenrollmentRequest(i % 2 == 0 ? DisenrollmentReason.Graduated : DisenrollmentReason.MovedOut, i % 2 == 0 ? "Care plan goals met; housed" : "Moved to Riverside County"), ct));
        }
    }

    private static Dictionary<string, string?> DemoAnswers(int i) => new()
    {
        ["chronic-conditions"] = i % 2 == 0 ? "Type 2 diabetes, hypertension" : "COPD, depression",
        ["medications"] = "Metformin, lisinopril",
        ["pcp"] = "yes",
        ["recent-hospital"] = "yes",
        ["phq2-interest"] = "several days",
        ["phq2-down"] = i % 3 == 0 ? "more than half the days" : "several days",
        ["substance-use"] = i % 4 == 0 ? "yes" : "no",
        ["living-situation"] = i % 2 == 0 ? "no steady place to live" : "steady place now but worried about losing it",
        ["food-worry"] = "sometimes true",
        ["transportation"] = "yes",
        ["utilities"] = "no",
        ["safety"] = "never",
        ["member-goals"] = "Housing and fewer hospital visits",
    };

    /// <summary>The ECM use cases the demo walk takes, on one context and the demo's clock (as the app composes them).</summary>
    private sealed class EcmSteps(CareHubDbContext db, TimeProvider clock, ProgramCatalog catalog)
    {
        private readonly EcmWriter _writer = new(db, new AuditTrail(db, clock), clock, new MemberAccessGrants(db, clock));
        private readonly EcmLookups _lookups = new(db, catalog);

        public CreateEcmCase Create => new(db, _writer, _lookups, catalog);
        public DecideEcmAuthorization Decide => new(db, _writer, _lookups);
        public AssignEcmProvider Assign => new(db, _writer);
        public RespondToAssignment Respond => new(db, _writer);
        public LogOutreach Outreach => new(db, _writer, _lookups);
        public EnrollMember Enroll => new(db, _writer);
        public AddCareTeamMember AddToCareTeam => new(db, _writer);
        public RecordAssessment Assess => new(db, _writer);
        public SaveCarePlan SaveCarePlan => new(db, _writer);
        public DisenrollMember Disenroll => new(_writer);
    }

    /// <summary>A clock the demo walk moves forward step by step.</summary>
    private sealed class DemoClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
