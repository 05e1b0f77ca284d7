using System.Text.Json;
using CareHub.Common;
using CareHub.Exchange;
using CareHub.Web.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CareHub.Web.Tests;

/// <summary>The one problem+json mapper, executed against a bare HTTP context: what a client reads on the wire.</summary>
public sealed class OutcomeHttpTests
{
    private static async Task<(int Status, string ContentType, JsonElement Body)> RunAsync(IResult result)
    {
        var (status, headers, body) = await RunWithHeadersAsync(result);
        return (status, headers.ContentType.ToString(), body);
    }

    private static async Task<(int Status, IHeaderDictionary Headers, JsonElement Body)> RunWithHeadersAsync(IResult result)
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var text = await new StreamReader(http.Response.Body).ReadToEndAsync();
        return (http.Response.StatusCode, http.Response.Headers, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Invalid_CsvFile_400WithErrorsByColumn_DetailTitle_AndLineAndColumnAtTheTop()
    {
        var (status, type, body) = await RunAsync(FileProblems.Csv<int>(new CsvProblem(2, "from", "not a date.")).ToHttp());
        status.ShouldBe(StatusCodes.Status400BadRequest);
        type.ShouldBe("application/problem+json");
        body.GetProperty("title").GetString().ShouldBe(OutcomeHttp.InvalidTitle);
        body.GetProperty("status").GetInt32().ShouldBe(400);
        body.GetProperty("detail").GetString().ShouldBe("Line 2, column from: not a date. Nothing was saved.");
        body.GetProperty("errors").GetProperty("from").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Line 2, column from: not a date."]);
        (body.GetProperty("line").GetInt32(), body.GetProperty("column").GetString(), body.GetProperty("reason").GetString()).ShouldBe((2, "from", "not a date."));
    }

    [Fact]
    public async Task Invalid_X12File_400NamingTheSegment()
    {
        var outcome = FileProblems.X12<int>(new X12Error(19, "N4*LA*CA*90012**CY*06999", "N406 '06999' is not a California county."), "The 834 was not applied.");
        var (status, _, body) = await RunAsync(outcome.ToHttp());
        status.ShouldBe(StatusCodes.Status400BadRequest);
        body.GetProperty("errors").GetProperty("segment").GetArrayLength().ShouldBe(1);
        body.GetProperty("segmentNumber").GetInt32().ShouldBe(19);
        body.GetProperty("segment").GetString().ShouldBe("N4*LA*CA*90012**CY*06999");
        body.GetProperty("reason").GetString().ShouldBe("N406 '06999' is not a California county.");
        body.GetProperty("detail").GetString()!.ShouldStartWith("The 834 was not applied. Segment 19 (");
    }

    [Fact]
    public async Task Invalid_WithoutExtensions_StaysAsItWas()
    {
        var (status, _, body) = await RunAsync(Outcome<int>.Invalid("to", "Give the last date.").ToHttp());
        status.ShouldBe(400);
        body.GetProperty("title").GetString().ShouldBe(OutcomeHttp.InvalidTitle);
        body.GetProperty("errors").GetProperty("to")[0].GetString().ShouldBe("Give the last date.");
        body.TryGetProperty("line", out _).ShouldBeFalse();
        body.TryGetProperty("segment", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task OtherKinds_KeepTheirTitles_AndCarryExtensions()
    {
        var extensions = new Dictionary<string, object?> { ["applied"] = 0 };
        var (status, _, body) = await RunAsync(new Outcome<int>(OutcomeKind.NotFound, Message: "No such file.", Extensions: extensions).ToHttp());
        (status, body.GetProperty("title").GetString(), body.GetProperty("detail").GetString(), body.GetProperty("applied").GetInt32())
            .ShouldBe((404, OutcomeHttp.NotFoundTitle, "No such file.", 0));

        (status, _, body) = await RunAsync(Outcome<int>.Forbidden("Plans only.").ToHttp());
        (status, body.GetProperty("title").GetString()).ShouldBe((403, OutcomeHttp.ForbiddenTitle));

        (status, _, body) = await RunAsync((Outcome<int>.Refused(["Over the limit."]) with { Extensions = extensions }).ToHttp());
        (status, body.GetProperty("title").GetString(), body.GetProperty("applied").GetInt32()).ShouldBe((422, OutcomeHttp.RefusedTitle, 0));
        body.GetProperty("errors").GetProperty("limits")[0].GetString().ShouldBe("Over the limit.");
    }

    [Fact]
    public async Task Created_201WithTheLocation()
    {
        var (status, headers, body) = await RunWithHeadersAsync(Outcome<string>.Created("abc").ToHttp(v => $"/things/{v}"));
        (status, headers.Location.ToString(), body.GetString()).ShouldBe((201, "/things/abc", "abc"));
    }
}
