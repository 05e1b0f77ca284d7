namespace CareHub.Web.Features.Billing;

/// <summary>What a billing or exchange use case did: a value, or an expected failure naming the field (or the
/// segment, line and column of a file) and why. Mapped to problem+json by <see cref="ToHttp"/>.</summary>
public sealed record BillingOutcome<T>(T? Value, int Status, string? Field = null, string? Message = null, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public bool Succeeded => Status is StatusCodes.Status200OK or StatusCodes.Status201Created;

    public static BillingOutcome<T> Ok(T value) => new(value, StatusCodes.Status200OK);

    public static BillingOutcome<T> Created(T value) => new(value, StatusCodes.Status201Created);

    public static BillingOutcome<T> Invalid(string field, string message, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(default, StatusCodes.Status400BadRequest, field, message, extensions);

    public static BillingOutcome<T> Forbidden(string message) => new(default, StatusCodes.Status403Forbidden, Message: message);

    public static BillingOutcome<T> NotFound(string message) => new(default, StatusCodes.Status404NotFound, Message: message);

    public IResult ToHttp(string? location = null)
    {
        if (Status == StatusCodes.Status201Created)
        {
            return TypedResults.Created(location, Value);
        }

        if (Status == StatusCodes.Status200OK)
        {
            return TypedResults.Ok(Value);
        }

        if (Status == StatusCodes.Status400BadRequest)
        {
            var errors = new Dictionary<string, string[]> { [Field ?? "body"] = [Message ?? "The request is not valid."] };
            return TypedResults.ValidationProblem(errors, detail: Message, extensions: Extensions?.ToDictionary(e => e.Key, e => e.Value));
        }

        return TypedResults.Problem(Message, statusCode: Status, title: Status == StatusCodes.Status403Forbidden ? "Not allowed" : "Not found");
    }
}

/// <summary>Reads a text request body (CSV or X12) up to a size limit.</summary>
public static class RequestText
{
    /// <summary>Largest file accepted by the billing and exchange uploads.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    public static async Task<(string? Text, string? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"The file is larger than {MaxBytes / 1024 / 1024} MB; split it.");
        }

        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[81920];
        var sb = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), ct)) > 0)
        {
            sb.Append(buffer, 0, read);
            if (sb.Length > MaxBytes)
            {
                return (null, $"The file is larger than {MaxBytes / 1024 / 1024} MB; split it.");
            }
        }

        return sb.Length == 0 ? (null, "The body is empty; send the file as the request body.") : (sb.ToString(), null);
    }
}
