using System.Globalization;
using CareHub.Common;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Task = System.Threading.Tasks.Task;

namespace CareHub.Web.Features.Fhir;

/// <summary>Reading FHIR bodies and writing FHIR answers: resources, and failures as OperationOutcome (the one mapping
/// from a use case's <see cref="Outcome{T}"/> to FHIR).</summary>
public static class FhirResponses
{
    public const string FhirJson = "application/fhir+json";
    private static readonly FhirJsonDeserializer _parser = new(new DeserializerSettings());

    public static IResult Answer(Resource resource, int status = 200, string? location = null) =>
        new FhirResult(resource, status, location);

    private sealed class FhirResult(Resource resource, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = FhirJson + "; charset=utf-8";
            if (location is not null)
            {
                http.Response.Headers.Location = location;
            }

            if (resource.Meta?.LastUpdated is { } updated && resource is not Bundle)
            {
                http.Response.Headers.LastModified = updated.ToString("R", CultureInfo.InvariantCulture);
                http.Response.Headers.ETag = $"W/\"{updated.UtcTicks.ToString(CultureInfo.InvariantCulture)}\"";
            }

            var body = FhirJsonWriter.ToUtf8(resource);
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
        }
    }

    public static OperationOutcome Outcome(OperationOutcome.IssueType type, string message, params string[] expressions) => new()
    {
        Issue = [Issue(type, message, expressions)],
    };

    private static OperationOutcome.IssueComponent Issue(OperationOutcome.IssueType type, string? message, params string[] expressions) => new()
    {
        Severity = OperationOutcome.IssueSeverity.Error,
        Code = type,
        Diagnostics = message,
        Details = new CodeableConcept { Text = message },
        Expression = expressions,
    };

    public static IResult Problem(int status, OperationOutcome.IssueType type, string message, params string[] expressions) =>
        Answer(Outcome(type, message, expressions), status);

    public static IResult NotFound(string type, string id) =>
        Problem(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known or not visible to your organization.", type);

    /// <summary>A use case's failure as an OperationOutcome: field errors become issues with their FHIR path.</summary>
    public static IResult Failure<T>(Outcome<T> result, string resourceType, IReadOnlyDictionary<string, string> paths)
    {
        var (status, type) = result.Kind switch
        {
            OutcomeKind.NotFound => (404, OperationOutcome.IssueType.NotFound),
            OutcomeKind.Forbidden => (403, OperationOutcome.IssueType.Forbidden),
            OutcomeKind.Conflict => (409, OperationOutcome.IssueType.Conflict),
            OutcomeKind.Refused => (422, OperationOutcome.IssueType.BusinessRule),
            _ => (400, OperationOutcome.IssueType.Invalid),
        };
        var outcome = new OperationOutcome();
        if (result.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    outcome.Issue.Add(Issue(type, message, paths.GetValueOrDefault(field) ?? resourceType));
                }
            }
        }
        else
        {
            outcome.Issue.Add(Issue(type, result.Message, resourceType));
        }

        return Answer(outcome, status);
    }

    /// <summary>Reads a FHIR JSON body of the expected type; on failure, the OperationOutcome to answer with.</summary>
    public static async Task<(T? Resource, IResult? Error)> ReadAsync<T>(HttpRequest request)
        where T : Resource
    {
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }

        return Parse<T>(body);
    }

    public static (T? Resource, IResult? Error) Parse<T>(string body)
        where T : Resource
    {
        var type = typeof(T).Name;
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, Problem(400, OperationOutcome.IssueType.Required, $"Send a {type} resource as application/fhir+json.", type));
        }

        try
        {
            var resource = _parser.DeserializeResource(body);
            if (resource is not T typed)
            {
                return (null, Problem(400, OperationOutcome.IssueType.Invalid, $"Expected a {type}, got {resource.TypeName}.", $"{type}.resourceType"));
            }

            return (typed, null);
        }
        catch (DeserializationFailedException ex)
        {
            var outcome = new OperationOutcome();
            foreach (var error in ex.Exceptions)
            {
                var path = error is ExtendedCodedException extended && !string.IsNullOrEmpty(extended.InstancePath) ? extended.InstancePath : type;
                if (path.StartsWith("$this", StringComparison.Ordinal))
                {
                    path = type + path[5..];
                }

                outcome.Issue.Add(Issue(OperationOutcome.IssueType.Structure, error.Message, path));
            }

            return (null, Answer(outcome, 400));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            // A JSON array, a bare value or broken JSON where a resource object belongs.
            return (null, Problem(400, OperationOutcome.IssueType.Structure, $"The body is not a FHIR JSON {type} resource: {ex.Message}", type));
        }
    }
}
