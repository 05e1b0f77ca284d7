using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CareHub.Audit;
using CareHub.Common;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using CareHub.Members;
using CareHub.Network;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.EntityFrameworkCore;
using static CareHub.Web.Tests.Reporting.ReportsTestData;

namespace CareHub.Web.Tests.Reporting;

/// <summary>The quarterly reports and outcomes through HTTP on generated data, each figure checked against a plain
/// loop over the data the test made, on SQLite and PostgreSQL.</summary>
public abstract class ReportsTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    // 2024 Q2: 2024-04-01 through 2024-06-30.
    private static readonly DateTimeOffset _qStart = new(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _qEnd = new(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly _first = new(2024, 4, 1);
    private static readonly DateOnly _last = new(2024, 6, 30);

    /// <summary>Instants at and around the quarter's edges, and inside and outside it.</summary>
    private static readonly DateTimeOffset?[] _instants =
    [
        null, _qStart, _qStart.AddTicks(-1), _qEnd.AddTicks(-1), _qEnd, _qStart.AddDays(17).AddHours(9), _qStart.AddDays(60).AddHours(15),
        _qStart.AddDays(-40), _qEnd.AddDays(20), new DateTimeOffset(2024, 6, 30, 23, 59, 59, TimeSpan.Zero),
    ];

    private static readonly DateOnly[] _dates = [_first, _first.AddDays(-1), _last, _last.AddDays(1), _first.AddDays(30), _first.AddDays(-100), _last.AddDays(50)];

    private static bool In(DateTimeOffset? t) => t is { } v && v >= _qStart && v < _qEnd;

    private static bool In(DateOnly d) => d >= _first && d <= _last;

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task EcmReport_OnGeneratedData_EqualsAPlainLoop_WithQuarterEdgesIncluded()
    {
        var (plan, client) = await NewPlanAsync(App);
        var provider = await App.OrganizationAsync("ecm@example.org");
        var random = new Random(4711);
        string?[] populations = ["adult-high-utilizer", "homelessness", "adult-smi-sud", null];
        EcmStatus[] statuses = [EcmStatus.Enrolled, EcmStatus.Denied, EcmStatus.Disenrolled, EcmStatus.Outreach, EcmStatus.Authorized];
        var members = new List<Member>();
        var cases = new List<EcmCase>();
        var outreach = new List<OutreachAttempt>();
        for (var i = 0; i < 80; i++)
        {
            var m = NewMember(plan.Id, random.Pick(Counties), i);
            members.Add(m);
            var c = new EcmCase
            {
                MemberId = m.Id,
                PlanId = plan.Id,
                Source = EcmSource.Identification,
                Population = random.Pick(populations),
                Status = random.Pick(statuses),
                ReferredAt = random.Pick(_instants) ?? _qStart.AddDays(-200),
                DecidedAt = random.Pick(_instants),
                AssignedAt = random.Pick(_instants),
                EnrolledAt = random.Pick(_instants),
                DisenrolledAt = random.Pick(_instants),
                ProviderId = provider.Id,
                DisenrollmentReason = random.Pick(DisenrollmentReason.All),
                StatusChangedAt = _qStart,
            };
            cases.Add(c);
            for (var k = random.Next(3); k > 0; k--)
            {
                outreach.Add(new OutreachAttempt { CaseId = c.Id, MemberId = m.Id, ProviderId = provider.Id, Date = random.Pick(_dates), Modality = "phone", Outcome = "no-answer" });
            }
        }

        // Quarter edges in a population of their own: referred on the first instant and the last second count, the
        // instant before and the first instant of the next quarter do not.
        foreach (var (at, n) in new[] { (_qStart, 0), (_qEnd.AddSeconds(-1), 1), (_qStart.AddTicks(-1), 2), (_qEnd, 3) })
        {
            var m = NewMember(plan.Id, "Orange", 900 + n);
            members.Add(m);
            cases.Add(new EcmCase { MemberId = m.Id, PlanId = plan.Id, Source = EcmSource.Pcp, Population = "edge-test", Status = EcmStatus.Referred, ReferredAt = at, StatusChangedAt = at });
        }

        // Runs: the latest completed run dated in the quarter counts; an earlier one, a failed one and one of the next quarter do not.
        var runs = new[]
        {
            new IdentificationRunRecord { PlanId = plan.Id, AsOf = _first.AddDays(10), RuleVersion = "current", Status = RunStatus.Completed, RequestedAt = _qStart },
            new IdentificationRunRecord { PlanId = plan.Id, AsOf = _last, RuleVersion = "current", Status = RunStatus.Completed, RequestedAt = _qStart.AddDays(1) },
            new IdentificationRunRecord { PlanId = plan.Id, AsOf = _last.AddDays(-1), RuleVersion = "current", Status = RunStatus.Failed, RequestedAt = _qStart.AddDays(2) },
            new IdentificationRunRecord { PlanId = plan.Id, AsOf = _last.AddDays(1), RuleVersion = "current", Status = RunStatus.Completed, RequestedAt = _qStart.AddDays(3) },
        };
        var determinations = new List<DeterminationRecord>();
        foreach (var run in runs)
        {
            foreach (var m in members.Where((_, i) => i % 3 != 1))
            {
                var excluded = random.Next(5) == 0;
                determinations.Add(new DeterminationRecord
                {
                    RunId = run.Id,
                    MemberId = m.Id,
                    Population = random.Pick(populations) ?? "adult-high-utilizer",
                    RuleVersion = "x",
                    Eligible = !excluded && random.Next(2) == 0,
                    ExclusionCode = excluded ? "hospice" : null,
                    EvidenceText = "test",
                    County = random.Pick(Counties),
                });
            }
        }

        await using (var db = App.SystemDb())
        {
            db.Members.AddRange(members);
            db.AddRange(cases);
            db.AddRange(outreach);
            db.IdentificationRuns.AddRange(runs);
            db.Determinations.AddRange(determinations);
            await db.SaveChangesAsync();
        }

        // The plain loop.
        var expected = new Dictionary<(string, string), HashSet<Guid>[]>();
        void Count(string population, string county, int measure, Guid member)
        {
            if (!expected.TryGetValue((population, county), out var sets))
            {
                expected[(population, county)] = sets = [.. Enumerable.Range(0, 9).Select(_ => new HashSet<Guid>())];
            }

            sets[measure].Add(member);
        }

        var countyOf = members.ToDictionary(m => m.Id, m => m.County);
        foreach (var d in determinations.Where(d => d.RunId == runs[1].Id && (d.Eligible || d.ExclusionCode == null)))
        {
            Count(d.Population, d.County, 0, d.MemberId);
        }

        foreach (var c in cases)
        {
            var (pop, county) = (c.Population ?? "unspecified", countyOf[c.MemberId]);
            if (In(c.ReferredAt)) { Count(pop, county, 1, c.MemberId); }
            if (In(c.DecidedAt) && c.Status != EcmStatus.Denied) { Count(pop, county, 2, c.MemberId); }
            if (In(c.DecidedAt) && c.Status == EcmStatus.Denied) { Count(pop, county, 3, c.MemberId); }
            if (In(c.AssignedAt)) { Count(pop, county, 4, c.MemberId); }
            if (outreach.Any(o => o.CaseId == c.Id && In(o.Date))) { Count(pop, county, 5, c.MemberId); }
            if (In(c.EnrolledAt)) { Count(pop, county, 6, c.MemberId); }
            if (In(c.DisenrolledAt)) { Count(pop, county, 7, c.MemberId); }
            if (c.EnrolledAt < _qEnd && (c.DisenrolledAt is null || c.DisenrolledAt >= _qEnd)) { Count(pop, county, 8, c.MemberId); }
        }

        var report = await Ok(await client.GetAsync("/api/reports/ecm?year=2024&quarter=2"));
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        string[] fields = ["identified", "referred", "authorized", "denied", "assigned", "outreached", "enrolled", "disenrolled", "activeAtEnd"];
        var actual = rows.ToDictionary(r => (r.GetProperty("population").GetString()!, r.GetProperty("county").GetString()!), r => fields.Select(f => r.GetProperty(f).GetInt32()).ToArray());
        var expectedCounts = expected.Where(e => e.Value.Any(s => s.Count > 0)).ToDictionary(e => e.Key, e => e.Value.Select(s => s.Count).ToArray());
        actual.Keys.OrderBy(k => k).ShouldBe(expectedCounts.Keys.OrderBy(k => k));
        foreach (var (key, counts) in expectedCounts)
        {
            actual[key].ShouldBe(counts, $"{key}");
        }

        actual[("edge-test", "Orange")][1].ShouldBe(2);
        expectedCounts.Values.Sum(v => v.Sum()).ShouldBeGreaterThan(50); // the generated data exercises every figure
        fields.Select((_, i) => expectedCounts.Values.Sum(v => v[i])).ShouldAllBe(total => total > 0);
        report.GetProperty("identificationRunId").GetGuid().ShouldBe(runs[1].Id);

        // The drill-down lists the members behind a figure, each audited.
        var (dKey, dCounts) = expectedCounts.First(e => e.Value[6] > 0);
        var drill = await Ok(await client.GetAsync($"/api/reports/members?report=ecm&measure=enrolled&year=2024&quarter=2&key={dKey.Item1}&county={Uri.EscapeDataString(dKey.Item2)}"));
        drill.GetProperty("total").GetInt32().ShouldBe(dCounts[6]);
        var shown = drill.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
        shown.Order().ShouldBe(expected[dKey][6].Order());
        await using (var db = App.SystemDb())
        {
            (await db.AuditEntries.Where(a => a.Action == "report.members" && a.OrganizationId == plan.Id && a.MemberId != null).Select(a => a.MemberId!.Value).ToListAsync())
                .Order().ShouldBe(shown.Order());
        }

        // Another plan sees none of it.
        var other = await App.ApiClientAsync("planadmin2@example.org");
        var otherReport = await Ok(await other.GetAsync("/api/reports/ecm?year=2024&quarter=2"));
        otherReport.GetProperty("rows").EnumerateArray().ShouldNotContain(r => r.GetProperty("population").GetString() == "edge-test");

        // CSV and XLSX carry the same rows.
        var csv = await client.GetStringAsync("/api/reports/ecm?year=2024&quarter=2&format=csv");
        var lines = csv.Split('\n');
        lines[0].ShouldBe("population,county,identified,referred,authorized,denied,assigned,outreached,enrolled,disenrolled,activeAtEnd");
        lines.Count(l => l.StartsWith("edge-test,Orange,", StringComparison.Ordinal)).ShouldBe(1);
        var xlsx = await client.GetAsync("/api/reports/ecm?year=2024&quarter=2&format=xlsx");
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheet = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "ECM").Cast<IDictionary<string, object>>().ToList();
        sheet.Count.ShouldBe(expectedCounts.Count);
        Convert.ToInt32(sheet.Single(r => (string)r["population"] == "edge-test")["referred"], CultureInfo.InvariantCulture).ShouldBe(2);
    }

    [Fact]
    public async Task EcmReport_ListsThePlansNetworkByType_WithContractedCapacity()
    {
        var (plan, client) = await NewPlanAsync(App);
        var (otherPlan, _) = await NewPlanAsync(App);
        Organization Provider(string name, int? capacity) => new() { Name = name + " " + Guid.NewGuid().ToString("N")[..6], Type = OrganizationType.EcmProvider, Counties = ["Orange"], Capacity = capacity, CreatedAt = DateTimeOffset.UtcNow };
        var clinic = Provider("Clinic", 500);
        var outreachTeam = Provider("Outreach team", null);
        var elsewhere = Provider("Other plan's provider", 90);
        ProviderContract Contract(Guid planId, Organization p, string county, DateOnly start, DateOnly? end, int capacity) =>
            new() { PlanId = planId, ProviderId = p.Id, County = county, Start = start, End = end, Capacity = capacity, CreatedAt = DateTimeOffset.UtcNow };
        var member = NewMember(plan.Id, "Orange", 1);
        await using (var db = App.SystemDb())
        {
            db.Organizations.AddRange(clinic, outreachTeam, elsewhere);
            db.Add(new ProviderProfile { OrganizationId = clinic.Id, ProviderType = "fqhc", UpdatedAt = DateTimeOffset.UtcNow });
            db.AddRange(
                Contract(plan.Id, clinic, "Los Angeles", _first.AddDays(-30), _last, 40), // in force in the quarter
                Contract(plan.Id, clinic, "San Diego", _last, null, 15), // starts on the quarter's last day
                Contract(plan.Id, clinic, "Orange", _first.AddYears(-1), _first.AddDays(-1), 25), // ended the day before
                Contract(plan.Id, outreachTeam, "Orange", _last.AddDays(1), null, 60), // starts the next quarter
                Contract(otherPlan.Id, elsewhere, "Orange", _first, null, 90));
            db.Members.Add(member);
            db.Add(new EcmCase
            {
                MemberId = member.Id,
                PlanId = plan.Id,
                Source = EcmSource.Pcp,
                Status = EcmStatus.Enrolled,
                ProviderId = outreachTeam.Id,
                ReferredAt = _qStart,
                AssignedAt = _qStart.AddDays(3),
                EnrolledAt = _qStart.AddDays(9),
                StatusChangedAt = _qStart.AddDays(9),
            });
            await db.SaveChangesAsync();
        }

        var report = await Ok(await client.GetAsync("/api/reports/ecm?year=2024&quarter=2"));
        var providers = report.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetGuid());
        providers.Keys.Order().ShouldBe(new[] { clinic.Id, outreachTeam.Id }.Order());
        var c = providers[clinic.Id];
        c.GetProperty("providerType").GetString().ShouldBe("fqhc");
        c.GetProperty("capacity").GetInt32().ShouldBe(55);
        c.GetProperty("contracted").GetBoolean().ShouldBeTrue();
        c.GetProperty("counties").GetString().ShouldBe("Los Angeles, San Diego");
        c.GetProperty("assignedAtEnd").GetInt32().ShouldBe(0);
        var o = providers[outreachTeam.Id];
        o.GetProperty("providerType").GetString().ShouldBe("unspecified");
        o.GetProperty("capacity").ValueKind.ShouldBe(JsonValueKind.Null);
        o.GetProperty("contracted").GetBoolean().ShouldBeFalse();
        o.GetProperty("enrolledAtEnd").GetInt32().ShouldBe(1);

        var byType = report.GetProperty("providersByType").EnumerateArray()
            .Select(t => (t.GetProperty("providerType").GetString(), t.GetProperty("providers").GetInt32(), t.GetProperty("capacity").GetInt32(), t.GetProperty("assignedAtEnd").GetInt32()))
            .ToList();
        byType.ShouldBe([("fqhc", 1, 55, 0), ("unspecified", 1, 0, 1)]);

        using var xlsx = new MemoryStream(await client.GetByteArrayAsync("/api/reports/ecm?year=2024&quarter=2&format=xlsx"));
        var sheet = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "ECM providers by type").Cast<IDictionary<string, object>>().ToList();
        sheet.Select(r => (string)r["providerType"]).ShouldBe(["fqhc", "unspecified"]);
    }

    [Fact]
    public async Task CommunitySupportsReport_OnGeneratedData_EqualsAPlainLoop()
    {
        var (plan, client) = await NewPlanAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        var random = new Random(815);
        string[] services = ["medically-tailored-meals", "housing-deposits", "recuperative-care"];
        string[] reasons = ["Criteria not met", "Service not offered in county"];
        ReportsStatus[] changesTo = [new(ReferralStatus.Approved), new(ReferralStatus.Denied), new(ReferralStatus.Closed), new(ReferralStatus.Accepted)];
        var members = new List<Member>();
        var referrals = new List<Referral>();
        var changes = new List<ReferralStatusChange>();
        var deliveries = new List<ServiceDelivery>();
        for (var i = 0; i < 70; i++)
        {
            var m = NewMember(plan.Id, random.Pick(Counties), i);
            members.Add(m);
            var created = random.Pick(_instants) ?? _qStart.AddDays(-5);
            var priority = random.Next(3) == 0 ? AuthorizationClock.Expedited : AuthorizationClock.Routine;
            var r = new Referral
            {
                MemberId = m.Id,
                PlanId = plan.Id,
                County = random.Pick(Counties),
                CommunitySupportCode = random.Pick(services),
                ReferringOrganizationId = plan.Id,
                ReferrerKind = "plan-care-manager",
                Reason = "test",
                CboId = cbo.Id,
                Priority = priority,
                CreatedAt = created,
                UpdatedAt = created,
                StatusChangedAt = created,
                DecisionDueAt = created.AddHours(priority == AuthorizationClock.Expedited ? 72 : 120),
                DenialReason = random.Pick(reasons),
                RequestedStart = _first,
                RequestedEnd = _last,
            };
            if (random.Next(4) > 0)
            {
                r.DecidedAt = created.AddHours(random.Next(1, 200));
            }

            referrals.Add(r);
            for (var k = random.Next(3); k > 0; k--)
            {
                changes.Add(new ReferralStatusChange { ReferralId = r.Id, MemberId = m.Id, To = random.Pick(changesTo).Status, At = random.Pick(_instants) ?? _qStart });
            }

            for (var k = random.Next(3); k > 0; k--)
            {
                deliveries.Add(new ServiceDelivery
                {
                    MemberId = m.Id,
                    ReferralId = r.Id,
                    CboId = cbo.Id,
                    ServiceDate = random.Pick(_dates),
                    Quantity = random.Next(1, 15),
                    Amount = random.Next(2) == 0 ? null : random.Next(100, 5000) + 0.25m,
                    RecordedAt = _qStart,
                });
            }
        }

        await using (var db = App.SystemDb())
        {
            db.Members.AddRange(members);
            db.Referrals.AddRange(referrals);
            db.AddRange(changes);
            db.AddRange(deliveries);
            await db.SaveChangesAsync();
        }

        var expected = new Dictionary<(string, string), (HashSet<Guid> Referrals, HashSet<Guid> Authorized, HashSet<Guid> Denied, HashSet<Guid> Served, decimal Units, decimal Amount, HashSet<Guid> Closed)>();
        (HashSet<Guid> Referrals, HashSet<Guid> Authorized, HashSet<Guid> Denied, HashSet<Guid> Served, decimal Units, decimal Amount, HashSet<Guid> Closed) Row(Referral r) =>
            expected.TryGetValue((r.CommunitySupportCode, r.County), out var row) ? row : expected[(r.CommunitySupportCode, r.County)] = ([], [], [], [], 0, 0, []);
        foreach (var r in referrals)
        {
            if (In(r.CreatedAt)) { Row(r).Referrals.Add(r.Id); }
            if (changes.Any(c => c.ReferralId == r.Id && c.To == ReferralStatus.Approved && In(c.At))) { Row(r).Authorized.Add(r.Id); }
            if (changes.Any(c => c.ReferralId == r.Id && c.To == ReferralStatus.Denied && In(c.At))) { Row(r).Denied.Add(r.Id); }
            if (changes.Any(c => c.ReferralId == r.Id && c.To == ReferralStatus.Closed && In(c.At))) { Row(r).Closed.Add(r.Id); }
            foreach (var d in deliveries.Where(d => d.ReferralId == r.Id && In(d.ServiceDate)))
            {
                var row = Row(r);
                row.Served.Add(d.MemberId);
                expected[(r.CommunitySupportCode, r.County)] = row with { Units = row.Units + d.Quantity, Amount = row.Amount + (d.Amount ?? 0) };
            }
        }

        var report = await Ok(await client.GetAsync("/api/reports/community-supports?year=2024&quarter=2"));
        var rows = report.GetProperty("rows").EnumerateArray().ToDictionary(r => (r.GetProperty("communitySupport").GetString()!, r.GetProperty("county").GetString()!));
        var active = expected.Where(e => e.Value.Referrals.Count + e.Value.Authorized.Count + e.Value.Denied.Count + e.Value.Served.Count + e.Value.Closed.Count > 0).ToList();
        rows.Keys.OrderBy(k => k).ShouldBe(active.Select(e => e.Key).OrderBy(k => k));
        foreach (var (key, e) in active)
        {
            var r = rows[key];
            r.GetProperty("referrals").GetInt32().ShouldBe(e.Referrals.Count, $"{key}");
            r.GetProperty("authorized").GetInt32().ShouldBe(e.Authorized.Count, $"{key}");
            r.GetProperty("denied").GetInt32().ShouldBe(e.Denied.Count, $"{key}");
            r.GetProperty("served").GetInt32().ShouldBe(e.Served.Count, $"{key}");
            r.GetProperty("loopsClosed").GetInt32().ShouldBe(e.Closed.Count, $"{key}");
            r.GetProperty("units").GetDecimal().ShouldBe(e.Units, 0.001m, $"{key}");
            r.GetProperty("amount").GetDecimal().ShouldBe(e.Amount, 0.001m, $"{key}");
        }

        active.Sum(e => e.Value.Served.Count).ShouldBeGreaterThan(0);
        active.Sum(e => e.Value.Denied.Count).ShouldBeGreaterThan(0);

        // Denials by reason and decision timeliness.
        var denials = report.GetProperty("denialsByReason").EnumerateArray()
            .ToDictionary(d => (d.GetProperty("communitySupport").GetString()!, d.GetProperty("reason").GetString()!), d => d.GetProperty("referrals").GetInt32());
        var expectedDenials = referrals.Where(r => changes.Any(c => c.ReferralId == r.Id && c.To == ReferralStatus.Denied && In(c.At)))
            .GroupBy(r => (r.CommunitySupportCode, r.DenialReason!)).ToDictionary(g => g.Key, g => g.Count());
        denials.ShouldBe(expectedDenials, ignoreOrder: true);
        foreach (var t in report.GetProperty("timeliness").EnumerateArray())
        {
            var priority = t.GetProperty("priority").GetString();
            var decided = referrals.Where(r => r.Priority == priority && In(r.DecidedAt)).ToList();
            t.GetProperty("decisions").GetInt32().ShouldBe(decided.Count);
            t.GetProperty("withinClock").GetInt32().ShouldBe(decided.Count(r => r.DecidedAt <= r.DecisionDueAt));
            var hours = decided.Select(r => (r.DecidedAt!.Value - r.CreatedAt).TotalHours).Order().ToList();
            var median = hours.Count == 0 ? (double?)null : hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[(hours.Count / 2) - 1] + hours[hours.Count / 2]) / 2;
            if (median is null)
            {
                t.GetProperty("medianHours").ValueKind.ShouldBe(JsonValueKind.Null);
            }
            else
            {
                t.GetProperty("medianHours").GetDouble().ShouldBe(median.Value, 0.001);
            }
        }

        var csv = await client.GetStringAsync("/api/reports/community-supports?year=2024&quarter=2&format=csv");
        csv.Split('\n')[0].ShouldBe("communitySupport,county,referrals,authorized,denied,served,units,amount,loopsClosed");
    }

    [Fact]
    public async Task Outcomes_CompareTheProgramWithItsComparisonGroup_InlineAndInTheBackground()
    {
        var (plan, client) = await NewPlanAsync(App);
        var enrolled = NewMember(plan.Id, "Orange", 1);
        var identifiedOnly = NewMember(plan.Id, "Orange", 2);
        var enrolledLater = NewMember(plan.Id, "Orange", 3);
        var run = new IdentificationRunRecord { PlanId = plan.Id, AsOf = new DateOnly(2024, 1, 31), RuleVersion = "current", Status = RunStatus.Completed, RequestedAt = _qStart };
        await using (var db = App.SystemDb())
        {
            db.Members.AddRange(enrolled, identifiedOnly, enrolledLater);
            foreach (var m in new[] { enrolled, identifiedOnly, enrolledLater })
            {
                db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = m.Id, PlanId = plan.Id, County = "Orange", Start = new DateOnly(2022, 1, 1) });
                db.Determinations.Add(new DeterminationRecord { RunId = run.Id, MemberId = m.Id, Population = "adult-high-utilizer", RuleVersion = "x", Eligible = true, EvidenceText = "t", County = "Orange" });
            }

            db.IdentificationRuns.Add(run);
            db.Add(new EcmCase { MemberId = enrolled.Id, PlanId = plan.Id, Source = EcmSource.Pcp, Status = EcmStatus.Enrolled, ReferredAt = _qStart.AddDays(-60), EnrolledAt = new DateTimeOffset(2024, 3, 15, 17, 0, 0, TimeSpan.Zero), StatusChangedAt = _qStart });
            db.Add(new EcmCase { MemberId = enrolledLater.Id, PlanId = plan.Id, Source = EcmSource.Pcp, Status = EcmStatus.Enrolled, ReferredAt = _qStart, EnrolledAt = new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero), StatusChangedAt = _qStart });
            var n = 0;
            foreach (var (m, cls, date) in new[]
            {
                (enrolled, "emergency", "2024-03-14"), (enrolled, "emergency", "2024-03-14"), (enrolled, "emergency", "2024-03-15"), (enrolled, "inpatient", "2023-06-01"),
                (enrolled, "emergency", "2024-10-01"), (identifiedOnly, "emergency", "2023-05-01"), (identifiedOnly, "outpatient", "2024-05-01"),
            })
            {
                db.Encounters.Add(new Encounter { MemberId = m.Id, SourceId = $"E{n++}", EncounterClass = cls, ServiceDate = DateOnly.Parse(date, CultureInfo.InvariantCulture) });
            }

            await db.SaveChangesAsync();
        }

        var result = await Ok(await client.GetAsync("/api/reports/outcomes?program=ecm&asOf=2024-09-30"));
        var program = result.GetProperty("program");
        program.GetProperty("group").GetString().ShouldBe("ecm");
        program.GetProperty("members").GetInt32().ShouldBe(1);
        program.GetProperty("ed_visits_before").GetInt32().ShouldBe(1); // two visits on 2024-03-14 count once
        program.GetProperty("ed_visits_after").GetInt32().ShouldBe(1); // 2024-10-01 is after as-of
        program.GetProperty("admissions_before").GetInt32().ShouldBe(1);
        program.GetProperty("member_months_before").GetDouble().ShouldBe(Math.Round(366 / 30.4375, 2));
        program.GetProperty("member_months_after").GetDouble().ShouldBe(Math.Round(200 / 30.4375, 2));
        var comparison = result.GetProperty("comparison");
        comparison.GetProperty("members").GetInt32().ShouldBe(1); // the member enrolled later has started the program
        comparison.GetProperty("ed_visits_before").GetInt32().ShouldBe(1);
        comparison.GetProperty("member_months_after").GetDouble().ShouldBe(Math.Round(244 / 30.4375, 2)); // 2024-01-31 .. 2024-09-30
        comparison.GetProperty("admissions_change_pct").ValueKind.ShouldBe(JsonValueKind.Null);
        result.GetProperty("note").GetString()!.ShouldContain("not a randomized comparison");

        var started = await client.PostAsJsonAsync("/api/reports/outcomes/jobs", new { program = "ecm", asOf = "2024-09-30" });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var url = started.Headers.Location!.ToString();
        JsonElement job;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            job = await Ok(await client.GetAsync(url));
        }
        while (job.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);

        job.GetProperty("status").GetString().ShouldBe("completed");
        job.GetProperty("percent").GetInt32().ShouldBe(100);
        job.GetProperty("result").GetProperty("program").GetRawText().ShouldBe(program.GetRawText());

        var csv = await client.GetStringAsync("/api/reports/outcomes?program=ecm&asOf=2024-09-30&format=csv");
        var lines = csv.Split('\n');
        lines[0].ShouldBe(CareHub.Reporting.OutcomeCsv.Header);
        lines[1].ShouldStartWith("ecm,1,1,1,1,0,12.02,6.57,");
        csv.ShouldContain("note,");
        csv.ShouldContain("not a randomized comparison");

        // Another plan cannot follow this plan's job.
        var other = await App.ApiClientAsync("planadmin2@example.org");
        (await other.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(1, "completed")]
    [InlineData(CareHub.Reporting.ReportJob.MaxAttempts, "failed")]
    public async Task OutcomesJob_LeftRunningByAStoppedInstance_IsTakenUpAgainOrGivenUp(int attempts, string expected)
    {
        var (plan, client) = await NewPlanAsync(App);
        var job = new CareHub.Reporting.ReportJob
        {
            PlanId = plan.Id,
            Kind = CareHub.Web.Features.Reporting.OutcomeJobs.Kind,
            Program = "ecm",
            AsOf = new DateOnly(2024, 9, 30),
            RequestedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
            Status = CareHub.Reporting.ReportJobStatus.Running,
            Attempts = attempts,
            LeasedBy = "stopped-instance",
            LeasedUntil = DateTimeOffset.UtcNow.AddMinutes(-1),
            Stage = "reading encounters",
            Done = 3,
            Total = 10,
        };
        await using (var db = App.SystemDb())
        {
            db.Add(job);
            await db.SaveChangesAsync();
        }

        JsonElement view;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            view = await Ok(await client.GetAsync($"/api/reports/outcomes/jobs/{job.Id}"));
        }
        while (view.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);

        view.GetProperty("status").GetString().ShouldBe(expected);
        await using var check = App.SystemDb();
        var saved = await check.Set<CareHub.Reporting.ReportJob>().AsNoTracking().SingleAsync(j => j.Id == job.Id);
        if (expected == "completed")
        {
            view.GetProperty("result").GetProperty("program").GetProperty("group").GetString().ShouldBe("ecm");
            saved.Attempts.ShouldBe(attempts + 1);
            saved.LeasedBy.ShouldNotBe("stopped-instance");
        }
        else
        {
            view.GetProperty("error").GetString()!.ShouldContain("start it again");
            saved.Attempts.ShouldBe(attempts);
            saved.ResultJson.ShouldBeNull();
        }
    }

    [Fact]
    public async Task Outcomes_EmptyComparisonGroup_ReportsZerosAndNoRates()
    {
        var (_, client) = await NewPlanAsync(App);
        var result = await Ok(await client.GetAsync("/api/reports/outcomes?program=housing-deposits&asOf=2024-09-30"));
        foreach (var group in new[] { "program", "comparison" })
        {
            var g = result.GetProperty(group);
            g.GetProperty("members").GetInt32().ShouldBe(0);
            g.GetProperty("ed_per_1000_mm_before").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        result.GetProperty("program").GetProperty("group").GetString().ShouldBe("housing-deposits");
    }

    [Theory]
    [InlineData("/api/reports/ecm?year=2024&quarter=5", "quarter")]
    [InlineData("/api/reports/ecm?year=abc&quarter=1", "year")]
    [InlineData("/api/reports/community-supports?quarter=1", "year")]
    [InlineData("/api/reports/ecm?year=2024&quarter=1&format=pdf", "format")]
    [InlineData("/api/reports/outcomes?program=nope", "program")]
    [InlineData("/api/reports/outcomes?program=ecm&asOf=2024-02-30", "asOf")]
    [InlineData("/api/reports/members?report=ecm&measure=nope&year=2024&quarter=1", "measure")]
    [InlineData("/api/reports/members?report=x&measure=enrolled&year=2024&quarter=1", "report")]
    public async Task BadInput_Answers400_NamingTheField(string url, string field)
    {
        var (_, client) = await NewPlanAsync(App);
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("ecm@example.org")]
    [InlineData("cbo@example.org")]
    [InlineData("auditor@example.org")]
    public async Task Reports_AreForPlanStaffOnly(string email)
    {
        var client = await App.ApiClientAsync(email);
        (await client.GetAsync("/api/reports/ecm?year=2024&quarter=2")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/reports/outcomes?program=ecm")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

internal sealed record ReportsStatus(ReferralStatus Status);

public sealed class ReportsTests_Sqlite(SqliteApp app) : ReportsTests(app);

public sealed class ReportsTests_Postgres(PostgresApp app) : ReportsTests(app);
