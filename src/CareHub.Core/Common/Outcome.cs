namespace CareHub.Common;

/// <summary>What kind of answer a use case gives. Expected failures are values of this kind, not exceptions; the web
/// layer turns them into problem+json (<c>OutcomeHttp</c>) or a FHIR OperationOutcome (<c>FhirOutcomes</c>).</summary>
public enum OutcomeKind
{
    /// <summary>Done (HTTP 200).</summary>
    Ok,

    /// <summary>Done, and something new exists (HTTP 201).</summary>
    Created,

    /// <summary>Not there, or not visible to the caller's organization (HTTP 404).</summary>
    NotFound,

    /// <summary>Visible, but the caller's organization may not do this (HTTP 403).</summary>
    Forbidden,

    /// <summary>The input is wrong; <see cref="Outcome{T}.Errors"/> names the fields (HTTP 400).</summary>
    Invalid,

    /// <summary>Not possible in the current state, whoever asks (HTTP 409).</summary>
    Conflict,

    /// <summary>Well-formed and allowed, but a business rule refuses it, e.g. a limit (HTTP 422).</summary>
    Refused,
}

/// <summary>The result of a use case: the value, or why not (with the fields that were wrong). <see cref="Extensions"/>
/// carries what a client needs to find a problem in a file (an X12 file's segment, a CSV file's line and column);
/// the web layer sends them as members of the problem+json.</summary>
public sealed record Outcome<T>(
    OutcomeKind Kind,
    T? Value = default,
    string? Message = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public bool Succeeded => Kind is OutcomeKind.Ok or OutcomeKind.Created;

    /// <summary>Every message a person should read: the field errors, or the message.</summary>
    public IReadOnlyList<string> Problems =>
        Errors is { Count: > 0 } errors ? [.. errors.Values.SelectMany(v => v)] : Message is null ? [] : [Message];

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value);

    public static Outcome<T> Created(T value) => new(OutcomeKind.Created, value);

    public static Outcome<T> NotFound(string message) => new(OutcomeKind.NotFound, Message: message);

    public static Outcome<T> Forbidden(string message) => new(OutcomeKind.Forbidden, Message: message);

    public static Outcome<T> Conflict(string message) => new(OutcomeKind.Conflict, Message: message);

    public static Outcome<T> Invalid(string field, string message, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, extensions: extensions);

    /// <summary>The fields that were wrong; <paramref name="detail"/> (default: every field's messages) is what a person
    /// reads first.</summary>
    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors, string? detail = null, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(OutcomeKind.Invalid, Message: detail ?? string.Join(" ", errors.Values.SelectMany(v => v)), Errors: errors, Extensions: extensions);

    public static Outcome<T> Invalid(Dictionary<string, List<string>> errors) =>
        Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    /// <summary>Refused by business rules; the reasons are kept under <paramref name="field"/>.</summary>
    public static Outcome<T> Refused(IReadOnlyList<string> reasons, string field = "limits") =>
        new(OutcomeKind.Refused, Message: string.Join(" ", reasons), Errors: new Dictionary<string, string[]> { [field] = [.. reasons] });

    /// <summary>Refused by business rules, each reason kept under the field it is about.</summary>
    public static Outcome<T> Refused(IReadOnlyDictionary<string, string[]> errors) =>
        new(OutcomeKind.Refused, Message: string.Join(" ", errors.Values.SelectMany(v => v)), Errors: errors);

    /// <summary>The same kind, messages and extensions for a use case that answers with another type (no value).</summary>
    public Outcome<TOther> As<TOther>() => new(Kind, default, Message, Errors, Extensions);
}
