using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CareHub.Web.Features.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CareHub.Web.Security;

/// <summary>
/// What API and FHIR callers get when a request fails before or inside an endpoint: a request the app cannot read
/// (malformed JSON, a value of the wrong type, a body too large) is a 4xx naming the field; anything else is a 500.
/// API answers are problem+json, FHIR answers an OperationOutcome; neither carries exception details, stack traces or
/// the request's headers, in any environment. Pages are left to the error page.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page; decide by the path that failed.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path is { Length: > 0 } original ? new PathString(original) : http.Request.Path;
        if (!WebSetup.IsApi(path) || http.Response.HasStarted)
        {
            return false;
        }

        var (status, field, message) = Describe(exception);
        if (status >= 500)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, path);
        }
        else
        {
            log.LogInformation("Refused request on {Method} {Path}: {Message}", http.Request.Method, path, message);
        }

        http.Response.Clear();
        http.Response.StatusCode = status;
        http.Response.Headers.CacheControl = "no-store";
        if (path.StartsWithSegments("/fhir"))
        {
            var type = status switch
            {
                >= 500 => OperationOutcome.IssueType.Exception,
                413 => OperationOutcome.IssueType.TooLong,
                415 => OperationOutcome.IssueType.NotSupported,
                _ => OperationOutcome.IssueType.Structure,
            };
            var outcome = FhirResponses.Outcome(type, message, field is null ? [] : [field]);
            http.Response.ContentType = FhirResponses.FhirJson + "; charset=utf-8";
            await http.Response.WriteAsync(outcome.ToJson(), cancellationToken);
            return true;
        }

        var problem = status >= 500
            ? new ProblemDetails { Status = status, Title = "Something went wrong", Detail = message }
            : field is null
                ? new ProblemDetails { Status = status, Title = "The request could not be read", Detail = message }
                : new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = "The request could not be read", Detail = message };
        http.Response.ContentType = "application/problem+json";
        await http.Response.WriteAsync(JsonSerializer.Serialize<object>(problem, JsonSerializerOptions.Web), cancellationToken);
        return true;
    }

    /// <summary>The status, the field (JSON path or parameter name) and a plain message for an exception.</summary>
    public static (int Status, string? Field, string Message) Describe(Exception exception)
    {
        if (exception is BadHttpRequestException bad)
        {
            if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (413, "body", bad.Message);
            }

            if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            {
                return (415, "body", "Send the body as application/json.");
            }

            if (bad.InnerException is JsonException json)
            {
                return (400, FieldOf(json.Path), WhatWasExpected(json.Message));
            }

            if (ParameterRegex().Match(bad.Message) is { Success: true } m)
            {
                var name = m.Groups["name"].Value;
                return bad.Message.StartsWith("Required", StringComparison.Ordinal)
                    ? (400, name, $"{name} is required.")
                    : (400, name, $"'{m.Groups["value"].Value}' is not valid for {name}: expected {Expected(m.Groups["type"].Value)}.");
            }

            if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
            {
                return (400, "body", "Send a JSON body.");
            }

            return (bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, null, "The request could not be read.");
        }

        if (exception is JsonException direct)
        {
            return (400, FieldOf(direct.Path), WhatWasExpected(direct.Message));
        }

        return (500, null, $"The request failed on the server ({DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC). Nothing was changed; if it keeps happening, tell your administrator the time.");
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string WhatWasExpected(string message)
    {
        if (ConvertRegex().Match(message) is { Success: true } m)
        {
            return $"Expected {Expected(m.Groups["type"].Value)}.";
        }

        return message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) || message.Contains("duplicate", StringComparison.Ordinal)
            ? "The property appears more than once."
            : "The body is not valid JSON here.";
    }

    private static string Expected(string clrType)
    {
        var t = clrType.Replace("System.Nullable`1[", "", StringComparison.Ordinal).TrimEnd(']').Replace("System.", "", StringComparison.Ordinal);
        return t switch
        {
            "DateOnly" => "a date (yyyy-MM-dd)",
            "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601, e.g. 2025-03-01T09:30:00Z)",
            "Guid" => "an id (GUID)",
            "Int32" or "Int64" or "Int16" or "int" or "long" => "a whole number",
            "Decimal" or "Double" or "Single" or "decimal" or "double" => "a number",
            "Boolean" or "bool" => "true or false",
            "String" or "string" => "text",
            _ when t.Contains("List", StringComparison.Ordinal) || t.EndsWith("[]", StringComparison.Ordinal) => "a list",
            _ when t.StartsWith("CareHub.", StringComparison.Ordinal) => "an object",
            _ => "a value of another type",
        };
    }

    [GeneratedRegex(@"(?:parameter|Parameter) ""(?<type>[^""]+?) (?<name>[A-Za-z0-9_]+)""(?: from ""(?<value>[^""]*)"")?")]
    private static partial Regex ParameterRegex();

    [GeneratedRegex(@"could not be converted to (?<type>[^\s.]+(?:\.[^\s.]+)*?)\. Path")]
    private static partial Regex ConvertRegex();
}
