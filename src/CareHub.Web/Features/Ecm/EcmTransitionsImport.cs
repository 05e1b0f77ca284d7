using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Members;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>
/// Imports an admission/discharge feed (CSV, see <see cref="TransitionsCsv"/>). Members are matched by the plan's
/// member id or CIN among the members the caller may see. Each discharge creates a follow-up task due within the
/// plan's configured days, each admission a task to coordinate with the facility, for the assigned ECM provider
/// (or the plan when no provider works the case). A file with any problem imports nothing; an event already
/// imported is skipped.
/// </summary>
public sealed class EcmTransitionsImport(CareHubDbContext db, AuditTrail audit, TimeProvider clock, EcmCaseService service)
{
    public async Task<Outcome<ImportResult>> ImportAsync(string csv, string target, CancellationToken ct = default)
    {
        if (db.Scope.OrganizationType is not (OrganizationType.Plan or OrganizationType.EcmProvider))
        {
            return Outcome<ImportResult>.Forbidden("Only plans and ECM providers import admission and discharge events.");
        }

        var parsed = TransitionsCsv.Parse(csv);
        if (!parsed.Ok)
        {
            return new Outcome<ImportResult>(OutcomeKind.Invalid, new ImportResult(0, 0, 0, 0, parsed.Errors), string.Join(" ", parsed.Errors),
                new Dictionary<string, string[]> { ["file"] = [.. parsed.Errors] });
        }

        var refs = parsed.Rows.Select(r => r.MemberRef).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => refs.Contains(m.PlanMemberId) || (m.Cin != null && refs.Contains(m.Cin)))
            .Select(m => new { m.Id, m.PlanId, m.PlanMemberId, m.Cin, m.LastName, m.FirstName }).ToListAsync(ct);
        var sortNames = members.DistinctBy(m => m.Id).ToDictionary(m => m.Id, m => Member.SortName(m.LastName, m.FirstName));
        var byRef = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            byRef.TryAdd(m.PlanMemberId, m.Id);
            if (m.Cin is not null)
            {
                byRef.TryAdd(m.Cin, m.Id);
            }
        }

        var errors = parsed.Rows.Where(r => !byRef.ContainsKey(r.MemberRef))
            .Select(r => $"Line {r.Line}: member_id \"{r.MemberRef}\" is not a member your organization can see (use the plan's member id or the CIN).").ToList();
        if (errors.Count > 0)
        {
            return new Outcome<ImportResult>(OutcomeKind.Invalid, new ImportResult(parsed.Rows.Count, 0, 0, 0, errors), string.Join(" ", errors),
                new Dictionary<string, string[]> { ["file"] = [.. errors] });
        }

        var memberIds = byRef.Values.Distinct().ToList();
        var cases = await db.Set<EcmCase>().AsNoTracking().Where(c => c.OpenMemberId != null && memberIds.Contains(c.MemberId)).ToDictionaryAsync(c => c.MemberId, ct);
        var existing = await db.Set<TransitionEvent>().AsNoTracking().Where(t => memberIds.Contains(t.MemberId))
            .Select(t => new { t.MemberId, t.Kind, t.EventDate, t.Facility }).ToListAsync(ct);
        var seen = existing.Select(e => (e.MemberId, e.Kind, e.EventDate, e.Facility.ToLowerInvariant())).ToHashSet();
        var settingsByPlan = new Dictionary<Guid, EcmPlanSettings>();
        var importId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        int imported = 0, duplicates = 0, tasks = 0;
        foreach (var row in parsed.Rows)
        {
            var memberId = byRef[row.MemberRef];
            if (!seen.Add((memberId, row.Kind, row.EventDate, row.Facility.ToLowerInvariant())))
            {
                duplicates++;
                continue;
            }

            var c = cases.GetValueOrDefault(memberId);
            db.Add(new TransitionEvent
            {
                MemberId = memberId,
                CaseId = c?.Id,
                Kind = row.Kind,
                EventDate = row.EventDate,
                Facility = row.Facility,
                FacilityType = row.FacilityType,
                Diagnosis = row.Diagnosis,
                ImportId = importId,
                ImportedAt = now,
            });
            imported++;
            if (c is null)
            {
                continue;
            }

            if (!settingsByPlan.TryGetValue(c.PlanId, out var settings))
            {
                settings = await service.SettingsAsync(c.PlanId, ct);
                settingsByPlan[c.PlanId] = settings;
            }

            var owner = c.ProviderId is { } provider && c.Status.IsProviderStage() ? provider : c.PlanId;
            var discharge = row.Kind == "discharge";
            db.Add(new EcmTask
            {
                CaseId = c.Id,
                MemberId = memberId,
                OrganizationId = owner,
                MemberSortName = sortNames[memberId],
                Kind = discharge ? EcmTaskKind.DischargeFollowUp : EcmTaskKind.AdmissionNotice,
                Title = discharge
                    ? $"Follow up within {settings.DischargeFollowUpDays} days of discharge from {row.Facility} on {row.EventDate:yyyy-MM-dd}"
                    : $"Admitted to {row.Facility} on {row.EventDate:yyyy-MM-dd}: coordinate with discharge planning",
                DueDate = discharge ? EcmDueDates.DischargeFollowUp(row.EventDate, settings) : row.EventDate.AddDays(1),
                CreatedAt = now,
            });
            db.Add(new EcmCaseEvent
            {
                CaseId = c.Id,
                MemberId = memberId,
                At = now,
                Status = c.Status,
                Kind = EcmEventKind.Transition,
                By = db.Scope.UserName,
                Detail = $"{(discharge ? "Discharged from" : "Admitted to")} {row.Facility} on {row.EventDate:yyyy-MM-dd}",
            });
            audit.Add(EcmAuditActions.Transitions, memberId, "ecm_transition_events/" + importId, $"{row.Kind} {row.EventDate:yyyy-MM-dd} {row.Facility}");
            tasks++;
        }

        audit.Add(EcmAuditActions.Transitions, null, target, $"import {importId}: rows={parsed.Rows.Count}; imported={imported}; duplicates={duplicates}; tasks={tasks}");
        await db.SaveChangesAsync(ct);
        return Outcome<ImportResult>.Ok(new ImportResult(parsed.Rows.Count, imported, duplicates, tasks, []));
    }
}
