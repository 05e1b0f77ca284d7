using System.Security.Claims;
using System.Threading.RateLimiting;
using CareHub.Data.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Security;

/// <summary>
/// Sessions end when the account changes: every request signed in as a person (cookie or bearer token) is checked
/// against the account's security stamp and lockout, so a token stops working as soon as the user is locked,
/// disabled, changes password or signs out of the API. Sign-in routes are rate limited per client.
/// </summary>
public static class SessionSecurity
{
    public const string SignInRateLimit = "sign-in";

    /// <summary>Access tokens are short-lived; the refresh token (revocable) gets a new one.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromHours(12);

    public static void AddSessionSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SignInOptions>(configuration.GetSection("CareHub:SignIn"));
        services.AddSingleton<SignInFailures>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<ApiKeyCache>();
        // Replaces the user manager AddIdentity registered, so that account changes end cached session checks.
        services.AddScoped<UserManager<AppUser>, CareHubUserManager>();
        services.AddScoped<SignInGuard>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, http =>
            {
                var perMinute = Math.Max(1, http.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.PerClientPerMinute);
                return RateLimitPartition.GetFixedWindowLimiter(SignInGuard.ClientKey(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await WriteProblemAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
                    "Too many sign-in attempts from this address; wait a minute and try again.", ct);
            };
        });
    }

    /// <summary>Refuses a person's session whose account was locked, disabled or re-keyed since it was issued. A session
    /// found valid is not checked again for a few seconds (<see cref="SessionCache"/>).</summary>
    public static IApplicationBuilder UseSessionChecks(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && !id.StartsWith("apikey:", StringComparison.Ordinal))
        {
            var sessions = http.RequestServices.GetRequiredService<SessionCache>();
            var stamp = user.FindFirstValue(http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType);
            if (sessions.IsValid(id, stamp))
            {
                await next(http);
                return;
            }

            var signIn = http.RequestServices.GetRequiredService<SignInManager<AppUser>>();
            var account = await signIn.ValidateSecurityStampAsync(user);
            if (account is not null && !await signIn.UserManager.IsLockedOutAsync(account))
            {
                sessions.Remember(id, stamp);
            }
            else
            {
                if (WebSetup.IsApi(http.Request.Path))
                {
                    await WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "Session ended",
                        "This session has ended (signed out, password changed, or account locked or disabled). Sign in again.", http.RequestAborted);
                    return;
                }

                await http.SignOutAsync(IdentityConstants.ApplicationScheme);
                http.Response.Redirect("/account/login");
                return;
            }
        }

        await next(http);
    });

    public static async Task WriteProblemAsync(HttpContext http, int status, string title, string detail, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        await http.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
    }

    /// <summary>The sign-in page shares the per-client limit of the API's sign-in.</summary>
    public static void LimitSignInPage(Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions o) =>
        o.Conventions.AddPageApplicationModelConvention("/Account/Login", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInRateLimit)));
}
