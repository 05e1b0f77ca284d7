namespace CareHub.Web.Features.Network;

public enum NetworkOutcome
{
    Ok,
    Created,
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

/// <summary>The outcome of a provider network use case: a value, or an expected failure with a message a person
/// can act on (and, for invalid input, the fields at fault).</summary>
public sealed record NetworkResult<T>(NetworkOutcome Outcome, T? Value = default, string? Message = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Outcome is NetworkOutcome.Ok or NetworkOutcome.Created;

    public static NetworkResult<T> Ok(T value) => new(NetworkOutcome.Ok, value);
    public static NetworkResult<T> Created(T value) => new(NetworkOutcome.Created, value);
    public static NetworkResult<T> NotFound(string message) => new(NetworkOutcome.NotFound, Message: message);
    public static NetworkResult<T> Forbidden(string message) => new(NetworkOutcome.Forbidden, Message: message);
    public static NetworkResult<T> Conflict(string message) => new(NetworkOutcome.Conflict, Message: message);
    public static NetworkResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(NetworkOutcome.Invalid, Message: string.Join(" ", errors.Values.SelectMany(v => v)), Errors: errors);
    public static NetworkResult<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public NetworkResult<TOther> As<TOther>() => new(Outcome, default, Message, Errors);
}

public static class NetworkHttp
{
    public static IResult ToHttp<T>(NetworkResult<T> result) => result.Outcome switch
    {
        NetworkOutcome.Ok => Results.Ok(result.Value),
        NetworkOutcome.Created => Results.Json(result.Value, statusCode: StatusCodes.Status201Created),
        NetworkOutcome.NotFound => Results.Problem(result.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        NetworkOutcome.Forbidden => Results.Problem(result.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed"),
        NetworkOutcome.Conflict => Results.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        _ => Results.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>(), result.Message, title: "The request has problems"),
    };

    public static async Task<IResult> Send<T>(Task<NetworkResult<T>> task) => ToHttp(await task);
}
