using CareHub.Catalog;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Demo;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Web.Demo;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// Demo referrals for the first plan in every status, several to the first CBO (Open Door Housing Collaborative,
/// <c>cbo@example.org</c>), with their status history, authorizations, services and access grants, as if they had
/// been made over the past months. The second plan also refers members to the first CBO in every status, so the
/// CBO's workspace shows both plans' work.
/// </summary>
public sealed class ReferralDemoData(CareHubDbContext db, ProgramCatalog catalog, TimeProvider clock) : IDemoDataContributor
{
    public int Order => 30;

    private sealed record Step(ReferralStatus Status, double DaysAfterStart, string Note);

    public async Task SeedAsync(DemoDataSet data, CancellationToken ct)
    {
        var plan = data.Plans[0];
        var planUser = "planadmin@example.org";
        var referrer = "plancm@example.org";
        var openDoor = data.Cbos[0];
        var meals = data.Cbos[1];
        var recuperative = data.Cbos[2];
        var respite = data.Cbos[3];
        var asthma = data.Cbos[4];
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var used = new HashSet<Guid>();

        Member Pick(Organization cbo) => data.Members.First(m => m.PlanId == plan.Id && cbo.Counties.Contains(m.County) && used.Add(m.Id));

        void Add(Organization cbo, string service, string reason, int startInDays, int days, decimal? quantity, decimal? amount, string priority,
            double createdDaysAgo, Step[] steps, (int Day, decimal Quantity)[]? deliveries = null, string? outcome = null)
        {
            var member = Pick(cbo);
            var created = now.AddDays(-createdDaysAgo);
            var start = today.AddDays(startInDays);
            var end = start.AddDays(days - 1);
            var version = catalog.CommunitySupportOn(service, start)!.Version;
            var r = new Referral
            {
                MemberId = member.Id,
                PlanId = plan.Id,
                County = member.County,
                CommunitySupportCode = service,
                ReferringOrganizationId = plan.Id,
                ReferrerKind = "plan-care-manager",
                ReferredBy = referrer,
                CboId = cbo.Id,
                Reason = reason,
                Priority = priority,
                RequestedStart = start,
                RequestedEnd = end,
                RequestedQuantity = quantity,
                RequestedAmount = amount,
                Status = ReferralStatus.Submitted,
                CreatedAt = created,
                StatusChangedAt = created,
                UpdatedAt = created,
                DecisionDueAt = AuthorizationClock.DueAt(created, priority, AuthorizationClock.DefaultRoutineHours, AuthorizationClock.DefaultExpeditedHours),
                Channel = "demo",
            };
            db.Referrals.Add(r);
            var grant = new MemberAccessGrant { MemberId = member.Id, OrganizationId = cbo.Id, Reason = MemberAccessGrants.Referral, SourceId = r.Id, GrantedAt = created };
            db.MemberAccessGrants.Add(grant);
            db.Add(new ReferralStatusChange { ReferralId = r.Id, MemberId = member.Id, To = ReferralStatus.Submitted, At = created, By = referrer, ByOrganizationId = plan.Id, Note = "Referred." });
            var previous = created;
            foreach (var step in steps)
            {
                var at = created.AddDays(step.DaysAfterStart);
                var byCbo = step.Status is ReferralStatus.Accepted or ReferralStatus.Declined or ReferralStatus.Scheduled or ReferralStatus.InService or ReferralStatus.Closed;
                db.Add(new ReferralStatusChange
                {
                    ReferralId = r.Id,
                    MemberId = member.Id,
                    From = r.Status,
                    To = step.Status,
                    At = at,
                    SecondsInPrevious = (long)(at - previous).TotalSeconds,
                    By = byCbo ? "cbo@example.org" : planUser,
                    ByOrganizationId = byCbo ? cbo.Id : plan.Id,
                    Note = step.Note,
                });
                previous = at;
                r.Status = step.Status;
                r.StatusChangedAt = at;
                r.UpdatedAt = at;
                switch (step.Status)
                {
                    case ReferralStatus.Approved:
                        r.DecidedAt = at;
                        r.DecidedBy = planUser;
                        db.ServiceAuthorizations.Add(new ServiceAuthorization
                        {
                            MemberId = member.Id,
                            ReferralId = r.Id,
                            PlanId = plan.Id,
                            County = member.County,
                            CommunitySupportCode = service,
                            Start = start,
                            End = end,
                            Quantity = quantity,
                            QuantityUnit = LimitEngine.QuantityUnit(version),
                            Amount = amount,
                            AuthorizedAt = at,
                            AuthorizedBy = planUser,
                        });
                        break;
                    case ReferralStatus.Denied:
                        r.DecidedAt = at;
                        r.DecidedBy = planUser;
                        r.DenialReason = step.Note;
                        r.MemberNotice = "We reviewed your request and cannot approve it now: the documents did not show the need. You may appeal within 60 days by calling Member Services.";
                        break;
                    case ReferralStatus.Pended:
                        r.PendReason = step.Note;
                        break;
                    case ReferralStatus.Declined:
                        grant.RevokedAt = at;
                        r.DeclineReason = "at-capacity";
                        r.DeclineNote = step.Note;
                        r.ReportedCapacity = 0;
                        break;
                    case ReferralStatus.Cancelled:
                        grant.RevokedAt = at;
                        break;
                    case ReferralStatus.Scheduled:
                        r.ScheduledFor = at.AddDays(2);
                        break;
                    case ReferralStatus.Closed:
                        r.Outcome = outcome ?? "services-completed";
                        r.OutcomeNote = step.Note;
                        r.ClosedAt = at;
                        break;
                }
            }

            foreach (var (day, q) in deliveries ?? [])
            {
                db.Add(new ServiceDelivery
                {
                    MemberId = member.Id,
                    ReferralId = r.Id,
                    CboId = cbo.Id,
                    ServiceDate = start.AddDays(day),
                    Quantity = q,
                    Unit = LimitEngine.QuantityUnit(version) ?? "days",
                    RecordedAt = now.AddDays(-1),
                    RecordedBy = "cbo@example.org",
                });
            }
        }

        Add(openDoor, "medically-tailored-meals", "Type 2 diabetes and heart failure; two ED visits this year; no way to cook a low-sodium diet.", 3, 84, 168, null, "routine", 2,
            [new(ReferralStatus.Approved, 1, "Approved for 12 weeks, 2 meals a day.")]);
        Add(openDoor, "housing-transition-navigation", "Unsheltered for eight months; wants help applying for permanent housing.", -60, 180, null, null, "routine", 65,
            [new(ReferralStatus.Approved, 2, "Approved for 6 months."), new(ReferralStatus.Accepted, 3, "Navigator assigned."), new(ReferralStatus.InService, 8, "First meeting held.")],
            [(0, 1), (7, 1), (14, 1)]);
        Add(openDoor, "housing-deposits", "Moving into a studio apartment next month; needs security deposit and utility set-up.", 10, 1, null, 2400, "routine", 6,
            [new(ReferralStatus.Approved, 1, "Approved: $2,400."), new(ReferralStatus.Accepted, 2, "We will pay the landlord directly.")]);
        Add(openDoor, "housing-tenancy-sustaining", "At risk of eviction after a hospital stay; landlord mediation needed.", -5, 90, null, null, "expedited", 9,
            [new(ReferralStatus.Approved, 1, "Approved, expedited."), new(ReferralStatus.Accepted, 1.5, "Accepted."), new(ReferralStatus.Scheduled, 2, "Home visit booked.")]);
        Add(openDoor, "transitional-rent", "Leaving recuperative care with no place to go; transitional rent while a voucher is processed.", 7, 90, null, null, "routine", 1, []);
        Add(openDoor, "housing-transition-navigation", "Couch-surfing with a relative; needs a housing plan.", -150, 120, null, null, "routine", 155,
            [new(ReferralStatus.Approved, 3, "Approved."), new(ReferralStatus.Accepted, 4, "Accepted."), new(ReferralStatus.InService, 9, "Started."), new(ReferralStatus.Closed, 118, "Housed in a permanent supportive housing unit.")],
            [(0, 1), (30, 1), (60, 1)], "goal-met");
        Add(meals, "medically-tailored-meals", "Chronic kidney disease stage 4; after discharge.", -100, 84, 168, null, "routine", 104,
            [new(ReferralStatus.Approved, 1, "Approved."), new(ReferralStatus.Accepted, 1.2, "Accepted."), new(ReferralStatus.InService, 3, "Deliveries started."), new(ReferralStatus.Closed, 90, "12 weeks of meals delivered; A1c improved.")],
            [(0, 56), (28, 56), (56, 56)]);
        Add(recuperative, "recuperative-care", "Discharged after foot surgery; unsheltered; cannot recover on the street.", 0, 30, null, null, "expedited", 4, []);
        Add(respite, "respite-services", "Daughter is the only caregiver and needs relief two afternoons a week.", 5, 60, 48, null, "routine", 8,
            [new(ReferralStatus.Pended, 2, "Please send the caregiver assessment.")]);
        Add(asthma, "environmental-accessibility-adaptations", "Needs grab bars and a ramp after a stroke.", 14, 30, null, 6500, "routine", 20,
            [new(ReferralStatus.Denied, 3, "Durable medical equipment covers the need; try DME first.")]);
        Add(asthma, "asthma-remediation", "Two asthma ED visits in 12 months; mould in the bedroom.", 7, 30, null, 1800, "routine", 12,
            [new(ReferralStatus.Approved, 1, "Approved."), new(ReferralStatus.Declined, 2, "Our crew is booked for two months.")]);

        // The second plan refers members to the same CBO, in every status.
        plan = data.Plans[1];
        planUser = referrer = "planadmin2@example.org";
        Add(openDoor, "housing-transition-navigation", "Sleeping in a car; needs a housing plan.", 5, 180, null, null, "routine", 1, []);
        Add(openDoor, "housing-deposits", "Moving into an apartment; deposit needed.", 14, 1, null, 1800, "routine", 5,
            [new(ReferralStatus.Pended, 1, "Please send the lease offer.")]);
        Add(openDoor, "housing-tenancy-sustaining", "Behind on rent after a hospital stay.", 2, 90, null, null, "expedited", 3,
            [new(ReferralStatus.Approved, 0.5, "Approved, expedited.")]);
        Add(openDoor, "housing-deposits", "Second deposit request this year.", 20, 1, null, 900, "routine", 9,
            [new(ReferralStatus.Denied, 2, "The member's lifetime deposit was used in 2023.")]);
        Add(openDoor, "housing-transition-navigation", "Leaving jail next week with no address.", -10, 180, null, null, "routine", 14,
            [new(ReferralStatus.Approved, 1, "Approved."), new(ReferralStatus.Accepted, 2, "Navigator assigned.")]);
        Add(openDoor, "housing-tenancy-sustaining", "Landlord dispute; needs mediation.", -20, 90, null, null, "routine", 30,
            [new(ReferralStatus.Approved, 1, "Approved."), new(ReferralStatus.Declined, 2, "Caseload full this month.")]);
        Add(openDoor, "housing-transition-navigation", "Staying in a shelter; wants permanent housing.", -3, 180, null, null, "routine", 12,
            [new(ReferralStatus.Approved, 1, "Approved."), new(ReferralStatus.Accepted, 2, "Accepted."), new(ReferralStatus.Scheduled, 3, "Intake booked.")]);
        Add(openDoor, "housing-transition-navigation", "Unsheltered with diabetes.", -45, 180, null, null, "routine", 50,
            [new(ReferralStatus.Approved, 1, "Approved."), new(ReferralStatus.Accepted, 2, "Accepted."), new(ReferralStatus.InService, 5, "Started.")], [(0, 1), (14, 1)]);
        Add(openDoor, "housing-tenancy-sustaining", "Eviction notice; resolved with the landlord.", -120, 90, null, null, "routine", 125,
            [new(ReferralStatus.Approved, 1, "Approved."), new(ReferralStatus.Accepted, 2, "Accepted."), new(ReferralStatus.InService, 4, "Started."), new(ReferralStatus.Closed, 95, "Tenancy kept.")],
            [(0, 1), (30, 1)], "goal-met");
        Add(openDoor, "housing-deposits", "Member found housing on their own.", 10, 1, null, 1500, "routine", 4,
            [new(ReferralStatus.Cancelled, 2, "No longer needed.")]);
        await db.SaveChangesAsync(ct);
    }
}
