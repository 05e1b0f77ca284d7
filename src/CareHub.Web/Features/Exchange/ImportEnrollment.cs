using CareHub.Common;
using CareHub.Data;
using CareHub.Exchange;
using CareHub.Members;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Exchange;

public sealed record EnrollmentImportResult(int Added, int Changed, int Terminated, int Unchanged);

/// <summary>
/// A plan loads an 834 (005010X220A1). Each member loop is matched on its member id (REF*0F) to the member's CIN or
/// the plan's member id: an addition (021, or 025/030) creates the member and an enrollment span with the plan or
/// brings them up to date, a change (001) updates name, birth date, sex, address and county, a termination (024)
/// ends the span on DTP*349. A malformed file, or a change or termination for a member the plan does not have,
/// rejects the whole file naming the segment; nothing is applied. Loading the same file again changes nothing.
/// </summary>
public sealed class ImportEnrollment(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<Outcome<EnrollmentImportResult>> HandleAsync(string text, CancellationToken ct)
    {
        if (db.Scope.OrganizationType != OrganizationType.Plan || db.Scope.OrganizationId is not { } planId)
        {
            return Outcome<EnrollmentImportResult>.Forbidden("Only a plan loads enrollment (834) files.");
        }

        var (records, error) = Enrollment834.Read(text);
        if (error is not null)
        {
            return Malformed(error);
        }

        var ids = records.Select(r => r.MemberId).Distinct().ToList();
        // A member the state enrolls with this plan may have been with another plan before: look them up by CIN.
        var members = await db.Members.IgnoreQueryFilters().Where(m => (m.Cin != null && ids.Contains(m.Cin)) || (m.PlanId == planId && ids.Contains(m.PlanMemberId)))
            .ToListAsync(ct);
        var memberIds = members.Select(m => m.Id).ToList();
        var spans = (await db.EnrollmentSpans.IgnoreQueryFilters().Where(s => memberIds.Contains(s.MemberId) && s.PlanId == planId).ToListAsync(ct))
            .GroupBy(s => s.MemberId).ToDictionary(g => g.Key, g => g.ToList());
        // Looked up by id so a file of many thousand members stays linear.
        var byCin = members.Where(m => m.Cin != null).GroupBy(m => m.Cin!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byPlanMemberId = members.Where(m => m.PlanId == planId).GroupBy(m => m.PlanMemberId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        int added = 0, changed = 0, terminated = 0, unchanged = 0;
        foreach (var r in records)
        {
            var member = byCin.GetValueOrDefault(r.MemberId) ?? byPlanMemberId.GetValueOrDefault(r.MemberId);
            var ins = $"INS*{(r.MaintenanceType)}";
            switch (r.MaintenanceType)
            {
                case MaintenanceTypes.Addition or MaintenanceTypes.Reinstatement or MaintenanceTypes.AuditOrCompare:
                    if (member is null)
                    {
                        if (r.County is null)
                        {
                            return Malformed(new X12Error(r.SegmentNumber, ins, $"the addition of member {r.MemberId} has no county (N4 with N405 CY and N406 the FIPS code)."));
                        }

                        if (r.BirthDate is null)
                        {
                            return Malformed(new X12Error(r.SegmentNumber, ins, $"the addition of member {r.MemberId} has no DMG (birth date and sex)."));
                        }

                        member = new Member
                        {
                            PlanId = planId,
                            PlanMemberId = r.MemberId,
                            Cin = r.MemberId,
                            FirstName = r.FirstName,
                            LastName = r.LastName,
                            BirthDate = r.BirthDate.Value,
                            Sex = r.Sex ?? "U",
                            County = r.County,
                            AddressLine = r.Address,
                            City = r.City,
                            Zip = r.Zip,
                            CreatedAt = now,
                        };
                        db.Members.Add(member);
                        byCin[r.MemberId] = member;
                        byPlanMemberId[r.MemberId] = member;
                        var span = new EnrollmentSpan { MemberId = member.Id, PlanId = planId, County = r.County, Start = r.CoverageStart!.Value, End = r.CoverageEnd };
                        db.EnrollmentSpans.Add(span);
                        spans[member.Id] = [span];
                        added++;
                        audit.Add("enrollment.834", member.Id, "/api/enrollment/834", $"Added from the 834 (segment {r.SegmentNumber}).");
                        continue;
                    }

                    var updated = Update(member, r, planId);
                    var spanChanged = r.CoverageStart is { } start && UpsertSpan(spans, member, planId, start, r.CoverageEnd, r.County ?? member.County);
                    Count(updated || spanChanged, ref changed, ref unchanged, member, r);
                    break;
                case MaintenanceTypes.Change:
                    if (member is null)
                    {
                        return Malformed(new X12Error(r.SegmentNumber, ins, $"a change for member {r.MemberId}, whom your plan does not have; send an addition (021) first."));
                    }

                    var c1 = Update(member, r, planId);
                    var c2 = r.CoverageStart is { } s2 && UpsertSpan(spans, member, planId, s2, r.CoverageEnd, r.County ?? member.County);
                    Count(c1 || c2, ref changed, ref unchanged, member, r);
                    break;
                case MaintenanceTypes.Termination:
                    if (member is null)
                    {
                        return Malformed(new X12Error(r.SegmentNumber, ins, $"a termination for member {r.MemberId}, whom your plan does not have."));
                    }

                    var end = r.CoverageEnd!.Value;
                    var open = spans.GetValueOrDefault(member.Id, []).Where(s => s.Start <= end).OrderByDescending(s => s.Start).FirstOrDefault();
                    if (open is null)
                    {
                        return Malformed(new X12Error(r.SegmentNumber, ins, $"member {r.MemberId} has no enrollment with your plan that starts on or before {end:yyyy-MM-dd}."));
                    }

                    if (open.End == end)
                    {
                        unchanged++;
                    }
                    else
                    {
                        open.End = end;
                        terminated++;
                        audit.Add("enrollment.834", member.Id, "/api/enrollment/834", $"Enrollment ended {end:yyyy-MM-dd} by the 834 (segment {r.SegmentNumber}).");
                    }

                    break;
            }
        }

        await db.SaveChangesAsync(ct);
        return Outcome<EnrollmentImportResult>.Ok(new EnrollmentImportResult(added, changed, terminated, unchanged));
    }

    private void Count(bool didChange, ref int changed, ref int unchanged, Member member, EnrollmentRecord r)
    {
        if (didChange)
        {
            changed++;
            audit.Add("enrollment.834", member.Id, "/api/enrollment/834", $"Updated from the 834 ({MaintenanceTypes.Describe(r.MaintenanceType)}, segment {r.SegmentNumber}).");
        }
        else
        {
            unchanged++;
        }
    }

    /// <summary>Copies what the record says onto the member; true when anything changed.</summary>
    private static bool Update(Member m, EnrollmentRecord r, Guid planId)
    {
        var before = (m.PlanId, m.FirstName, m.LastName, m.BirthDate, m.Sex, m.County, m.AddressLine, m.City, m.Zip);
        m.PlanId = planId;
        m.FirstName = r.FirstName.Length > 0 ? r.FirstName : m.FirstName;
        m.LastName = r.LastName;
        m.BirthDate = r.BirthDate ?? m.BirthDate;
        m.Sex = r.Sex ?? m.Sex;
        m.County = r.County ?? m.County;
        m.AddressLine = r.Address ?? m.AddressLine;
        m.City = r.City ?? m.City;
        m.Zip = r.Zip ?? m.Zip;
        return before != (m.PlanId, m.FirstName, m.LastName, m.BirthDate, m.Sex, m.County, m.AddressLine, m.City, m.Zip);
    }

    /// <summary>The plan's span starting on <paramref name="start"/>: created, or its end and county brought up to date.</summary>
    private bool UpsertSpan(Dictionary<Guid, List<EnrollmentSpan>> spans, Member member, Guid planId, DateOnly start, DateOnly? end, string county)
    {
        if (!spans.TryGetValue(member.Id, out var own))
        {
            spans[member.Id] = own = [];
        }

        var span = own.FirstOrDefault(s => s.Start == start);
        if (span is null)
        {
            span = new EnrollmentSpan { MemberId = member.Id, PlanId = planId, County = county, Start = start, End = end };
            db.EnrollmentSpans.Add(span);
            own.Add(span);
            return true;
        }

        if (span.End == end && span.County == county)
        {
            return false;
        }

        span.End = end;
        span.County = county;
        return true;
    }

    private static Outcome<EnrollmentImportResult> Malformed(X12Error e) => FileProblems.X12<EnrollmentImportResult>(e, "The 834 was not applied.");
}
