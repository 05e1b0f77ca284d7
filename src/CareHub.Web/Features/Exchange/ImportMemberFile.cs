using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Exchange;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Exchange;

/// <summary>One problem of a rejected file.</summary>
public sealed record RowRejection(int Line, string Column, string Reason);

/// <summary>What an applied RTF or OTF file did. <see cref="Rejected"/> is empty here and stays in the body for the
/// clients that read it; a rejected file is an Invalid outcome listing its problems (<see cref="ImportMemberFile.Rejected"/>).</summary>
public sealed record MemberFileResult(int Applied, int Unchanged, IReadOnlyList<RowRejection> Rejected)
{
    public bool Succeeded => Rejected.Count == 0;
}

/// <summary>
/// An ECM provider sends its Return Transmission File or Outreach Tracker File (layout version 1). Every row is
/// checked first (layout, vocabulary, dates, and that the member's case with a plan is assigned to the provider);
/// any problem rejects the whole file (Invalid) with each problem's line, column and reason. Otherwise each row is applied: an RTF row
/// replaces the provider's report for the member, an OTF row adds the attempt unless it is already there. A row
/// that matches what is stored counts as unchanged, so the same file twice changes nothing. Members are audited.
/// </summary>
public sealed class ImportMemberFile(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const string Rtf = "rtf";
    public const string Otf = "otf";

    /// <summary>The extension of a rejected file's outcome that lists every problem (as <c>rejected</c> in the API's body).</summary>
    public const string RejectedKey = "rejected";

    public async Task<Outcome<MemberFileResult>> HandleAsync(string kind, string text, CancellationToken ct)
    {
        if (db.Scope.OrganizationType != OrganizationType.EcmProvider || db.Scope.OrganizationId is not { } providerId)
        {
            return Outcome<MemberFileResult>.Forbidden("Only ECM provider staff send these files.");
        }

        return kind == Rtf ? await ImportRtfAsync(providerId, text, ct) : await ImportOtfAsync(providerId, text, ct);
    }

    /// <summary>A file that was not applied: Invalid, each problem under its column as "Line N: reason", the message
    /// naming the first, and the extensions <c>applied</c> and <c>unchanged</c> (0) and <c>rejected</c> (every
    /// problem's line, column and reason).</summary>
    public static Outcome<MemberFileResult> Rejected(IReadOnlyList<RowRejection> rejected)
    {
        var first = rejected[0];
        var errors = rejected.GroupBy(r => r.Column).ToDictionary(g => g.Key, g => g.Select(r => $"Line {r.Line}: {r.Reason}").ToArray());
        return Outcome<MemberFileResult>.Invalid(errors,
            $"The file was not applied: {rejected.Count} problem(s), first on line {first.Line}, column {first.Column}: {first.Reason}",
            new Dictionary<string, object?> { ["applied"] = 0, ["unchanged"] = 0, [RejectedKey] = rejected });
    }

    /// <summary>The problems of a rejected file (none for any other outcome).</summary>
    public static IReadOnlyList<RowRejection> Rejections(Outcome<MemberFileResult> outcome) =>
        outcome.Extensions?.GetValueOrDefault(RejectedKey) as IReadOnlyList<RowRejection> ?? [];

    private async Task<Outcome<MemberFileResult>> ImportRtfAsync(Guid providerId, string text, CancellationToken ct)
    {
        var (rows, problems) = MemberFiles.ReadRtf(text);
        var cases = await CasesAsync(providerId, rows.Select(r => r.MemberCin), ct);
        var rejected = Rejections(problems, rows.Select(r => (r.Line, r.MemberCin)), cases);
        if (rejected.Count > 0)
        {
            return Rejected(rejected);
        }

        var memberIds = cases.Values.Select(c => c.MemberId).ToList();
        var stored = await db.EcmReturnRecords.Where(r => r.ProviderId == providerId && memberIds.Contains(r.MemberId)).ToDictionaryAsync(r => r.MemberId, ct);
        int applied = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            var c = cases[row.MemberCin];
            if (!stored.TryGetValue(c.MemberId, out var record))
            {
                record = new EcmReturnRecord { MemberId = c.MemberId, ProviderId = providerId, PlanId = c.PlanId, EcmStatus = row.EcmStatus };
                db.EcmReturnRecords.Add(record);
                stored[c.MemberId] = record;
            }
            else if (Same(record, row, c.Id))
            {
                unchanged++;
                continue;
            }

            (record.CaseId, record.EcmStatus, record.EnrollmentStart, record.EnrollmentEnd, record.CarePlanDate, record.AssessmentDate, record.LeadCareManager) =
                (c.Id, row.EcmStatus, row.EnrollmentStart, row.EnrollmentEnd, row.CarePlanDate, row.AssessmentDate, row.LeadCareManager);
            (record.DiscontinuationDate, record.DiscontinuationReason, record.ReferralStatus, record.ReferralStatusDate, record.LoopClosureReason) =
                (row.DiscontinuationDate, row.DiscontinuationReason, row.ReferralStatus, row.ReferralStatusDate, row.LoopClosureReason);
            (record.UpdatedAt, record.UpdatedBy) = (now, db.Scope.UserName);
            applied++;
            audit.Add("exchange.rtf", c.MemberId, "/api/exchange/rtf", $"Return Transmission File line {row.Line}: {row.EcmStatus}.");
        }

        await db.SaveChangesAsync(ct);
        return Outcome<MemberFileResult>.Ok(new MemberFileResult(applied, unchanged, []));
    }

    private static bool Same(EcmReturnRecord r, RtfRow row, Guid caseId) =>
        r.CaseId == caseId && r.EcmStatus == row.EcmStatus && r.EnrollmentStart == row.EnrollmentStart && r.EnrollmentEnd == row.EnrollmentEnd
        && r.CarePlanDate == row.CarePlanDate && r.AssessmentDate == row.AssessmentDate && r.LeadCareManager == row.LeadCareManager
        && r.DiscontinuationDate == row.DiscontinuationDate && r.DiscontinuationReason == row.DiscontinuationReason && r.ReferralStatus == row.ReferralStatus
        && r.ReferralStatusDate == row.ReferralStatusDate && r.LoopClosureReason == row.LoopClosureReason;

    private async Task<Outcome<MemberFileResult>> ImportOtfAsync(Guid providerId, string text, CancellationToken ct)
    {
        var (rows, problems) = MemberFiles.ReadOtf(text);
        var cases = await CasesAsync(providerId, rows.Select(r => r.MemberCin), ct);
        var rejected = Rejections(problems, rows.Select(r => (r.Line, r.MemberCin)), cases);
        if (rejected.Count > 0)
        {
            return Rejected(rejected);
        }

        var memberIds = cases.Values.Select(c => c.MemberId).ToList();
        var stored = await db.EcmOutreachRecords.Where(r => r.ProviderId == providerId && memberIds.Contains(r.MemberId)).ToListAsync(ct);
        int applied = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            var c = cases[row.MemberCin];
            var record = stored.FirstOrDefault(r => r.MemberId == c.MemberId && r.AttemptDate == row.AttemptDate && r.Method == row.Method);
            if (record is not null && record.Successful == row.Successful && record.Minutes == row.Minutes)
            {
                unchanged++;
                continue;
            }

            if (record is null)
            {
                record = new EcmOutreachRecord { MemberId = c.MemberId, ProviderId = providerId, PlanId = c.PlanId, AttemptDate = row.AttemptDate, Method = row.Method };
                db.EcmOutreachRecords.Add(record);
                stored.Add(record);
            }

            (record.Successful, record.Minutes, record.ReportedAt, record.ReportedBy) = (row.Successful, row.Minutes, now, db.Scope.UserName);
            applied++;
            audit.Add("exchange.otf", c.MemberId, "/api/exchange/otf", $"Outreach Tracker File line {row.Line}: {row.Method} on {row.AttemptDate:yyyy-MM-dd}.");
        }

        await db.SaveChangesAsync(ct);
        return Outcome<MemberFileResult>.Ok(new MemberFileResult(applied, unchanged, []));
    }

    /// <summary>The provider's cases by member CIN (the latest assigned case of each member).</summary>
    private async Task<Dictionary<string, EcmCase>> CasesAsync(Guid providerId, IEnumerable<string> cins, CancellationToken ct)
    {
        var wanted = cins.Where(c => c.Length > 0).Distinct().ToList();
        var rows = await db.Set<EcmCase>().AsNoTracking().Where(c => c.ProviderId == providerId)
            .Join(db.Members.Where(m => m.Cin != null && wanted.Contains(m.Cin)), c => c.MemberId, m => m.Id, (c, m) => new { Case = c, m.Cin })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Cin!).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Case.AssignedAt).First().Case);
    }

    private static List<RowRejection> Rejections(IReadOnlyList<CsvProblem> problems, IEnumerable<(int Line, string Cin)> rows, Dictionary<string, EcmCase> cases)
    {
        var rejected = problems.Select(p => new RowRejection(p.Line, p.Column, p.Reason)).ToList();
        rejected.AddRange(rows.Where(r => r.Cin.Length > 0 && !cases.ContainsKey(r.Cin))
            .Select(r => new RowRejection(r.Line, "memberCin", $"'{r.Cin}' is not a member assigned to your organization for ECM.")));
        return [.. rejected.OrderBy(r => r.Line).Take(1000)];
    }
}
