using CareHub.Audit;
using CareHub.Data;
using CareHub.Data.Identity;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CareHub.Web.Features.Auth;

public static class AuthApi
{
    public sealed record LoginRequest(
        [property: System.ComponentModel.DataAnnotations.MaxLength(256)] string? Email,
        [property: System.ComponentModel.DataAnnotations.MaxLength(256)] string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public sealed record MeResponse(string? Email, string? Role, Guid? OrganizationId, string? OrganizationName, string? OrganizationType, string DisplayName);

    private const string WrongCredentials = "The e-mail or password is wrong.";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(SessionSecurity.SignInRateLimit)
            .WithSummary("Sign in with e-mail and password; answers a bearer token {tokenType, accessToken, expiresIn, refreshToken}.");
        auth.MapPost("/refresh", Refresh).AllowAnonymous().RequireRateLimiting(SessionSecurity.SignInRateLimit)
            .WithSummary("A new access token (and refresh token) for a refresh token that is unexpired and not revoked.");
        auth.MapPost("/logout", Logout)
            .WithSummary("Signs out of the API: every access and refresh token issued to the caller stops working.");

        app.MapGet("/api/me", Me).WithTags("Authentication").WithSummary("Who the caller is.");
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(LoginRequest request, SignInGuard guard, AuditTrail audit, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Both email and password are required.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid sign-in request");
        }

        var outcome = await guard.PasswordSignInAsync(request.Email, request.Password, IdentityConstants.BearerScheme, http);
        if (outcome == SignInOutcome.Succeeded)
        {
            // The bearer token handler has written {tokenType, accessToken, expiresIn, refreshToken}.
            return TypedResults.Empty;
        }

        await audit.RecordAsync(AuditActions.SignInFailed, null, "/api/auth/login", request.Email.Trim());
        if (outcome == SignInOutcome.HeldOff)
        {
            http.Response.Headers.RetryAfter = "900";
            return TypedResults.Problem("Too many failed attempts for this account from here; try again in 15 minutes.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts");
        }

        return TypedResults.Problem(WrongCredentials, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, AuditTrail audit)
    {
        var ticket = string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > 8000
            ? null
            : bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        var user = ticket?.Properties.ExpiresUtc is { } expires && clock.GetUtcNow() < expires
            ? await signIn.ValidateSecurityStampAsync(ticket.Principal)
            : null;
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            return TypedResults.Problem("The refresh token is expired or no longer valid; sign in again.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required");
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signIn.SignInAsync(user, isPersistent: false);
        await audit.RecordAsync(AuditActions.TokenRefresh, null, "/api/auth/refresh", user.Email);
        return TypedResults.Empty;
    }

    /// <summary>Renews the account's security stamp, which every token carries: all of them stop working.</summary>
    private static async Task<NoContent> Logout(HttpContext http, UserManager<AppUser> users, AuditTrail audit)
    {
        if (await users.GetUserAsync(http.User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            await audit.RecordAsync(AuditActions.SignOut, null, "/api/auth/logout", user.Email);
        }

        return TypedResults.NoContent();
    }

    private static async Task<MeResponse> Me(HttpContext http, CareHubDbContext db)
    {
        var user = http.User;
        var orgId = user.GetOrganizationId();
        var org = orgId is null ? null : await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId);
        var email = user.Identity?.Name;
        return new MeResponse(email, user.GetRole(), orgId, org?.Name, org is null ? null : CareHub.Common.OrganizationTypes.ToCode(org.Type), user.GetDisplayName());
    }
}
