using MiniExcelLibs;

namespace CareHub.Web.Features.Network;

/// <summary>The gap closure report as a workbook: one sheet of gaps (area, missing information, expected
/// documentation, due date, status) and one of check-ins (meetings held and due).</summary>
public static class GapReportExport
{
    public static async Task<byte[]> XlsxAsync(ApplicationView app, GapList gaps, CancellationToken ct)
    {
        var gapRows = gaps.Items.Select(g => new Dictionary<string, object>
        {
            ["Area"] = g.AreaTitle,
            ["Area code"] = g.AreaCode,
            ["Missing information"] = g.MissingInformation,
            ["Expected documentation"] = g.ExpectedDocumentation,
            ["Due date"] = g.DueDate.ToString("yyyy-MM-dd"),
            ["Status"] = g.Status,
            ["Overdue"] = g.Overdue ? "yes" : "no",
            ["Opened"] = g.OpenedAt.ToString("yyyy-MM-dd"),
            ["Closed"] = g.ClosedAt?.ToString("yyyy-MM-dd") ?? "",
        }).ToList();
        var meetings = gaps.CheckIns.Select(c => new Dictionary<string, object>
        {
            ["Due"] = c.DueDate.ToString("yyyy-MM-dd"),
            ["Held on"] = c.HeldOn?.ToString("yyyy-MM-dd") ?? "",
            ["Notes"] = c.Notes ?? "",
            ["Overdue"] = c.Overdue ? "yes" : "no",
        }).ToList();
        var summary = new List<Dictionary<string, object>>
        {
            new() { ["Field"] = "Provider", ["Value"] = app.ProviderName },
            new() { ["Field"] = "Plan", ["Value"] = app.PlanName },
            new() { ["Field"] = "Application status", ["Value"] = app.Status },
            new() { ["Field"] = "Open gaps", ["Value"] = gaps.Items.Count(g => g.Status == "open") },
            new() { ["Field"] = "Meetings held", ["Value"] = gaps.MeetingsHeld },
        };
        var sheets = new Dictionary<string, object>
        {
            ["Summary"] = summary,
            ["Gaps"] = gapRows.Count > 0 ? gapRows : [new() { ["Area"] = "No gaps" }],
            ["Check-ins"] = meetings.Count > 0 ? meetings : [new() { ["Due"] = "No check-ins scheduled" }],
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }
}
