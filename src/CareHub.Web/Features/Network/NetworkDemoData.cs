using CareHub.Data;
using CareHub.Demo;
using CareHub.Network;
using CareHub.Organizations;
using CareHub.Web.Demo;

namespace CareHub.Web.Features.Network;

/// <summary>
/// Demo provider network: every ECM provider and CBO gets a registry profile (type, valid NPI, TIN, sites,
/// Populations of Focus or Community Supports), and the providers stand at different stages with the first plan —
/// certified, trained and contracted (Harbor Community Clinics, shared with and accepted by the second plan; Open
/// Door Housing Collaborative and the meals, recuperative care and San Diego providers), in gap closure with an
/// overdue gap and check-in (Eastside Care Partners), applying (Orange Coast Health Center), invited (HomeWell),
/// declined (Clear Air) — plus the first plan's Model of Care deliverables and go-live schedule.
/// </summary>
public sealed class NetworkDemoData(CareHubDbContext db, TimeProvider clock) : IDemoDataContributor
{
    public int Order => 50;

    private static readonly (string Type, string[] Populations, string[] Services)[] _ecm =
    [
        ("fqhc", ["homelessness", "adult-high-utilizer", "adult-smi-sud", "incarceration-transition"], []),
        ("cbo", ["adult-high-utilizer", "adult-smi-sud", "ltc-at-risk", "nf-transition"], []),
        ("fqhc", ["homelessness", "adult-high-utilizer", "child-high-utilizer", "child-smi-sud"], []),
        ("county-behavioral-health", ["homelessness", "adult-smi-sud", "birth-equity", "child-homelessness"], []),
    ];

    private static readonly (string Type, string[] Services)[] _cbo =
    [
        ("housing-provider", ["housing-transition-navigation", "housing-deposits", "housing-tenancy-sustaining", "transitional-rent"]),
        ("meals-provider", ["medically-tailored-meals"]),
        ("recuperative-care", ["recuperative-care", "short-term-post-hospitalization-housing"]),
        ("home-care", ["respite-services", "personal-care-homemaker"]),
        ("remediation", ["asthma-remediation", "environmental-accessibility-adaptations"]),
    ];

