using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareHub.Common;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Every route of the OpenAPI document and every FHIR route, called by every other demo organization with the ids of
/// one plan's member, ECM case, referral, document, grant and identification run (reads and writes, with empty and
/// plausible bodies, and searches that name the member): a route that names one of those ids answers 403 or 404, no
/// answer shows the member, none is a server error, and nothing of the owner's changed.
/// </summary>
public abstract partial class CrossOrganizationAccessTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private sealed record Owned(Member Member, Guid CaseId, Guid ReferralId, Guid DocumentId, Guid GrantId, Guid? RunId, Guid? TaskId);

    private sealed record Route(string Method, string Template);

    /// <summary>Signing in and out would end the caller's own session; starting a run queues a job of the caller's own.</summary>
    private static bool Skipped(Route r) =>
        r.Template.StartsWith("/api/auth/", StringComparison.Ordinal) || (r.Method == "POST" && r.Template == "/api/identification/runs");

    private async Task<Owned> ArrangeAsync(string ownerEmail)
    {
        var plan = await App.OrganizationAsync(ownerEmail);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var member = new Member
        {
            PlanId = plan.Id,
            PlanMemberId = "XO" + suffix,
            Cin = "7" + suffix[..7] + "X",
            FirstName = "Crossorg",
            LastName = "Owned" + suffix,
            BirthDate = new DateOnly(1958, 8, 8),
            Sex = "F",
            County = "Los Angeles",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Guid referralId, documentId, grantId;
        Guid? runId;
        await using (var db = App.SystemDb())
        {
            var cbo = await App.OrganizationAsync("cbo@example.org");
            // A CBO without a demo account receives the referral, so no outsider takes part in it.
            var receiver = (await db.Organizations.Where(o => o.Type == OrganizationType.Cbo && o.Id != cbo.Id).ToListAsync())
                .First(o => o.Counties.Contains("Los Angeles"));
            db.Members.Add(member);
            db.EnrollmentSpans.Add(new EnrollmentSpan { MemberId = member.Id, PlanId = plan.Id, County = "Los Angeles", Start = new DateOnly(2022, 1, 1) });
            db.Encounters.Add(new Encounter { MemberId = member.Id, SourceId = "XO-" + suffix, EncounterClass = "emergency", ServiceDate = new DateOnly(2025, 2, 2), PrimaryDiagnosis = "I50.9", PaidAmount = 800 });
            var now = DateTimeOffset.UtcNow;
            var referral = new Referral
            {
                MemberId = member.Id,
                PlanId = plan.Id,
                County = "Los Angeles",
                CommunitySupportCode = "medically-tailored-meals",
                ReferringOrganizationId = plan.Id,
                ReferrerKind = "plan-care-manager",
                ReferredBy = ownerEmail,
                CboId = receiver.Id,
                Reason = "Heart failure " + suffix,
                RequestedStart = new DateOnly(2025, 3, 3),
                RequestedEnd = new DateOnly(2025, 3, 30),
                RequestedQuantity = 56,
                Status = ReferralStatus.Submitted,
                StatusChangedAt = now,
                CreatedAt = now,
                UpdatedAt = now,
                DecisionDueAt = now.AddDays(5),
                Channel = "api",
            };
            db.Referrals.Add(referral);
            var document = new ReferralDocument { ReferralId = referral.Id, MemberId = member.Id, Title = "Discharge summary " + suffix, Url = "https://records.example.org/x", AddedAt = now };
            db.Add(document);
            db.Add(new ReferralStatusChange { ReferralId = referral.Id, MemberId = member.Id, To = ReferralStatus.Submitted, At = now, By = ownerEmail, ByOrganizationId = plan.Id });
            var grant = new MemberAccessGrant { MemberId = member.Id, OrganizationId = receiver.Id, Reason = "cs-referral", SourceId = referral.Id, GrantedAt = now };
            db.MemberAccessGrants.Add(grant);
            await db.SaveChangesAsync();
            (referralId, documentId, grantId) = (referral.Id, document.Id, grant.Id);
            runId = await db.IdentificationRuns.Where(r => r.PlanId == plan.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync();
        }

        var owner = await App.ApiClientAsync(ownerEmail);
        var created = await owner.PostAsJsonAsync("/api/ecm/cases", new { memberId = member.Id, source = "identification", reason = "High utilizer " + suffix });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Guid? taskId;
        await using (var db = App.SystemDb())
        {
            taskId = await db.Set<EcmTask>().Where(t => t.CaseId == caseId).Select(t => (Guid?)t.Id).FirstOrDefaultAsync();
        }

        // The ids are real: the owner reads each of them.
        (await owner.GetAsync($"/api/ecm/cases/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.GetAsync($"/api/referrals/{referralId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.GetAsync($"/fhir/Consent/{grantId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.GetAsync($"/api/members/{member.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return new Owned(member, caseId, referralId, documentId, grantId, runId, taskId);
    }

    /// <summary>Every operation of the OpenAPI document, and every FHIR route (which the document leaves out).</summary>
    private async Task<List<Route>> RoutesAsync()
    {
        var doc = JsonDocument.Parse(await App.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var routes = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => new Route(o.Name.ToUpperInvariant(), "/" + p.Name.TrimStart('/'))))
            .ToList();
        routes.Count.ShouldBeGreaterThan(60);
        var fhir = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("fhir", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(m, "/" + ConstraintRegex().Replace(e.RoutePattern.RawText!.TrimStart('/'), "}"))));
        routes.AddRange(fhir.Where(f => !routes.Contains(f)));
        routes.ShouldContain(r => r.Template == "/fhir/Task/{id}" && r.Method == "PUT");
        return [.. routes.Where(r => !Skipped(r)).Distinct()];
    }

    /// <summary>The owner's id a parameter names on this route, or null when the route names none of them.</summary>
    private static Guid? OwnedId(Owned o, string template, string parameter) => (parameter, template) switch
    {
        ("memberId", _) => o.Member.Id,
        ("documentId", _) => o.DocumentId,
        ("taskId", _) => o.TaskId,
        ("id", var t) when t.StartsWith("/api/ecm/cases/", StringComparison.Ordinal) => o.CaseId,
        ("id", var t) when t.StartsWith("/api/referrals/", StringComparison.Ordinal) => o.ReferralId,
        ("id", var t) when t.StartsWith("/api/identification/runs/", StringComparison.Ordinal) => o.RunId,
        ("id", "/fhir/Patient/{id}") => o.Member.Id,
        ("id", "/fhir/ServiceRequest/{id}" or "/fhir/Task/{id}") => o.ReferralId,
        ("id", "/fhir/Consent/{id}") => o.GrantId,
        _ => null,
    };

    private static (string Url, bool NamesOwned) Url(Owned o, Route route)
    {
        var names = false;
        var url = ParameterRegex().Replace(route.Template, m =>
        {
            if (OwnedId(o, route.Template, m.Groups[1].Value) is { } id)
            {
                names = true;
                return id.ToString();
            }

            return Guid.NewGuid().ToString();
        });
        return (url, names);
    }

    /// <summary>Query strings that name the owner's member on list and search routes.</summary>
    private static IEnumerable<string> Queries(Owned o, Route route) => route.Template switch
    {
        "/fhir/Patient" => [$"?_id={o.Member.Id}", $"?identifier={o.Member.PlanMemberId}", $"?name={o.Member.LastName}"],
        "/fhir/ServiceRequest" or "/fhir/Task" or "/fhir/Consent" => [$"?patient=Patient/{o.Member.Id}"],
        "/api/audit" => [$"?member={o.Member.Id}"],
        _ when route.Method == "GET" => ["", $"?q={o.Member.PlanMemberId}&memberId={o.Member.Id}"],
        _ => [""],
    };

    private static IEnumerable<(string Body, string ContentType)> Bodies(Route route, Guid outsiderOrg)
    {
        if (route.Template.StartsWith("/fhir/", StringComparison.Ordinal))
        {
            if (route.Method == "PATCH")
            {
                yield return ("""[{"op":"replace","path":"/status","value":"cancelled"}]""", "application/json-patch+json");
            }
            else
            {
                yield return ("""{"resourceType":"Task","status":"cancelled","intent":"order","businessStatus":{"text":"approved"},"owner":{"reference":"Organization/"""
                    + outsiderOrg + "\"}}", "application/fhir+json");
            }

            yield break;
        }

        yield return ("{}", "application/json");
        var plausible = route.Template switch
        {
            var t when t.EndsWith("/decision", StringComparison.Ordinal) => new { decision = "deny", reason = "probe", memberNotice = "probe" } as object,
            var t when t.EndsWith("/cancel", StringComparison.Ordinal) => new { reason = "probe" },
            var t when t.EndsWith("/authorization", StringComparison.Ordinal) => new { decision = "denied", reason = "probe" },
            var t when t.EndsWith("/assignment", StringComparison.Ordinal) => new { providerId = outsiderOrg },
            var t when t.EndsWith("/disenrollment", StringComparison.Ordinal) => new { reason = "probe", note = "probe" },
            var t when t.EndsWith("/acceptance", StringComparison.Ordinal) => new { accepted = false, reason = "probe" },
            var t when t.EndsWith("/decline", StringComparison.Ordinal) || t.EndsWith("/accept", StringComparison.Ordinal) => new { reason = "probe" },
            var t when t.EndsWith("/close", StringComparison.Ordinal) => new { outcome = "completed", note = "probe" },
            var t when t.EndsWith("/programs", StringComparison.Ordinal) => new { program = "hospice", start = "2025-01-01" },
            _ => null,
        };
        if (plausible is not null)
        {
            yield return (JsonSerializer.Serialize(plausible), "application/json");
        }
    }

    /// <summary>The owner's rows as they stand (audit entries aside).</summary>
    private async Task<string> SnapshotAsync(Owned o)
    {
        await using var db = App.SystemDb();
        var m = o.Member.Id;
        return JsonSerializer.Serialize(new object[]
        {
            await db.Members.Where(x => x.Id == m).Select(x => new { x.FirstName, x.LastName, x.PlanId, x.County, x.Phone, x.AddressLine }).SingleAsync(),
            await db.Referrals.Where(r => r.Id == o.ReferralId).Select(r => new { r.Status, r.CboId, r.UpdatedAt, r.DecidedAt, r.ClosedAt }).SingleAsync(),
            await db.Set<EcmCase>().Where(c => c.Id == o.CaseId).Select(c => new { c.Status, c.ProviderId, c.StatusChangedAt }).SingleAsync(),
            await db.MemberAccessGrants.Where(g => g.MemberId == m).OrderBy(g => g.Id).Select(g => new { g.OrganizationId, g.Reason, g.RevokedAt }).ToListAsync(),
            await db.Set<ReferralStatusChange>().CountAsync(c => c.MemberId == m),
            await db.Set<ReferralDocument>().CountAsync(d => d.MemberId == m),
            await db.Set<EcmCaseEvent>().CountAsync(e => e.MemberId == m),
            await db.Set<EcmTask>().Where(t => t.MemberId == m).Select(t => new { t.Id, t.CompletedAt }).OrderBy(t => t.Id).ToListAsync(),
            await db.Set<MemberProgramEnrollment>().CountAsync(p => p.MemberId == m),
            await db.Set<OutreachAttempt>().CountAsync(p => p.MemberId == m),
            await db.ServiceAuthorizations.CountAsync(a => a.MemberId == m),
            await db.Set<ExtensionRequest>().CountAsync(a => a.MemberId == m),
            await db.Referrals.CountAsync(r => r.MemberId == m),
            await db.Set<EcmCase>().CountAsync(c => c.MemberId == m),
            await db.OutboxMessages.CountAsync(x => x.ReferralId == o.ReferralId),
        });
    }

    [Theory]
    [InlineData("planadmin@example.org", new[] { "planadmin2@example.org", "ecm@example.org", "ecm2@example.org", "cbo@example.org", "auditor@example.org" })]
    [InlineData("planadmin2@example.org", new[] { "planadmin@example.org", "ecm@example.org", "ecm2@example.org", "cbo@example.org", "auditor@example.org" })]
    public async Task EveryRoute_AsEveryOtherOrganization_WithThePlansIds_IsRefused_ShowsNothing_AndChangesNothing(string ownerEmail, string[] outsiders)
    {
        var owned = await ArrangeAsync(ownerEmail);
        var routes = await RoutesAsync();
        routes.ShouldContain(r => r.Template == "/api/referrals/{id}/decision");
        var before = await SnapshotAsync(owned);
        var markers = new[] { owned.Member.PlanMemberId, owned.Member.LastName, owned.Member.Cin! };
        var failures = new ConcurrentBag<string>();
        var targeted = 0;
        foreach (var outsider in outsiders)
        {
            var client = await App.ApiClientAsync(outsider);
            var outsiderOrg = (await App.OrganizationAsync(outsider)).Id;
            await Parallel.ForEachAsync(routes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (route, ct) =>
            {
                var (url, namesOwned) = Url(owned, route);
                if (namesOwned)
                {
                    Interlocked.Increment(ref targeted);
                }

                var sends = route.Method is "GET" or "DELETE"
                    ? Queries(owned, route).Select(q => (Target: url + q, Body: (string?)null, ContentType: ""))
                    : Bodies(route, outsiderOrg).Select(b => (Target: url, Body: (string?)b.Body, b.ContentType));
                foreach (var (target, body, contentType) in sends.ToList())
                {
                    using var request = new HttpRequestMessage(new HttpMethod(route.Method), target);
                    if (body is not null)
                    {
                        request.Content = new StringContent(body, Encoding.UTF8);
                        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                    }

                    using var response = await client.SendAsync(request, ct);
                    var text = await response.Content.ReadAsStringAsync(ct);
                    var status = (int)response.StatusCode;
                    var what = $"{outsider} {route.Method} {target}{(body is null ? "" : " " + body)} → {status}";
                    if (status >= 500)
                    {
                        failures.Add($"{what}: server error {text[..Math.Min(200, text.Length)]}");
                    }
                    else if (namesOwned && status is not (403 or 404) && (route.Method is "GET" or "DELETE" || status is >= 200 and < 300))
                    {
                        failures.Add($"{what}: another organization's id was not refused");
                    }

                    // A marker the request itself names may be echoed (a search bundle's self link); the auditor's trail
                    // names what was searched by design.
                    if (route.Template != "/api/audit"
                        && markers.FirstOrDefault(m => !target.Contains(m, StringComparison.OrdinalIgnoreCase) && text.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } shown)
                    {
                        failures.Add($"{what}: the answer shows the owner's member ({shown})");
                    }
                }
            });
        }

        failures.ShouldBeEmpty(string.Join('\n', failures.Take(40)));
        targeted.ShouldBeGreaterThan(outsiders.Length * 25);
        (await SnapshotAsync(owned)).ShouldBe(before);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)[^}]*\}")]
    private static partial Regex ParameterRegex();

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex ConstraintRegex();
}

public sealed class CrossOrganizationAccessTests_Sqlite(SqliteApp app) : CrossOrganizationAccessTests(app);

public sealed class CrossOrganizationAccessTests_Postgres(PostgresApp app) : CrossOrganizationAccessTests(app);
