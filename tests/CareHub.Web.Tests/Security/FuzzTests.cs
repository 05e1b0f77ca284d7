using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CareHub.Common;
using CareHub.Data.Identity;
using CareHub.Ecm;
using CareHub.Members;
using CareHub.Organizations;
using CareHub.Referrals;
using CareHub.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests.Security;

/// <summary>
/// Every JSON API and FHIR route (enumerated from the app's endpoints, so a new route is covered without editing
/// this test) driven with malformed JSON, wrong types, extreme dates and numbers and huge strings, as a plan
/// administrator of an organization of its own: no answer is a server error, and nothing the organization can see
/// changed.
/// </summary>
public abstract class FuzzTests(CareHubApp app)
{
    private CareHubApp App { get { app.Require(); return app; } }

    private static readonly string _huge = new('x', 5_000);
    private static readonly string _long = new('m', 3_999);

    private IReadOnlyList<(RouteEndpoint Endpoint, string Method)> Routes() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) || raw.TrimStart('/').StartsWith("fhir", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (e, m)))
            // Signing out would end the fuzzing session; it takes no input to fuzz.
            .Where(r => r.e.RoutePattern.RawText!.TrimStart('/') != "api/auth/logout")
            .ToList();

    private static string Url(RouteEndpoint endpoint, Guid memberId) =>
        "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart l => l.Content,
            RoutePatternParameterPart p when p.Name.Equals("memberId", StringComparison.OrdinalIgnoreCase) => memberId.ToString(),
            RoutePatternParameterPart => Guid.NewGuid().ToString(),
            RoutePatternSeparatorPart s => s.Content,
            _ => "",
        }))));

    private const string ExtremeQuery =
        "?asOf=0001-01-01&from=0001-01-01&to=9999-12-31&page=-2147483648&pageSize=2147483647&q=%00%27%22%3B--&status=%0D%0A"
        + "&member=not-a-guid&birthDate=9999-99-99&birthdate=0001-01-01&_lastUpdated=gt0001-01-01&county=%F0%9F%92%A5&format=xlsx"
        + "&role=root&due=someday&sort=-1&stuck=maybe&kind=%25&population=x&planId=nope&patient=Patient%2Fx&owner=Organization%2F1&identifier=%7C%7C&name=";

    /// <summary>A JSON body for <paramref name="type"/> with every property given a value of the wrong type.</summary>
    private static string WrongTypes(Type? type) => Json(type, p => Underlying(p) == typeof(string) ? 12 : "not-a-" + Underlying(p).Name);

    /// <summary>Every property at an extreme: year 1 or 9999, 1e30, huge text, negative counts.</summary>
    private static string Extremes(Type? type, bool early) => Json(type, p => Underlying(p) switch
    {
        var t when t == typeof(string) => _huge,
        var t when t == typeof(DateOnly) => early ? "0001-01-01" : "9999-12-31",
        var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => early ? "0001-01-01T00:00:00Z" : "9999-12-31T23:59:59Z",
        var t when t == typeof(decimal) || t == typeof(double) => early ? -1e27m : 1e27m,
        var t when t == typeof(int) || t == typeof(long) => early ? int.MinValue : int.MaxValue,
        var t when t == typeof(Guid) => Guid.Empty,
        var t when t == typeof(bool) => true,
        _ => new[] { _huge },
    });

    private static Type Underlying(Type t) => Nullable.GetUnderlyingType(t) ?? t;

    private static string Json(Type? type, Func<Type, object> value)
    {
        var body = type is not null ? new Dictionary<string, object>() : new Dictionary<string, object>
        {
            ["memberId"] = 12,
            ["reason"] = 12,
            ["name"] = 12,
            ["url"] = 12,
            ["decision"] = 12,
            ["start"] = "9999-99-99",
        };
        foreach (var p in type?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || type.GetConstructors().Length > 0) ?? [])
        {
            if (p.Name == "EqualityContract")
            {
                continue;
            }

            body[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = value(p.PropertyType);
        }

        return JsonSerializer.Serialize(body);
    }

    private Type? BodyType(RouteEndpoint endpoint)
    {
        var services = App.Services.GetRequiredService<IServiceProviderIsService>();
        var method = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        return method?.GetParameters().Select(p => p.ParameterType)
            .FirstOrDefault(t => t.Namespace?.StartsWith("CareHub", StringComparison.Ordinal) == true && t.IsClass && !services.IsService(t));
    }

    private IEnumerable<(string Body, string ContentType)> Bodies(RouteEndpoint endpoint, string url)
    {
        var type = BodyType(endpoint);
        var json = url.StartsWith("/fhir", StringComparison.Ordinal)
            ? (HttpMethods.IsPatch(endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods[0] ?? "") ? "application/json-patch+json" : "application/fhir+json")
            : "application/json";
        yield return ("{", json);
        yield return ("[]", json);
        yield return ("null", json);
        yield return ("\"text\"", json);
        yield return (new string('[', 300) + new string(']', 300), json);
        yield return (WrongTypes(type), json);
        yield return (Extremes(type, early: true), json);
        yield return (Extremes(type, early: false), json);
        yield return ("""{"resourceType":"ServiceRequest","occurrencePeriod":{"start":"0001-01-01","end":"9999-12-31"},"subject":{"reference":"Patient/x"},"note":[{"text":12}]}""", json);
        yield return ("""[{"op":"replace","path":"/status","value":"completed","op":"x"},{"op":"add","path":"/owner/-/x","value":[]},{"op":"test","path":"/../..","value":{"a":1,"a":2}}]""", json);
        yield return ("member_id,event,event_date,facility\nX,discharge,9999-12-31,Harbor\n\"unterminated,admit,0001-01-01,\n", "text/csv");
        yield return ("\u0000\u0001\u0002", "application/octet-stream");
    }

    private async Task<string> SnapshotAsync(Guid orgId, Guid memberId)
    {
        await using var db = App.ScopedDb(orgId, OrganizationType.Plan);
        var parts = new List<object>
        {
            await db.Members.IgnoreQueryFilters().Where(m => m.PlanId == orgId).Select(m => new { m.Id, m.FirstName, m.LastName, m.BirthDate, m.County, m.PlanId }).ToListAsync(),
            await db.Referrals.CountAsync(),
            await db.ServiceAuthorizations.CountAsync(),
            await db.Set<EcmCase>().CountAsync(),
            await db.Set<TransitionEvent>().CountAsync(),
            await db.MemberAccessGrants.IgnoreQueryFilters().CountAsync(g => g.MemberId == memberId || g.OrganizationId == orgId),
            await db.IdentificationRuns.IgnoreQueryFilters().CountAsync(r => r.PlanId == orgId),
            await db.PlanOfferings.IgnoreQueryFilters().CountAsync(o => o.PlanId == orgId),
            await db.ApiKeys.IgnoreQueryFilters().CountAsync(k => k.OrganizationId == orgId),
            await db.Set<WebhookSubscription>().IgnoreQueryFilters().CountAsync(s => s.OrganizationId == orgId),
            await db.Set<EcmPlanSettings>().IgnoreQueryFilters().Where(s => s.PlanId == orgId).Select(s => s.AuthorizationDecisionDays).ToListAsync(),
            await db.Users.CountAsync(u => u.OrganizationId == orgId),
        };
        return JsonSerializer.Serialize(parts);
    }

    /// <summary>A plan of its own with one member and its administrator, so other tests' changes do not show and ours
    /// would.</summary>
    private async Task<(Guid OrgId, Guid MemberId, HttpClient Client)> OwnPlanAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"fuzz-{suffix}@example.org";
        Guid orgId;
        var memberId = Guid.CreateVersion7();
        using (var scope = App.Services.CreateScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var org = await admin.EnsureOrganizationAsync($"Fuzz Health Plan {suffix}", OrganizationType.Plan, ["Los Angeles"]);
            orgId = org.Id;
            (await admin.CreateUserAsync(email, CareHubApp.Password, Roles.PlanAdmin, orgId)).Errors.ShouldBeEmpty();
        }

        await using (var db = App.SystemDb())
        {
            db.Members.Add(new Member
            {
                Id = memberId,
                PlanId = orgId,
                PlanMemberId = $"FZ{suffix}",
                Cin = $"8{suffix[..7]}F",
                FirstName = "Fuzz",
                LastName = "Member",
                BirthDate = new DateOnly(1970, 1, 1),
                Sex = "M",
                County = "Los Angeles",
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        return (orgId, memberId, await App.ApiClientAsync(email));
    }

    [Fact]
    public async Task EveryRoute_WithMalformedInput_AnswersWithoutServerError_AndChangesNothing()
    {
        var (orgId, memberId, client) = await OwnPlanAsync();
        var before = await SnapshotAsync(orgId, memberId);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var requests = 0;
        var routes = Routes();
        routes.Count.ShouldBeGreaterThan(40);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(routes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (route, ct) =>
        {
            var (endpoint, method) = route;
            var url = Url(endpoint, memberId);
            var sends = HttpMethods.IsGet(method) || HttpMethods.IsDelete(method)
                ? ((string[])[url, url + ExtremeQuery, url + "?q=" + _huge]).Select(target => (Target: target, Body: (string?)null, ContentType: ""))
                : Bodies(endpoint, url).Select((b, i) => (Target: url + (i % 2 == 0 ? "" : ExtremeQuery), Body: (string?)b.Body, b.ContentType));
            foreach (var (target, body, contentType) in sends.ToList())
            {
                var request = new HttpRequestMessage(new HttpMethod(method), target);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8);
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                }

                var response = await client.SendAsync(request, ct);
                Interlocked.Increment(ref requests);
                if ((int)response.StatusCode >= 500)
                {
                    var text = await response.Content.ReadAsStringAsync(ct);
                    failures.Add($"{method} {target[..Math.Min(target.Length, 120)]} {body?[..Math.Min(body.Length, 80)]} → {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
                }
            }
        });

        TestContext.Current.SendDiagnosticMessage($"{requests} requests over {routes.Count} routes in {clock.Elapsed.TotalSeconds:0.0} s");
        failures.ShouldBeEmpty($"{failures.Count} of {requests} requests answered 5xx:\n{string.Join('\n', failures)}");
        (await SnapshotAsync(orgId, memberId)).ShouldBe(before);
        requests.ShouldBeGreaterThan(300);
    }

    /// <summary>Every text at 3,999 characters, which the input rules let through to the use cases (their default limit
    /// is 4,000): a use case must refuse a text longer than its column with the field named, never let the database
    /// fail. Other values are plausible, so some requests succeed; only the status matters here.</summary>
    [Fact]
    public async Task EveryRoute_WithLongTextTheInputRulesAllow_AnswersWithoutServerError()
    {
        var (_, memberId, client) = await OwnPlanAsync();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var routes = Routes().Where(r => !HttpMethods.IsGet(r.Method) && !HttpMethods.IsDelete(r.Method)).ToList();
        routes.Count.ShouldBeGreaterThan(20);
        await Parallel.ForEachAsync(routes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (route, ct) =>
        {
            var (endpoint, method) = route;
            var url = Url(endpoint, memberId);
            var type = BodyType(endpoint);
            var body = Json(type, p => Underlying(p) switch
            {
                var t when t == typeof(string) => _long,
                var t when t == typeof(DateOnly) => "2025-03-03",
                var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "2025-03-03T09:00:00Z",
                var t when t == typeof(decimal) || t == typeof(double) || t == typeof(int) || t == typeof(long) => 1,
                var t when t == typeof(Guid) => memberId,
                var t when t == typeof(bool) => true,
                _ => new[] { _long },
            });
            var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(body, Encoding.UTF8, url.StartsWith("/fhir", StringComparison.Ordinal) ? "application/fhir+json" : "application/json"),
            };
            var response = await client.SendAsync(request, ct);
            if ((int)response.StatusCode >= 500)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                failures.Add($"{method} {url} → {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
            }
        });

        failures.ShouldBeEmpty($"{failures.Count} of {routes.Count} routes answered 5xx:\n{string.Join('\n', failures)}");
    }
}

public sealed class FuzzTests_Sqlite(SqliteApp app) : FuzzTests(app);

public sealed class FuzzTests_Postgres(PostgresApp app) : FuzzTests(app);