    public async Task SeedAsync(DemoDataSet data, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var plan1 = data.Plans[0];
        var plan2 = data.Plans[1];
        var seq = 0;
        foreach (var (org, i) in data.EcmProviders.Select((o, i) => (o, i)))
        {
            await ProfileAsync(org, _ecm[i % _ecm.Length].Type, _ecm[i % _ecm.Length].Populations, [], i == 0, ++seq, ct);
        }

        foreach (var (org, i) in data.Cbos.Select((o, i) => (o, i)))
        {
            await ProfileAsync(org, _cbo[i % _cbo.Length].Type, [], _cbo[i % _cbo.Length].Services, false, ++seq, ct);
        }

        var harbor = data.EcmProviders[0];
        var eastside = data.EcmProviders[1];
        var orangeCoast = data.EcmProviders[2];
        var bayToBorder = data.EcmProviders[3];
        var openDoor = data.Cbos[0];

        // Certified, trained and contracted with the first plan; shared with the second plan, which accepted it.
        var harborApp = Certified(harbor, [plan1, plan2], plan1, now.AddDays(-200), ecm: true);
        db.Add(new ApplicationShare { ApplicationId = harborApp.Id, PlanId = plan2.Id, SharedAt = now.AddDays(-150), SharedBy = "ecm@example.org" });
        db.Add(new ProviderCertification { PlanId = plan2.Id, ProviderId = harbor.Id, ApplicationId = harborApp.Id, Basis = ProviderCertification.AcceptedFromPlan, CertifiedAt = now.AddDays(-148), CertifiedBy = "planadmin2@example.org" });
        Trained(harbor, plan1, today.AddDays(-170));
        Contract(plan1, harbor, "Los Angeles", today.AddDays(-160), _ecm[0].Populations, [], 250);
        Contract(plan1, harbor, "Orange", today.AddDays(-160), _ecm[0].Populations, [], 150);
        Contract(plan2, harbor, "Los Angeles", today.AddDays(-140), ["homelessness", "adult-high-utilizer"], [], 120);

        Certified(bayToBorder, [plan1], plan1, now.AddDays(-180), ecm: true);
        Trained(bayToBorder, plan1, today.AddDays(-150));
        Contract(plan1, bayToBorder, "San Diego", today.AddDays(-140), _ecm[3].Populations, [], 200);

        var openDoorApp = Certified(openDoor, [plan1, plan2], plan1, now.AddDays(-190), ecm: false);
        db.Add(new ApplicationShare { ApplicationId = openDoorApp.Id, PlanId = plan2.Id, SharedAt = now.AddDays(-120), SharedBy = "cbo@example.org" });
        db.Add(new ProviderCertification { PlanId = plan2.Id, ProviderId = openDoor.Id, ApplicationId = openDoorApp.Id, Basis = ProviderCertification.AcceptedFromPlan, CertifiedAt = now.AddDays(-118), CertifiedBy = "planadmin2@example.org" });
        Trained(openDoor, plan1, today.AddDays(-160));
        Contract(plan1, openDoor, "Los Angeles", today.AddDays(-150), [], _cbo[0].Services, 100);
        Contract(plan1, openDoor, "Orange", today.AddDays(-150), [], _cbo[0].Services, 50);
        Contract(plan2, openDoor, "Los Angeles", today.AddDays(-110), [], ["housing-transition-navigation", "housing-tenancy-sustaining", "housing-deposits"], 60);

        foreach (var (cbo, index, capacity) in new[] { (data.Cbos[1], 1, 500), (data.Cbos[2], 2, 60) })
        {
            Certified(cbo, [plan1], plan1, now.AddDays(-170), ecm: false);
            Trained(cbo, plan1, today.AddDays(-140));
            foreach (var county in cbo.Counties)
            {
                Contract(plan1, cbo, county, today.AddDays(-130), [], _cbo[index].Services, capacity / cbo.Counties.Count);
            }
        }

        // In gap closure: one area No with an overdue gap, a missed check-in, an area rated High Effort 2.
        var (eastLetter, _) = Letter(eastside, [plan1], now.AddDays(-75), LetterResponse.Invite);
        var eastApp = Application(eastside, plan1, eastLetter, now.AddDays(-70), ApplicationStatus.GapClosure, ecm: true);
        db.Add(new AreaReview { ApplicationId = eastApp.App.Id, PlanId = plan1.Id, AreaCode = "data-exchange", Compliant = false, Comment = "No electronic exchange yet.", ReviewedAt = now.AddDays(-40), ReviewedBy = "planadmin@example.org" });
        db.Add(new ApplicationGap
        {
            ApplicationId = eastApp.App.Id,
            PlanId = plan1.Id,
            AreaCode = "data-exchange",
            MissingInformation = "How member files and encounters will be exchanged with the plan.",
            ExpectedDocumentation = "Signed data sharing agreement and a sample encounter file.",
            DueDate = today.AddDays(-5),
            OpenedAt = now.AddDays(-40),
        });
        db.Add(new ApplicationGap
        {
            ApplicationId = eastApp.App.Id,
            PlanId = plan1.Id,
            AreaCode = "staffing-caseloads",
            MissingInformation = "Caseload ratio for the nursing facility transition population.",
            ExpectedDocumentation = "Staffing plan with caseload ratios by Population of Focus.",
            DueDate = today.AddDays(12),
            OpenedAt = now.AddDays(-40),
        });
        db.Add(new AreaReview { ApplicationId = eastApp.App.Id, PlanId = plan1.Id, AreaCode = "staffing-caseloads", Compliant = false, ReviewedAt = now.AddDays(-40), ReviewedBy = "planadmin@example.org" });
        foreach (var area in eastApp.Areas.Where(a => a.Code is not ("data-exchange" or "staffing-caseloads")))
        {
            db.Add(new AreaReview { ApplicationId = eastApp.App.Id, PlanId = plan1.Id, AreaCode = area.Code, Compliant = true, ReviewedAt = now.AddDays(-41), ReviewedBy = "planadmin@example.org" });
        }

        eastApp.Areas.First(a => a.Code == "data-exchange").Effort = Effort.High2;
        db.Add(new ApplicationCheckIn { ApplicationId = eastApp.App.Id, PlanId = plan1.Id, DueDate = today.AddDays(-26), HeldOn = today.AddDays(-26), Notes = "Walked through the data sharing agreement." });
        db.Add(new ApplicationCheckIn { ApplicationId = eastApp.App.Id, PlanId = plan1.Id, DueDate = today.AddDays(-12) });

        // Applying: a draft half answered.
        var (ocLetter, _) = Letter(orangeCoast, [plan1], now.AddDays(-30), LetterResponse.Invite);
        var ocApp = Application(orangeCoast, plan1, ocLetter, now.AddDays(-25), ApplicationStatus.Draft, ecm: true);
        foreach (var area in ocApp.Areas.Skip(5))
        {
            area.Response = null;
            area.Effort = null;
            area.Evidence = [];
        }

        Letter(data.Cbos[3], [plan1], now.AddDays(-10), LetterResponse.Invite);
        Letter(data.Cbos[4], [plan1], now.AddDays(-20), LetterResponse.Decline);

        ModelOfCare(plan1, now, today);
        await db.SaveChangesAsync(ct);
    }

