namespace CareHub.Web.Security;

/// <summary>
/// Response headers on every answer: a strict Content-Security-Policy (the app's own scripts and styles only, no
/// framing), <c>nosniff</c>, no referrer; and <c>Cache-Control: no-store</c> on everything an endpoint answers (API,
/// FHIR and pages show member data) — static files keep their normal caching.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        http.Response.OnStarting(() =>
        {
            if (http.GetEndpoint() is not null)
            {
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        await next(http);
    });
}
