using System.Globalization;
using System.Text;
using CareHub.Data;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Identification;

/// <summary>
/// Writes one plan's members, enrollment spans and claims from the database as plan-data CSV files
/// (docs/plan-data-format.md), so the identification engine evaluates database members exactly as it evaluates a
/// plan's own extract. Streams rows; member ids are the plan's own member ids.
/// </summary>
public sealed class PlanDataExport(CareHubDbContext db)
{
    public sealed record ExportedMember(Guid Id, string County, string? HealthNetwork, bool IsDual);

    /// <summary>The data rows written so far, all files together (headers not counted).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes the files into <paramref name="directory"/> and returns plan member id → member.</summary>
    public async Task<Dictionary<string, ExportedMember>> WriteAsync(Guid planId, string directory, CancellationToken ct)
    {
        var members = new Dictionary<string, ExportedMember>(StringComparer.Ordinal);
        var idToPlanMemberId = new Dictionary<Guid, string>();
        await using (var w = Writer(directory, "members.csv"))
        {
            await w.WriteLineAsync("member_id,birth_date,death_date,first_name,last_name,sex,race,ethnicity,cin");
            await foreach (var m in db.Members.AsNoTracking().Where(m => m.PlanId == planId).OrderBy(m => m.PlanMemberId).AsAsyncEnumerable().WithCancellation(ct))
            {
                members[m.PlanMemberId] = new ExportedMember(m.Id, m.County, m.HealthNetwork, m.IsDual);
                idToPlanMemberId[m.Id] = m.PlanMemberId;
                var (race, ethnicity) = RaceEthnicity(m.RaceEthnicity);
                await w.WriteLineAsync(Csv(m.PlanMemberId, Date(m.BirthDate), Date(m.DeathDate), m.FirstName, m.LastName, m.Sex is "F" or "M" ? m.Sex : "", race, ethnicity, m.Cin));
                RowsWritten++;
            }
        }

        await using (var w = Writer(directory, "enrollment.csv"))
        {
            await w.WriteLineAsync("member_id,start_date,end_date,county,health_network,dual,aid_code");
            await foreach (var e in db.EnrollmentSpans.AsNoTracking().Where(e => e.PlanId == planId).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (idToPlanMemberId.TryGetValue(e.MemberId, out var pmi))
                {
                    await w.WriteLineAsync(Csv(pmi, Date(e.Start), Date(e.End), e.County, e.HealthNetwork, e.IsDual ? "Y" : "N", e.AidCode));
                    RowsWritten++;
                }
            }
        }

        await using (var w = Writer(directory, "claims.csv"))
        {
            await w.WriteLineAsync("claim_id,line,member_id,service_from,service_to,claim_type,place_of_service,revenue_code,type_of_bill,admission_type,procedure_code,paid_amount,diagnosis_1");
            var planMembers = db.Members.Where(m => m.PlanId == planId).Select(m => m.Id);
            await foreach (var e in db.Encounters.AsNoTracking().Where(e => planMembers.Contains(e.MemberId)).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (!idToPlanMemberId.TryGetValue(e.MemberId, out var pmi))
                {
                    continue;
                }

                var (type, pos, revenue, bill, admission, procedure) = ClaimShape(e.EncounterClass);
                await w.WriteLineAsync(Csv(e.SourceId, "1", pmi, Date(e.ServiceDate), Date(e.EndDate ?? e.ServiceDate), type, pos, revenue, bill, admission, procedure,
                    e.PaidAmount.ToString("0.00", CultureInfo.InvariantCulture), e.PrimaryDiagnosis));
                RowsWritten++;
            }
        }

        return members;
    }

    /// <summary>How an encounter class is billed: emergency visits on revenue code 0450 at place of service 23,
    /// unplanned admissions on a 111 bill with emergency admission type, skilled nursing on a 211 bill.</summary>
    private static (string Type, string Pos, string Revenue, string Bill, string Admission, string Procedure) ClaimShape(string encounterClass) => encounterClass switch
    {
        "emergency" => ("institutional", "23", "0450", "131", "", "99284"),
        "inpatient" => ("institutional", "21", "0120", "111", "1", ""),
        "snf" => ("institutional", "31", "0191", "211", "", ""),
        "wellness" => ("professional", "11", "", "", "", "99395"),
        _ => ("professional", "11", "", "", "", "99213"),
    };

    private static (string Race, string Ethnicity) RaceEthnicity(string? text) => text switch
    {
        "Hispanic or Latino" => ("other", "hispanic"),
        "White" => ("white", "not-hispanic"),
        "Black or African American" => ("black", "not-hispanic"),
        "Asian" => ("asian", "not-hispanic"),
        "American Indian or Alaska Native" => ("american-indian-alaska-native", "not-hispanic"),
        "Native Hawaiian or Pacific Islander" => ("pacific-islander", "not-hispanic"),
        null or "" => ("", ""),
        _ => ("other", "unknown"),
    };

    private static StreamWriter Writer(string directory, string name) =>
        new(Path.Combine(directory, name), false, new UTF8Encoding(false), 1 << 16);

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Csv(params string?[] fields) => string.Join(',', fields.Select(Escape));

    private static string Escape(string? f) =>
        f is null ? "" : f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f;
}