    private async Task ProfileAsync(Organization org, string type, string[] populations, string[] services, bool formerHealthHomes, int seq, CancellationToken ct)
    {
        var nine = (123456700 + seq * 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var npi = nine + Npi.CheckDigit(nine).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tracked = db.Organizations.Local.FirstOrDefault(o => o.Id == org.Id) ?? await db.Organizations.FindAsync([org.Id], ct);
        if (tracked is not null && tracked.Npi is null)
        {
            tracked.Npi = npi;
        }

        db.Add(new ProviderProfile
        {
            OrganizationId = org.Id,
            ProviderType = type,
            Tin = (950000000 + seq * 1031).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Sites = [.. org.Counties.Select(c => $"{org.Name.Split(' ')[0]} {c} site, 100 Main St")],
            Populations = [.. populations],
            CommunitySupports = [.. services],
            FormerHealthHomes = formerHealthHomes,
            UpdatedAt = clock.GetUtcNow(),
        });
    }

    private (LetterOfInterest Letter, List<LetterResponse> Responses) Letter(Organization provider, Organization[] plans, DateTimeOffset at, string decision)
    {
        var letter = new LetterOfInterest
        {
            ProviderId = provider.Id,
            Counties = [.. provider.Counties],
            Message = $"{provider.Name} would like to join your network for ECM and Community Supports in {string.Join(", ", provider.Counties)}.",
            CreatedAt = at,
            CreatedBy = "demo",
        };
        db.Add(letter);
        var responses = plans.Select(p => new LetterResponse
        {
            LetterId = letter.Id,
            PlanId = p.Id,
            Decision = decision,
            Note = decision == LetterResponse.Decline ? "Our network for this service is adequate in your counties this year." : "Welcome; please apply.",
            RespondedAt = decision == LetterResponse.Pending ? null : at.AddDays(3),
            RespondedBy = decision == LetterResponse.Pending ? null : "planadmin@example.org",
        }).ToList();
        db.AddRange(responses);
        return (letter, responses);
    }

    private (NetworkApplication App, List<ApplicationArea> Areas) Application(Organization provider, Organization plan, LetterOfInterest letter, DateTimeOffset at, string status, bool ecm)
    {
        var kind = !ecm ? CertificationTemplates.CommunitySupports : CertificationTemplates.Ecm;
        var template = CertificationTemplates.Embedded.InEffect(kind, DateOnly.FromDateTime(at.UtcDateTime))!;
        var app = new NetworkApplication
        {
            ProviderId = provider.Id,
            PlanId = plan.Id,
            LetterId = letter.Id,
            TemplateKind = template.Kind,
            TemplateVersion = template.Version,
            Status = status,
            CreatedAt = at,
            StatusChangedAt = at.AddDays(20),
            SubmittedAt = status == ApplicationStatus.Draft ? null : at.AddDays(10),
        };
        db.Add(app);
        var areas = template.Areas.Select((t, i) => new ApplicationArea
        {
            ApplicationId = app.Id,
            Code = t.Code,
            Response = $"{provider.Name}: {t.Criteria.Split('.')[0].ToLowerInvariant()} — described in our attached policy.",
            Effort = Effort.All[i % 4],
            Notes = i % 3 == 0 ? "Policy approved by our board this year." : null,
            Evidence = [new EvidenceLink($"{t.Title} policy", $"https://docs.example.org/{t.Code}.pdf")],
            UpdatedAt = at.AddDays(5),
        }).ToList();
        db.AddRange(areas);
        db.Add(new ApplicationEvent { ApplicationId = app.Id, At = at, By = "demo", ByOrganizationId = provider.Id, Action = "start", Status = ApplicationStatus.Draft, Detail = $"{template.Title}, version {template.Version}" });
        if (status != ApplicationStatus.Draft)
        {
            db.Add(new ApplicationEvent { ApplicationId = app.Id, At = at.AddDays(10), By = "demo", ByOrganizationId = provider.Id, Action = "submit", Status = ApplicationStatus.Submitted });
        }

        return (app, areas);
    }

    private NetworkApplication Certified(Organization provider, Organization[] plans, Organization plan, DateTimeOffset at, bool ecm)
    {
        var (letter, _) = Letter(provider, plans, at, LetterResponse.Invite);
        var (app, areas) = Application(provider, plan, letter, at.AddDays(4), ApplicationStatus.Certified, ecm);
        app.CertifiedAt = at.AddDays(30);
        foreach (var area in areas)
        {
            db.Add(new AreaReview { ApplicationId = app.Id, PlanId = plan.Id, AreaCode = area.Code, Compliant = true, Comment = "Meets the criteria.", ReviewedAt = at.AddDays(30), ReviewedBy = "planadmin@example.org" });
        }

        db.Add(new ApplicationEvent { ApplicationId = app.Id, At = at.AddDays(30), By = "planadmin@example.org", ByOrganizationId = plan.Id, Action = "certify", Status = ApplicationStatus.Certified });
        db.Add(new ProviderCertification { PlanId = plan.Id, ProviderId = provider.Id, ApplicationId = app.Id, CertifiedAt = at.AddDays(30), CertifiedBy = "planadmin@example.org" });
        return app;
    }

    private void Trained(Organization provider, Organization plan, DateOnly on)
    {
        foreach (var (topic, i) in TrainingRules.DefaultRequired.Select((t, i) => (t, i)))
        {
            db.Add(new TrainingCompletion { PlanId = plan.Id, ProviderId = provider.Id, Topic = topic.Topic, StaffName = i % 2 == 0 ? "Maya Chen" : "Luis Ortega", CompletedOn = on.AddDays(i), RecordedAt = clock.GetUtcNow(), RecordedBy = "planadmin@example.org" });
        }
    }

    private void Contract(Organization plan, Organization provider, string county, DateOnly start, string[] populations, string[] services, int capacity) =>
        db.Add(new ProviderContract
        {
            PlanId = plan.Id,
            ProviderId = provider.Id,
            County = county,
            Start = start,
            End = start.AddYears(2).AddDays(-1),
            Populations = [.. populations],
            CommunitySupports = [.. services],
            Capacity = capacity,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = "planadmin@example.org",
        });

    private void ModelOfCare(Organization plan, DateTimeOffset now, DateOnly today)
    {
        (string Q, string Page, string Status, string Owner)[] items =
        [
            ("Describe how the plan will identify members for each Population of Focus.", "Part 1, p. 3", "complete", "Population health team"),
            ("Describe the ECM provider network and capacity by county.", "Part 2, p. 7", "in-progress", "Provider network team"),
            ("Describe how ECM providers will be trained and monitored.", "Part 1, p. 12", "in-progress", "Provider relations"),
            ("Describe data sharing with ECM providers and Community Supports providers.", "Part 1, p. 15", "not-started", "IT and data exchange"),
            ("Describe the Community Supports the plan will offer and in which counties.", "Part 3, p. 2", "complete", "Community Supports lead"),
        ];
        foreach (var (q, page, status, owner) in items)
        {
            db.Add(new ModelOfCareItem { PlanId = plan.Id, Question = q, Page = page, Status = status, Owner = owner, Response = status == "complete" ? "See the submitted narrative." : null, UpdatedAt = now });
        }

        foreach (var county in plan.Counties)
        {
            foreach (var (pop, months) in new[] { ("homelessness", -36), ("adult-high-utilizer", -36), ("adult-smi-sud", -36), ("incarceration-transition", -24), ("child-homelessness", -30), ("birth-equity", -12) })
            {
                db.Add(new GoLiveEntry { PlanId = plan.Id, County = county, Population = pop, GoLive = new DateOnly(today.Year, 1, 1).AddMonths(months) });
            }

            // One Community Support still to come, so the schedule shows a planned entry.
            db.Add(new GoLiveEntry { PlanId = plan.Id, County = county, Population = "transitional-rent", GoLive = ModelOfCareRules.NextPhaseStart(today) });
        }
    }
}
