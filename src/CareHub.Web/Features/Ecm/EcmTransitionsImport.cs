using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Exchange;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Ecm;

/// <summary>
/// Imports an admission/discharge feed (CSV, see <see cref="TransitionsCsv"/>). Members are matched by the plan's
/// member id or CIN among the members the caller may see. Each discharge creates a follow-up task due within the
/// plan's configured days, each admission a task to coordinate with the facility, for the assigned ECM provider
/// (or the plan when no provider works the case), through the case's writer. A file with any problem imports nothing; an event already
/// imported is skipped.
/// </summary>
public sealed class EcmTransitionsImport(CareHubDbContext db, EcmWriter writer, EcmLookups lookups)
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
            return Rejected(0, parsed.Problems);
        }

        var refs = parsed.Rows.Select(r => r.MemberRef).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => refs.Contains(m.PlanMemberId) || (m.Cin != null && refs.Contains(m.Cin)))
            .Select(m => new { m.Id, m.PlanId, m.PlanMemberId, m.Cin }).ToListAsync(ct);
        var byRef = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var m in members)
        {
            byRef.TryAdd(m.PlanMemberId, m.Id);
            if (m.Cin is not null)
            {
                byRef.TryAdd(m.Cin, m.Id);
            }
        }

        var unknown = parsed.Rows.Where(r => !byRef.ContainsKey(r.MemberRef))
            .Select(r => new CsvProblem(r.Line, "member_id", $"member_id \"{r.MemberRef}\" is not a member your organization can see (use the plan's member id or the CIN).")).ToList();
        if (unknown.Count > 0)
        {
            return Rejected(parsed.Rows.Count, unknown);
        }

        var memberIds = byRef.Values.Distinct().ToList();
        var cases = await db.Set<EcmCase>().AsNoTracking().Where(c => c.OpenMemberId != null && memberIds.Contains(c.MemberId)).ToDictionaryAsync(c => c.MemberId, ct);
        var existing = await db.Set<TransitionEvent>().AsNoTracking().Where(t => memberIds.Contains(t.MemberId))
            .Select(t => new { t.MemberId, t.Kind, t.EventDate, t.Facility }).ToListAsync(ct);
        var seen = existing.Select(e => (e.MemberId, e.Kind, e.EventDate, e.Facility.ToLowerInvariant())).ToHashSet();
        var settingsByPlan = new Dictionary<Guid, EcmPlanSettings>();
        var importId = Guid.CreateVersion7();
        var now = writer.Now;
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
                settings = await lookups.SettingsAsync(c.PlanId, ct);
                settingsByPlan[c.PlanId] = settings;
            }

            var owner = c.ProviderId is { } provider && c.Status.IsProviderStage() ? provider : c.PlanId;
            var discharge = row.Kind == "discharge";
            writer.AddTask(c, owner, discharge ? EcmTaskKind.DischargeFollowUp : EcmTaskKind.AdmissionNotice,
                discharge
                    ? $"Follow up within {settings.DischargeFollowUpDays} days of discharge from {row.Facility} on {row.EventDate:yyyy-MM-dd}"
                    : $"Admitted to {row.Facility} on {row.EventDate:yyyy-MM-dd}: coordinate with discharge planning",
                discharge ? EcmTaskSchedule.DischargeFollowUp(row.EventDate, settings) : EcmTaskSchedule.AdmissionNotice(row.EventDate));
            writer.AddEvent(c, EcmEventKind.Transition, $"{(discharge ? "Discharged from" : "Admitted to")} {row.Facility} on {row.EventDate:yyyy-MM-dd}");
            writer.Audit(EcmAuditActions.Transitions, memberId, "ecm_transition_events/" + importId, $"{row.Kind} {row.EventDate:yyyy-MM-dd} {row.Facility}");
            tasks++;
        }

        writer.Audit(EcmAuditActions.Transitions, null, target, $"import {importId}: rows={parsed.Rows.Count}; imported={imported}; duplicates={duplicates}; tasks={tasks}");
        await writer.SaveAsync(ct);
        return Outcome<ImportResult>.Ok(new ImportResult(parsed.Rows.Count, imported, duplicates, tasks, []));
    }

    /// <summary>The extension of a rejected file's outcome that lists every problem with its line and column (as
    /// <c>rejected</c> in the API's body, like the member files').</summary>
    public const string RejectedKey = "rejected";

    /// <summary>A file that imported nothing: Invalid, the problems one sentence per line under <c>file</c>, and each
    /// problem's line, column and reason under <see cref="RejectedKey"/>.</summary>
    private static Outcome<ImportResult> Rejected(int rows, IReadOnlyList<CsvProblem> problems)
    {
        var sentences = TransitionsCsv.Sentences(problems);
        return new Outcome<ImportResult>(OutcomeKind.Invalid, new ImportResult(rows, 0, 0, 0, sentences), string.Join(" ", sentences),
            new Dictionary<string, string[]> { ["file"] = [.. sentences] }, new Dictionary<string, object?> { [RejectedKey] = problems });
    }
}
