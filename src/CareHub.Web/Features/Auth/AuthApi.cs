using CareHub.Audit;
using CareHub.Data;
using CareHub.Data.Identity;
using CareHub.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Auth;

public static class AuthApi
{
    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record MeResponse(string? Email, string? Role, Guid? OrganizationId, string? OrganizationName, string? OrganizationType, string DisplayName);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");
        auth.MapPost("/login", Login).AllowAnonymous()
            .WithSummary("Sign in with e-mail and password; answers a bearer token {tokenType, accessToken, expiresIn, refreshToken}.");

        app.MapGet("/api/me", Me).WithTags("Authentication").WithSummary("Who the caller is.");
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<AppUser> signIn, AuditTrail audit)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Both email and password are required.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid sign-in request");
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The bearer token handler has written {tokenType, accessToken, expiresIn, refreshToken}.
            return TypedResults.Empty;
        }

        await audit.RecordAsync(AuditActions.SignInFailed, null, "/api/auth/login", request.Email.Trim());
        return result.IsLockedOut
            ? TypedResults.Problem("Too many failed attempts: the account is locked for 15 minutes.", statusCode: StatusCodes.Status423Locked, title: "Account locked")
            : TypedResults.Problem("The e-mail or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
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
