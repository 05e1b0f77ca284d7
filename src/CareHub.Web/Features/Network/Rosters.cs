using CareHub.Common;
using CareHub.Data;
using CareHub.Network;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace CareHub.Web.Features.Network;

/// <summary>The state's ECM and Community Supports provider rosters by county, as of a date, from the plan's
/// contracts; every roster produced is recorded (what was sent, when, by whom).</summary>
public sealed class RosterBuilder(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public sealed record RosterFile(byte[] Content, string ContentType, string FileName, int Rows);

    public async Task<Outcome<RosterFile>> BuildAsync(string? kind, string? county, DateOnly? asOf, string? format, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (kind is not (RosterFormat.EcmKind or RosterFormat.CsKind))
        {
            errors["kind"] = [$"kind must be \"ecm\" or \"cs\"; got '{kind}'."];
        }

        format = string.IsNullOrEmpty(format) ? "csv" : format;
        if (format is not ("csv" or "xlsx"))
        {
            errors["format"] = [$"format must be \"csv\" or \"xlsx\"; got '{format}'."];
        }

        if (county is { Length: > 60 })
        {
            errors["county"] = ["county is at most 60 characters."];
        }

        if (errors.Count > 0)
        {
            return Outcome<RosterFile>.Invalid(errors);
        }

        var planId = db.Scope.OrganizationId!.Value;
        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = await RowsAsync(planId, kind!, string.IsNullOrWhiteSpace(county) ? null : county.Trim(), date, ct);
        var name = $"{kind}-provider-roster-{(string.IsNullOrWhiteSpace(county) ? "all-counties" : county.Trim().ToLowerInvariant().Replace(' ', '-'))}-{date:yyyy-MM-dd}.{format}";
        byte[] content;
        if (format == "csv")
        {
            content = System.Text.Encoding.UTF8.GetBytes(RosterFormat.ToCsv(rows));
        }
        else
        {
            var sheet = rows.Select(r =>
            {
                var values = RosterFormat.Values(r);
                var row = new Dictionary<string, object>();
                for (var i = 0; i < RosterFormat.Columns.Count; i++)
                {
                    row[RosterFormat.Columns[i]] = RosterFormat.Columns[i] == "capacity" ? r.Capacity : values[i];
                }

                return row;
            }).ToList();
            if (sheet.Count == 0)
            {
                sheet.Add(RosterFormat.Columns.ToDictionary(c => c, _ => (object)""));
            }

            using var stream = new MemoryStream();
            await stream.SaveAsAsync(sheet, sheetName: "Roster", excelType: ExcelType.XLSX, cancellationToken: ct);
            content = stream.ToArray();
        }

        db.Add(new RosterSubmission
        {
            PlanId = planId,
            Kind = kind!,
            County = string.IsNullOrWhiteSpace(county) ? null : county.Trim(),
            AsOf = date,
            Format = format,
            Rows = rows.Count,
            SentAt = clock.GetUtcNow(),
            SentBy = db.Scope.UserName,
        });
        audit.Add("network-roster.produce", null, "/api/network/rosters", $"kind={kind}; county={county}; asOf={date:yyyy-MM-dd}; rows={rows.Count}");
        await db.SaveChangesAsync(ct);
        return Outcome<RosterFile>.Ok(new RosterFile(content, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, rows.Count));
    }

    public async Task<IReadOnlyList<RosterRow>> RowsAsync(Guid planId, string kind, string? county, DateOnly asOf, CancellationToken ct)
    {
        var contracts = await db.Set<ProviderContract>().AsNoTracking()
            .Where(c => c.PlanId == planId && c.Start <= asOf && (c.End == null || c.End >= asOf) && (county == null || c.County == county)).ToListAsync(ct);
        contracts = kind == RosterFormat.EcmKind ? [.. contracts.Where(c => c.Populations.Count > 0)] : [.. contracts.Where(c => c.CommunitySupports.Count > 0)];
        var ids = contracts.Select(c => c.ProviderId).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var profiles = await db.Set<ProviderProfile>().AsNoTracking().Where(p => ids.Contains(p.OrganizationId)).ToDictionaryAsync(p => p.OrganizationId, ct);
        return [.. contracts.Select(c =>
            {
                var o = orgs[c.ProviderId];
                var p = profiles.GetValueOrDefault(c.ProviderId);
                return new RosterRow(o.Name, o.Npi, p?.Tin, c.County, p?.ProviderType ?? "other",
                    kind == RosterFormat.EcmKind ? c.Populations : [], kind == RosterFormat.CsKind ? c.CommunitySupports : [], c.Capacity, c.Start, c.End);
            })
            .OrderBy(r => r.County, StringComparer.Ordinal).ThenBy(r => r.ProviderName, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<RosterSubmission>> HistoryAsync(CancellationToken ct)
    {
        var planId = db.Scope.OrganizationId;
        return await db.Set<RosterSubmission>().AsNoTracking().Where(r => r.PlanId == planId).OrderByDescending(r => r.SentAt).Take(200).ToListAsync(ct);
    }
}
