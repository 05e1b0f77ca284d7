using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

public sealed record ProgramRequest(string? Program, DateOnly? Start, DateOnly? End, string? Source);

/// <summary>The plan records a member's enrollment in another program (hospice, PACE, a waiver...) for the ECM
/// exclusion checks.</summary>
public sealed class RecordProgramEnrollment(CareHubDbContext db, EcmWriter writer, EcmLookups lookups)
{
    public async Task<Outcome<Guid>> HandleAsync(Guid memberId, ProgramRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var codes = lookups.ProgramCodes();
        if (string.IsNullOrWhiteSpace(request.Program) || !codes.Contains(request.Program.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            errors["program"] = [$"program must be one of {string.Join(", ", codes)}."];
        }

        if (request.Start is null) { errors["start"] = ["start is required (yyyy-MM-dd)."]; }
        if (request.Start is { } start && request.End is { } end && end < start) { errors["end"] = [$"end {end:yyyy-MM-dd} is before start {start:yyyy-MM-dd}."]; }
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        if (!writer.Scope.IsUnrestricted && writer.Scope.OrganizationType != OrganizationType.Plan)
        {
            return Outcome<Guid>.Forbidden("Only the member's plan records other program enrollments.");
        }

        if (!await db.Members.AnyAsync(m => m.Id == memberId, ct))
        {
            return Outcome<Guid>.NotFound($"No member {memberId} is visible to your organization.");
        }

        var row = new MemberProgramEnrollment { MemberId = memberId, Program = request.Program!.Trim().ToLowerInvariant(), Start = request.Start!.Value, End = request.End, Source = EcmWriter.Clean(request.Source) };
        db.Add(row);
        writer.Audit(EcmAuditActions.Programs, memberId, "member_program_enrollments/" + row.Id, $"program={row.Program}; {row.Start:yyyy-MM-dd}..{row.End:yyyy-MM-dd}");
        await writer.SaveAsync(ct);
        return Outcome<Guid>.Created(row.Id);
    }
}
