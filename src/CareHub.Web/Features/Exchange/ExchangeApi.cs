using CareHub.Common;
using CareHub.Exchange;
using CareHub.Web.Features.Billing;

namespace CareHub.Web.Features.Exchange;

/// <summary>The member files exchanged between plans and ECM providers: MIF export, RTF and OTF imports.</summary>
public static class ExchangeApi
{
    public static IServiceCollection AddExchange(this IServiceCollection services)
    {
        services.AddScoped<ExportMif>();
        services.AddScoped<ImportMemberFile>();
        return services;
    }

    public static IEndpointRouteBuilder MapExchangeApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/exchange").WithTags("Exchange");
        g.MapGet("/mif", Mif).RequireAuthorization(p => p.RequireRole(Roles.PlanAdmin, Roles.PlanCareManager))
            .WithSummary("The Member Information File (CSV, layout version 1) for an ECM provider: ?providerId=&asOf=YYYY-MM-DD.");
        g.MapPost("/rtf", (HttpRequest r, ImportMemberFile h, CancellationToken ct) => Import(ImportMemberFile.Rtf, r, h, ct))
            .RequireAuthorization(p => p.RequireRole(Roles.EcmProviderStaff))
            .WithSummary("Import a Return Transmission File (text/csv): {applied, unchanged, rejected: [{line, column, reason}]}; any rejected row rejects the file.");
        g.MapPost("/otf", (HttpRequest r, ImportMemberFile h, CancellationToken ct) => Import(ImportMemberFile.Otf, r, h, ct))
            .RequireAuthorization(p => p.RequireRole(Roles.EcmProviderStaff))
            .WithSummary("Import an Outreach Tracker File (text/csv): {applied, unchanged, rejected: [{line, column, reason}]}; any rejected row rejects the file.");
        g.MapGet("/templates/{kind}.csv", Template).RequireAuthorization();
        return app;
    }

    /// <summary>The header that counts members left out of a Member Information File because they have no CIN.</summary>
    public const string MembersWithoutCinHeader = "CareHub-Members-Without-Cin";

    private static async Task<IResult> Mif(Guid? providerId, string? asOf, ExportMif handler, HttpContext http, CancellationToken ct)
    {
        var result = await handler.HandleAsync(providerId, asOf, ct);
        if (!result.Succeeded)
        {
            return result.ToHttp();
        }

        http.Response.Headers[MembersWithoutCinHeader] = result.Value!.LeftOut.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(result.Value.Csv, "text/csv");
    }

    private static async Task<IResult> Import(string kind, HttpRequest request, ImportMemberFile handler, CancellationToken ct)
    {
        var (text, problem) = await RequestText.ReadAsync(request, ct);
        if (text is null)
        {
            return Rejected(new MemberFileResult(0, 0, [new RowRejection(0, "body", problem!)]));
        }

        var result = await handler.HandleAsync(kind, text, ct);
        return result is null ? TypedResults.Problem("Only ECM provider staff send these files.", statusCode: StatusCodes.Status403Forbidden, title: "Not allowed")
            : result.Succeeded ? TypedResults.Ok(result) : Rejected(result);
    }

    /// <summary>400 problem+json that also carries the contract's {applied, unchanged, rejected}.</summary>
    private static IResult Rejected(MemberFileResult result) =>
        TypedResults.Problem($"The file was not applied: {result.Rejected.Count} problem(s), first on line {result.Rejected[0].Line}, column {result.Rejected[0].Column}: {result.Rejected[0].Reason}",
            statusCode: StatusCodes.Status400BadRequest, title: "File rejected",
            extensions: new Dictionary<string, object?> { ["applied"] = 0, ["unchanged"] = 0, ["rejected"] = result.Rejected });

    private static IResult Template(string kind) => kind switch
    {
        "rtf" => Results.Text(CsvText.Line(MemberFiles.RtfColumns), "text/csv"),
        "otf" => Results.Text(CsvText.Line(MemberFiles.OtfColumns), "text/csv"),
        "mif" => Results.Text(CsvText.Line(MemberFiles.MifColumns), "text/csv"),
        _ => TypedResults.Problem($"No template '{kind}'; use mif, rtf or otf.", statusCode: StatusCodes.Status404NotFound),
    };
}
