using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CareHub.Common;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Testing;
using CareHub.Web.Tests.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareHub.Web.Tests.Fhir;

/// <summary>FHIR search: filters run in the database before the page is cut, pages link to each other, and a page
/// takes the same number of database queries whatever its size.</summary>
public abstract class FhirSearchTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    /// <summary>Counts the database commands EF runs for requests of one trace (the trace id travels in the
    /// <c>traceparent</c> header), so requests of other tests running meanwhile do not count.</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];
        private readonly ActivityListener _activities = new()
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };

        private ActivityTraceId _trace;
        private int _reads;

        public CommandCounter()
        {
            ActivitySource.AddActivityListener(_activities);
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        /// <summary>The caller's account and key checks and the organizations' names, which short-lived caches answer
        /// for some requests and not others (the names are read again once a minute); they are not the search's
        /// queries.</summary>
        private static bool IsCachedLookup(string sql) =>
            sql.Contains("AspNet", StringComparison.Ordinal) || sql.Contains("api_keys", StringComparison.Ordinal)
            || (sql.Replace("\"", "", StringComparison.Ordinal).Contains("FROM organizations AS", StringComparison.Ordinal)
                && !sql.Contains("cs_referrals", StringComparison.Ordinal));

        /// <summary>Sends <paramref name="url"/> under a fresh trace and returns how many reads (not audit inserts) it ran.</summary>
        public async Task<(HttpResponseMessage Response, int Reads)> SendAsync(HttpClient client, string url)
        {
            _trace = ActivityTraceId.CreateRandom();
            Interlocked.Exchange(ref _reads, 0);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("traceparent", $"00-{_trace}-{ActivitySpanId.CreateRandom()}-01");
            var response = await client.SendAsync(request);
            return (response, Volatile.Read(ref _reads));
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
                && Activity.Current?.TraceId == _trace
                && !data.Command.CommandText.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
                && !IsCachedLookup(data.Command.CommandText))
            {
                Interlocked.Increment(ref _reads);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }

            _activities.Dispose();
        }
    }

    private async Task<Guid> ReferralsAsync(int count)
    {
        var member = await ReferralTestData.NewMemberAsync(App);
        var cbo = await App.OrganizationAsync("cbo@example.org");
        await using var db = App.SystemDb();
        var start = DateTimeOffset.UtcNow.AddDays(-count);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddDays(i);
            db.Referrals.Add(Referral(member, i % 2 == 0 ? cbo.Id : null, $"Search test {i}", i % 3 == 0 ? ReferralStatus.Approved : ReferralStatus.Submitted, at));
        }

        await db.SaveChangesAsync();
        return member.Id;
    }

    /// <summary>A referral of a plan member (the plan referring) for two weeks of meals, last changed at <paramref name="at"/>.</summary>
    private static Referral Referral(Member member, Guid? cboId, string reason, ReferralStatus status, DateTimeOffset at) => new()
    {
        MemberId = member.Id,
        PlanId = member.PlanId,
        County = member.County,
        CommunitySupportCode = "medically-tailored-meals",
        ReferringOrganizationId = member.PlanId,
        ReferrerKind = "plan-care-manager",
        CboId = cboId,
        Reason = reason,
        RequestedStart = new DateOnly(2025, 3, 3),
        RequestedEnd = new DateOnly(2025, 3, 30),
        RequestedQuantity = 14,
        Status = status,
        StatusChangedAt = at,
        CreatedAt = at,
        UpdatedAt = at,
        DecisionDueAt = at.AddDays(5),
    };

    [Fact]
    public async Task TaskSearch_PageSize_DoesNotChangeTheNumberOfQueries()
    {
        var memberId = await ReferralsAsync(12);
        var cm = await App.ApiClientAsync("plancm@example.org");
        using var counter = new CommandCounter();

        // A pooled context's command logger looks for new listeners once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        var (small, smallReads) = await counter.SendAsync(cm, $"/fhir/Task?patient=Patient/{memberId}&_count=2&_include=Task:focus");
        var smallBundle = JsonNode.Parse(await small.Content.ReadAsStringAsync())!;
        small.StatusCode.ShouldBe(HttpStatusCode.OK, smallBundle.ToJsonString());
        smallBundle["total"]!.GetValue<int>().ShouldBe(12);
        smallBundle["entry"]!.AsArray().Count(e => e!["search"]!["mode"]!.GetValue<string>() == "match").ShouldBe(2);

        var (large, largeReads) = await counter.SendAsync(cm, $"/fhir/Task?patient=Patient/{memberId}&_count=12&_include=Task:focus");
        var largeBundle = JsonNode.Parse(await large.Content.ReadAsStringAsync())!;
        large.StatusCode.ShouldBe(HttpStatusCode.OK);
        largeBundle["entry"]!.AsArray().Count(e => e!["search"]!["mode"]!.GetValue<string>() == "match").ShouldBe(12);

        smallReads.ShouldBeGreaterThan(0, "the counter saw the search's queries");
        largeReads.ShouldBe(smallReads, "a page of 12 takes as many queries as a page of 2");
    }

    [Fact]
    public async Task TaskSearch_FiltersBeforePaging_LinksWalkEveryPage()
    {
        var memberId = await ReferralsAsync(9);
        var cm = await App.ApiClientAsync("plancm@example.org");

        // Status is filtered in the database: 3 of the 9 are approved (Task status requested, businessStatus approved),
        // and the submitted ones are requested too; on-hold matches none.
        var none = JsonNode.Parse(await cm.GetStringAsync($"/fhir/Task?patient=Patient/{memberId}&status=on-hold"))!;
        none["total"]!.GetValue<int>().ShouldBe(0);

        // _lastUpdated before the cut: only the last three days' referrals, whatever the page size.
        var since = DateTimeOffset.UtcNow.AddDays(-3.5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var recent = JsonNode.Parse(await cm.GetStringAsync($"/fhir/Task?patient=Patient/{memberId}&_lastUpdated=gt{since}&_count=1"))!;
        recent["total"]!.GetValue<int>().ShouldBe(3);

        // Following next links visits every match once.
        var seen = new HashSet<string>();
        string? url = $"/fhir/Task?patient=Patient/{memberId}&_count=4";
        var pages = 0;
        while (url is not null)
        {
            var page = JsonNode.Parse(await cm.GetStringAsync(url))!;
            foreach (var entry in page["entry"]?.AsArray() ?? [])
            {
                seen.Add(entry!["resource"]!["id"]!.GetValue<string>()).ShouldBeTrue("no Task appears on two pages");
            }

            var next = page["link"]!.AsArray().FirstOrDefault(l => l!["relation"]!.GetValue<string>() == "next");
            url = next is null ? null : new Uri(next["url"]!.GetValue<string>()).PathAndQuery;
            if (pages > 0)
            {
                page["link"]!.AsArray().ShouldContain(l => l!["relation"]!.GetValue<string>() == "previous");
            }

            pages++;
        }

        pages.ShouldBe(3);
        seen.Count.ShouldBe(9);

        var bad = await cm.GetAsync($"/fhir/Task?patient=Patient/{memberId}&_count=0");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Searches_TakeTotal_AccurateCountsEveryTime_AndAnUnknownTotalIsRefused()
    {
        var memberId = await ReferralsAsync(5);
        var cm = await App.ApiClientAsync("plancm@example.org");

        foreach (var url in new[] { $"/fhir/Task?patient=Patient/{memberId}&_count=2&_total=accurate", $"/fhir/Task?patient=Patient/{memberId}&_count=2&_total=estimate",
                     $"/fhir/Task?patient=Patient/{memberId}&_count=10", $"/fhir/ServiceRequest?patient=Patient/{memberId}&_total=none" })
        {
            var bundle = JsonNode.Parse(await cm.GetStringAsync(url))!;
            bundle["total"]!.GetValue<int>().ShouldBe(5, url);
        }

        var accurate = JsonNode.Parse(await cm.GetStringAsync($"/fhir/Task?patient=Patient/{memberId}&_count=2&_total=accurate"))!;
        var next = accurate["link"]!.AsArray().Single(l => l!["relation"]!.GetValue<string>() == "next")!["url"]!.GetValue<string>();
        next.ShouldContain("_total=accurate", Case.Sensitive, "paging keeps the total asked for");

        (await cm.GetAsync("/fhir/Patient?_count=5&_total=accurate")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var url in new[] { $"/fhir/Task?patient=Patient/{memberId}&_total=exact", "/fhir/Patient?_total=", "/fhir/Organization?_total=accurate&_total=none" })
        {
            var bad = await cm.GetAsync(url);
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            var outcome = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
            outcome["issue"]![0]!["expression"]![0]!.GetValue<string>().ShouldBe("_total", url);
        }
    }

    [Fact]
    public async Task PatientSearch_PagesWithCountAndOffset_AuditsOnlyThePageShown()
    {
        var plan = await App.OrganizationAsync("plancm@example.org");
        var family = "Pg" + Guid.NewGuid().ToString("N")[..10];
        await using (var db = App.SystemDb())
        {
            for (var i = 0; i < 7; i++)
            {
                db.Members.Add(new CareHub.Members.Member
                {
                    PlanId = plan.Id,
                    PlanMemberId = $"PG{Guid.NewGuid():N}"[..20],
                    FirstName = $"Page{i}",
                    LastName = family,
                    BirthDate = new DateOnly(1970, 1, 1),
                    Sex = "F",
                    County = "Los Angeles",
                    CreatedAt = DateTimeOffset.UtcNow,
                });
            }

            await db.SaveChangesAsync();
        }

        var cm = await App.ApiClientAsync("plancm@example.org");
        var seen = new List<string>();
        string? url = $"/fhir/Patient?name={family}&_count=3";
        var pages = 0;
        while (url is not null)
        {
            var page = JsonNode.Parse(await cm.GetStringAsync(url))!;
            page["total"]!.GetValue<int>().ShouldBe(7, "total counts every match, not the page");
            var ids = page["entry"]!.AsArray().Select(e => e!["resource"]!["id"]!.GetValue<string>()).ToList();
            ids.Count.ShouldBe(pages < 2 ? 3 : 1);
            seen.AddRange(ids);
            var next = page["link"]!.AsArray().FirstOrDefault(l => l!["relation"]!.GetValue<string>() == "next");
            url = next is null ? null : new Uri(next["url"]!.GetValue<string>()).PathAndQuery;
            pages++;
        }

        pages.ShouldBe(3);
        seen.Distinct().Count().ShouldBe(7, "the pages together show every match once");

        // Only the members on the page shown are audited as seen.
        var second = JsonNode.Parse(await cm.GetStringAsync($"/fhir/Patient?name={family}&_count=2&_offset=2"))!;
        var shown = second["entry"]!.AsArray().Select(e => Guid.Parse(e!["resource"]!["id"]!.GetValue<string>())).ToList();
        shown.Count.ShouldBe(2);
        await using (var db = App.SystemDb())
        {
            var audited = await db.AuditEntries.Where(e => e.Action == "member.search" && e.Target != null && e.Target.Contains("_offset=2") && e.Target.Contains(family))
                .Select(e => e.MemberId).ToListAsync();
            audited.ShouldBe(shown.Cast<Guid?>(), ignoreOrder: true);
        }

        var bad = await cm.GetAsync($"/fhir/Patient?name={family}&_offset=-1");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("_offset");
    }

    [Fact]
    public async Task TaskSearchByOwnerAlone_ShowsTheReferralsTheCallerTakesPartIn_NewestFirst_WithNames_AndAuditsThem()
    {
        var cbo = new Organization { Name = "Inbox CBO " + Guid.NewGuid().ToString("N")[..8], Type = OrganizationType.Cbo, CreatedAt = DateTimeOffset.UtcNow };
        var (key, prefix, hash) = ApiKeys.NewKey();
        var ours = await ReferralTestData.NewMemberAsync(App);
        var theirs = await ReferralTestData.NewMemberAsync(App, "planadmin2@example.org");
        var now = DateTimeOffset.UtcNow;
        Referral To(Member member, int daysAgo) => Referral(member, cbo.Id, "Inbox test", ReferralStatus.Approved, now.AddDays(-daysAgo));
        var (oldest, middle, newest) = (To(ours, 3), To(theirs, 2), To(ours, 1));
        await using (var db = App.SystemDb())
        {
            db.Organizations.Add(cbo);
            db.ApiKeys.Add(new ApiKey { OrganizationId = cbo.Id, Name = "inbox", Role = "CsProviderStaff", Prefix = prefix, SecretHash = hash, CreatedAt = now });
            db.Referrals.AddRange(oldest, middle, newest);
            db.MemberAccessGrants.AddRange(new[] { oldest, middle, newest }.Select(r => new MemberAccessGrant
            {
                MemberId = r.MemberId,
                OrganizationId = cbo.Id,
                Reason = CareHub.Data.Access.MemberAccessGrants.Referral,
                SourceId = r.Id,
                GrantedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        var inbox = App.CreateClient();
        inbox.DefaultRequestHeaders.Add("X-Api-Key", key);
        var first = JsonNode.Parse(await inbox.GetStringAsync($"/fhir/Task?owner=Organization/{cbo.Id}&_count=2"))!;
        var firstIds = first["entry"]!.AsArray().Select(e => e!["resource"]!["id"]!.GetValue<string>()).ToList();
        firstIds.ShouldBe([newest.Id.ToString(), middle.Id.ToString()]);
        first["total"]!.GetValue<int>().ShouldBe(3);
        first["entry"]!.AsArray().Select(e => e!["resource"]!["for"]!["display"]!.GetValue<string>())
            .ShouldBe([$"{ours.FirstName} {ours.LastName}", $"{theirs.FirstName} {theirs.LastName}"]);
        var next = first["link"]!.AsArray().Single(l => l!["relation"]!.GetValue<string>() == "next")!["url"]!.GetValue<string>();
        var second = JsonNode.Parse(await inbox.GetStringAsync(new Uri(next).PathAndQuery))!;
        second["entry"]!.AsArray().Select(e => e!["resource"]!["id"]!.GetValue<string>()).ShouldBe([oldest.Id.ToString()]);

        // The plan sees only the referrals it takes part in, whoever the owner.
        var cm = await App.ApiClientAsync("plancm@example.org");
        var planView = JsonNode.Parse(await cm.GetStringAsync($"/fhir/Task?owner=Organization/{cbo.Id}"))!;
        planView["entry"]!.AsArray().Select(e => e!["resource"]!["id"]!.GetValue<string>()).ShouldBe([newest.Id.ToString(), oldest.Id.ToString()]);

        await using (var db = App.SystemDb())
        {
            var audited = await db.AuditEntries.Where(e => e.Action == "cs-referral.list" && e.OrganizationId == cbo.Id).Select(e => e.MemberId).ToListAsync();
            audited.ShouldBe([ours.Id, theirs.Id, ours.Id], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task OrganizationSearch_Pages()
    {
        var cm = await App.ApiClientAsync("plancm@example.org");
        var all = JsonNode.Parse(await cm.GetStringAsync("/fhir/Organization"))!;
        var total = all["total"]!.GetValue<int>();
        total.ShouldBeGreaterThan(2);
        var first = JsonNode.Parse(await cm.GetStringAsync("/fhir/Organization?_count=2"))!;
        first["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(total, "other tests add organizations meanwhile");
        first["entry"]!.AsArray().Count.ShouldBe(2);
        first["link"]!.AsArray().ShouldContain(l => l!["relation"]!.GetValue<string>() == "next");
    }

    [Fact]
    public async Task Search_UnknownParameterOrAnotherServersReference_RefusedUnlessLenient()
    {
        var memberId = await ReferralsAsync(1);
        var cm = await App.ApiClientAsync("plancm@example.org");

        var chained = await cm.GetAsync("/fhir/Task?patient.identifier=X");
        chained.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await chained.Content.ReadAsStringAsync()).ShouldContain("patient.identifier");

        using var lenient = new HttpRequestMessage(HttpMethod.Get, $"/fhir/Task?patient=Patient/{memberId}&unknownThing=1");
        lenient.Headers.Add("Prefer", "handling=lenient");
        var answered = await cm.SendAsync(lenient);
        answered.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await answered.Content.ReadAsStringAsync())!["total"]!.GetValue<int>().ShouldBe(1);

        var foreign = await cm.GetAsync($"/fhir/Task?patient=http://elsewhere.example/fhir/Patient/{memberId}");
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.Content.ReadAsStringAsync()).ShouldContain("another server");
    }
}

public sealed class FhirSearchTests_Sqlite(SqliteApp app) : FhirSearchTests(app);

public sealed class FhirSearchTests_Postgres(PostgresApp app) : FhirSearchTests(app);
