using CareHub.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CareHub.Web.Features;

/// <summary>The one mapping from a use case's <see cref="Outcome{T}"/> to an HTTP answer for the JSON API: the value,
/// or problem+json with the same title for the same kind everywhere and the fields that were wrong.</summary>
public static class OutcomeHttp
{
    public const string NotFoundTitle = "Not found";
    public const string ForbiddenTitle = "Not allowed";
    public const string ConflictTitle = "Conflict";
    public const string RefusedTitle = "Refused";
    public const string InvalidTitle = "The request has problems";

    /// <summary>200 with the value, 201 with <paramref name="location"/> (when given) for a creation, or the problem.</summary>
    public static IResult ToHttp<T>(this Outcome<T> outcome, Func<T, string>? location = null) => outcome.Kind switch
    {
        OutcomeKind.Ok => TypedResults.Ok(outcome.Value),
        OutcomeKind.Created when location is not null => TypedResults.Created(location(outcome.Value!), outcome.Value),
        OutcomeKind.Created => TypedResults.Json(outcome.Value, statusCode: StatusCodes.Status201Created),
        _ => outcome.ToProblem(),
    };

    /// <summary>Awaits a use case and answers with <see cref="ToHttp{T}"/>.</summary>
    public static async Task<IResult> Send<T>(Task<Outcome<T>> task) => (await task).ToHttp();

    /// <summary>The failure as problem+json (404, 403, 409, 422 with the reasons under <c>errors</c>, or 400 naming the
    /// fields under <c>errors</c>), with the outcome's extensions (e.g. a file's segment, or line and column) as members.</summary>
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.NotFound => Problem(outcome, outcome.Message ?? "Not found.", StatusCodes.Status404NotFound, NotFoundTitle),
        OutcomeKind.Forbidden => Problem(outcome, outcome.Message, StatusCodes.Status403Forbidden, ForbiddenTitle),
        OutcomeKind.Conflict => Problem(outcome, outcome.Message, StatusCodes.Status409Conflict, ConflictTitle),
        OutcomeKind.Refused => Problem(outcome, outcome.Message, StatusCodes.Status422UnprocessableEntity, RefusedTitle, outcome.Errors),
        OutcomeKind.Invalid => TypedResults.Problem(WithExtensions(new HttpValidationProblemDetails(outcome.Errors ?? new Dictionary<string, string[]>())
        {
            Title = InvalidTitle,
            Detail = outcome.Message,
            Status = StatusCodes.Status400BadRequest,
        }, outcome.Extensions)),
        _ => throw new InvalidOperationException("A successful outcome is not a problem."),
    };

    private static ProblemHttpResult Problem<T>(Outcome<T> outcome, string? detail, int status, string title, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = WithExtensions(new ProblemDetails { Title = title, Detail = detail, Status = status }, outcome.Extensions);
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem);
    }

    private static TProblem WithExtensions<TProblem>(TProblem problem, IReadOnlyDictionary<string, object?>? extensions)
        where TProblem : ProblemDetails
    {
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    /// <summary>404 problem+json.</summary>
    public static IResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: NotFoundTitle);
}
