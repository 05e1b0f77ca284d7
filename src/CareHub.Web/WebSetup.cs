using System.Text.Json.Serialization;
using CareHub.Common;
using CareHub.Data;
using CareHub.Data.Access;
using CareHub.Data.Identity;
using CareHub.Web.Demo;
using CareHub.Web.Features.ApiKeys;
using CareHub.Web.Features.Audit;
using CareHub.Web.Features.Auth;
using CareHub.Web.Features.Billing;
using CareHub.Web.Features.Catalog;
using CareHub.Web.Features.Ecm;
using CareHub.Web.Features.Exchange;
using CareHub.Web.Features.Fhir;
using CareHub.Web.Features.Identification;
using CareHub.Web.Features.Members;
using CareHub.Web.Features.Network;
using CareHub.Web.Features.Organizations;
using CareHub.Web.Features.Referrals;
using CareHub.Web.Features.Reporting;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CareHub.Web;

/// <summary>Composition of the web app: one Add/Map pair per feature.</summary>
public static class WebSetup
{
    public const string SmartScheme = "CareHub";

    public static void AddCareHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Environment.IsProduction())
        {
            builder.Logging.AddJsonConsole();
        }

        var database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<SystemScopeSwitch>();
        services.AddScoped<IAccessScope, HttpAccessScope>();
        services.AddCareHubData(database);
        services.AddKeyProtection(builder.Configuration, builder.Environment);
        services.Configure<DemoOptions>(builder.Configuration.GetSection("CareHub:Demo"));

        AddAuthentication(services);
        services.AddSessionSecurity(builder.Configuration);

        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
            o.Conventions.AllowAnonymousToPage("/Error");
            SessionSecurity.LimitSignInPage(o);
            o.Conventions.ConfigureFilter(new Security.PageInputFilter());
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        // Binding failures reach ApiExceptionHandler in every environment, which names the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.AddScoped<UserAdministration>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<MemberQueries>();
        services.AddSingleton<ListTotals>();
        services.AddSingleton<Features.Organizations.OrganizationNames>();
        services.AddScoped<AuditSearch>();
        services.AddCatalog(builder.Configuration);
        services.AddOptions<Jobs.BackgroundJobOptions>().BindConfiguration("CareHub:Jobs");
        services.AddIdentification();
        services.AddEcm();
        services.AddReferrals(builder.Configuration);
        services.AddReporting();
        services.AddBilling();
        services.AddExchange();
        services.AddNetwork();
        services.AddApiKeys();
    }

    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(IdentitySetup.Configure)
            .AddEntityFrameworkStores<CareHubDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<CareHubClaimsFactory>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = SessionSecurity.AccessTokenLifetime;
                o.RefreshTokenExpiration = SessionSecurity.RefreshTokenLifetime;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(SmartScheme, "Cookie, bearer token or API key", o => o.ForwardDefaultSelector = SelectScheme);

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "carehub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    private static string SelectScheme(HttpContext context)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return IdentityConstants.BearerScheme;
        }

        return ApiKeyAuthenticationHandler.ReadKey(context.Request) is not null
            ? ApiKeyAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;
    }

    /// <summary>API and FHIR callers get a status code, people get the sign-in page.</summary>
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.Request.Path))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/fhir") || path.StartsWithSegments("/openapi");

    /// <summary>Applies migrations (every instance may; EF Core serializes them) and seeds demo data in demo mode.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("CareHub.Startup");
        var settings = sp.GetRequiredService<DatabaseSettings>();
        log.LogInformation("Database: {Database}", settings.Describe());

        // Start-up work runs as the system, not as a user.
        var db = DatabaseSetup.CreateContext(settings);
        await using (db)
        {
            await db.MigrateAsync();
            await CatalogSetup.StoreReleaseAsync(db, sp.GetRequiredService<CareHub.Catalog.ProgramCatalog>(), sp.GetRequiredService<TimeProvider>());
        }

        var demo = app.Configuration.GetSection("CareHub:Demo").Get<DemoOptions>() ?? new DemoOptions();
        if (demo.Enabled)
        {
            await using var system = CreateSystemScope(app.Services);
            await system.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(demo);
        }
    }

    /// <summary>A DI scope whose data access is unrestricted, for start-up and background work.</summary>
    public static AsyncServiceScope CreateSystemScope(IServiceProvider services)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<SystemScopeSwitch>().UseSystem = true;
        return scope;
    }

    public static void UseCareHub(this WebApplication app)
    {
        // API and FHIR faults are problem+json / OperationOutcome in every environment (ApiExceptionHandler); pages
        // get the error page outside Development. The error page takes any method without an antiforgery token, so
        // a failed POST is not re-run into a second failure.
        if (app.Environment.IsDevelopment())
        {
            app.UseWhen(ctx => IsApi(ctx.Request.Path), api => api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = _ => Task.CompletedTask }));
        }
        else
        {
            // A request the app refused to read (a body over the route's limit) keeps its 4xx status on the error page.
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                StatusCodeSelector = e => e is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
        }

        app.UseSecurityHeaders();
        app.UseRequestLimits();

        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (IsApi(http.Request.Path) && !http.Response.HasStarted && http.Response.ContentLength is null && string.IsNullOrEmpty(http.Response.ContentType))
            {
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http });
            }
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseSessionChecks();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    public static void MapCareHub(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapRazorPages();

        // Every JSON API and FHIR route checks its inputs (dates, text lengths, numbers) before it runs.
        var routes = app.MapGroup("");
        routes.AddEndpointFilterFactory(InputValidation.Factory);
        routes.MapAuthApi();
        routes.MapOrganizationsApi();
        routes.MapMembersApi();
        routes.MapAuditApi();
        routes.MapApiKeysApi();
        routes.MapCatalogApi();
        routes.MapIdentificationApi();
        routes.MapEcmApi();
        routes.MapReferralsApi();
        routes.MapReportingApi();
        routes.MapBillingApi();
        routes.MapExchangeApi();
        routes.MapNetworkApi();
        routes.MapFhirApi();
    }

    /// <summary>The overall status, then one line per check that is not healthy with its description (the cause).</summary>
    private static Task WriteHealthAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"\n{e.Key}: {e.Value.Status}: {e.Value.Description}");
        return http.Response.WriteAsync(report.Status + string.Concat(lines), http.RequestAborted);
    }
}

internal sealed class DatabaseHealthCheck(CareHubDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("Database reachable.")
                : HealthCheckResult.Unhealthy("Database not reachable.");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("Database not reachable.", ex);
        }
    }
}
