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
            return result.ToProblem();
        }

        http.Response.Headers[MembersWithoutCinHeader] = result.Value!.LeftOut.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(result.Value.Csv, "text/csv");
    }

    private static async Task<IResult> Import(string kind, HttpRequest request, ImportMemberFile handler, CancellationToken ct)
    {
        var (text, problem) = await RequestText.ReadAsync(request, ct);
        return text is null ? ImportMemberFile.Rejected([new RowRejection(0, "body", problem!)]).ToProblem()
            : (await handler.HandleAsync(kind, text, ct)).ToHttp();
    }

    private static IResult Template(string kind) => kind switch
    {
        "rtf" => Results.Text(CsvText.Line(MemberFiles.RtfColumns), "text/csv"),
        "otf" => Results.Text(CsvText.Line(MemberFiles.OtfColumns), "text/csv"),
        "mif" => Results.Text(CsvText.Line(MemberFiles.MifColumns), "text/csv"),
        _ => OutcomeHttp.NotFound($"No template '{kind}'; use mif, rtf or otf."),
    };
}
