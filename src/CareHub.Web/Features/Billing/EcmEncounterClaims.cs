using System.Globalization;
using CareHub.Billing;
using CareHub.Common;
using CareHub.Data;
using CareHub.Ecm;
using CareHub.Exchange;
using CareHub.Members;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Web.Features.Billing;

/// <summary>One coded ECM encounter as the API shows it.</summary>
public sealed record EcmEncounterView(Guid CaseId, Guid MemberId, string? MemberCin, string Date, string Activity, string Mode, string Hcpcs,
    IReadOnlyList<string> Modifiers, int Units, bool Confirmed, string? Note, IReadOnlyList<string> Sources);

public sealed record EcmEncounterList(string From, string To, int Encounters, IReadOnlyList<EcmEncounterView> Items);

/// <summary>
/// ECM encounters for a period (service dates from..to, inclusive): the ECM provider's outreach attempts (recorded in
/// CareHub or reported on its Outreach Tracker File) and care management (completed assessments, care plan versions),
/// coded by <see cref="EcmEncounters"/> from the catalog's ECM coding table. An ECM provider gets its own, a plan the
/// encounters of its cases. As a list, or as an 837P file (one transaction per plan, the ECM provider as billing
/// provider, one claim per case, no charge: plans usually pay ECM per member per month and need the encounters
/// reported). Read-only apart from the audit entry each member gets.
/// </summary>
public sealed class EcmEncounterClaims(CareHubDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxDays = 366;

    public async Task<Outcome<EcmEncounterList>> ListAsync(string? fromText, string? toText, CancellationToken ct)
    {
        var (encounters, failure) = await LoadAsync(fromText, toText, "/api/billing/ecm-encounters", ct);
        if (failure is not null)
        {
            return failure.As<EcmEncounterList>();
        }

        var (from, to, list, members) = encounters!.Value;
        var items = list.Select(e => new EcmEncounterView(e.CaseId, e.MemberId, members.GetValueOrDefault(e.MemberId)?.Cin, e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Activity, e.Remote ? "remote" : "in-person", e.Code.Hcpcs, e.Code.Modifiers, e.Units, e.Code.Confirmed, e.Code.Confirmed ? null : e.Code.Note, e.Sources)).ToList();
        return Outcome<EcmEncounterList>.Ok(new EcmEncounterList(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            items.Sum(i => i.Units), items));
    }

    public async Task<Outcome<string>> ClaimFileAsync(string? fromText, string? toText, CancellationToken ct)
    {
        var (encounters, failure) = await LoadAsync(fromText, toText, "/api/billing/ecm-encounters/837p", ct);
        if (failure is not null)
        {
            return failure;
        }

        var (from, to, list, members) = encounters!.Value;
        var org = db.Scope.OrganizationId!.Value;
        var orgIds = list.Select(e => e.PlanId).Concat(list.Select(e => e.ProviderId)).Append(org).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        ClaimParty Party(Guid id) => orgs.TryGetValue(id, out var o)
            ? new ClaimParty(o.Name, ExportClaims.PartyId(o.Id, o.Npi), o.Npi ?? "0000000000", null, null, o.Counties.FirstOrDefault(), "CA", null)
            : new ClaimParty("UNKNOWN", ExportClaims.PartyId(id, null));

        var me = Party(org);
        var transactions = list.GroupBy(e => e.PlanId).Select(byPlan =>
        {
            var payer = Party(byPlan.Key);
            var providers = byPlan.GroupBy(e => e.ProviderId).Select(byProvider => new BillingProviderClaims(Party(byProvider.Key), payer,
                [.. byProvider.GroupBy(e => e.CaseId).Select(byCase =>
                {
                    var m = members[byCase.First().MemberId];
                    var subscriber = new ClaimSubscriber(m.Cin ?? m.PlanMemberId, m.LastName, m.FirstName, m.BirthDate, m.Sex, m.AddressLine, m.City, "CA", m.Zip);
                    return new ProfessionalClaim(EcmEncounters.ClaimNumber(byCase.Key), subscriber, [EcmEncounters.DefaultDiagnosis], null,
                        [.. byCase.Select(e => new ClaimServiceLine(EcmEncounters.LineControlNumber(e), e.Code.Hcpcs, e.Code.Modifiers, 0m, e.Units, e.Date, e.Date))]);
                })])).ToList();
            return new ClaimTransaction(me, payer, $"ECM{from:yyyyMMdd}{to:yyyyMMdd}", providers);
        }).ToList();

        var now = clock.GetUtcNow();
        var envelope = new X12Envelope(me.Id, transactions.Count == 1 ? transactions[0].Receiver.Id : "CAREHUB", now.ToUnixTimeSeconds(), now);
        return Outcome<string>.Ok(Claim837.Write(envelope, transactions));
    }

    private async Task<((DateOnly From, DateOnly To, IReadOnlyList<EcmEncounter> List, Dictionary<Guid, Member> Members)?, Outcome<string>?)> LoadAsync(
        string? fromText, string? toText, string target, CancellationToken ct)
    {
        var scope = db.Scope;
        if (scope.OrganizationType is not (OrganizationType.EcmProvider or OrganizationType.Plan) || scope.OrganizationId is not { } org)
        {
            return (null, Outcome<string>.Forbidden("ECM encounters are for ECM providers (their own) and plans (their cases)."));
        }

        if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return (null, Outcome<string>.Invalid("from", "Give the first service date of the period as YYYY-MM-DD."));
        }

        if (!DateOnly.TryParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            return (null, Outcome<string>.Invalid("to", "Give the last service date of the period as YYYY-MM-DD."));
        }

        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            return (null, Outcome<string>.Invalid("to", $"The period must end on or after {from:yyyy-MM-dd} and cover at most {MaxDays} days."));
        }

        var provider = scope.OrganizationType == OrganizationType.EcmProvider;
        var cases = db.Set<EcmCase>().AsNoTracking().Where(c => c.ProviderId != null && (provider ? c.ProviderId == org : c.PlanId == org));
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var attempts = await db.Set<OutreachAttempt>().AsNoTracking().Where(a => a.Date >= from && a.Date <= to)
            .Join(cases, a => a.CaseId, c => c.Id, (a, c) => new { a.CaseId, a.MemberId, c.PlanId, a.ProviderId, a.Date, a.Modality })
            .Where(a => !provider || a.ProviderId == org).ToListAsync(ct);
        var assessments = await db.Set<EcmAssessment>().AsNoTracking().Where(a => a.CompletedAt >= start && a.CompletedAt < end)
            .Join(cases, a => a.CaseId, c => c.Id, (a, c) => new { a.CaseId, a.MemberId, c.PlanId, ProviderId = c.ProviderId!.Value, a.CompletedAt }).ToListAsync(ct);
        var carePlans = await db.Set<CarePlanVersion>().AsNoTracking().Where(p => p.SavedAt >= start && p.SavedAt < end)
            .Join(cases, p => p.CaseId, c => c.Id, (p, c) => new { p.CaseId, p.MemberId, c.PlanId, ProviderId = c.ProviderId!.Value, p.SavedAt }).ToListAsync(ct);
        var reported = await db.EcmOutreachRecords.AsNoTracking().Where(r => r.AttemptDate >= from && r.AttemptDate <= to && (provider ? r.ProviderId == org : r.PlanId == org))
            .ToListAsync(ct);

        // An OTF row names the member, not the case: it belongs to the provider's case of that member with the plan.
        var reportedMembers = reported.Select(r => r.MemberId).Distinct().ToList();
        var caseOf = (await cases.Where(c => reportedMembers.Contains(c.MemberId)).Select(c => new { c.Id, c.MemberId, c.PlanId, c.ProviderId, c.AssignedAt }).ToListAsync(ct))
            .GroupBy(c => (c.MemberId, c.PlanId, c.ProviderId!.Value)).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.AssignedAt).First().Id);

        var activities = attempts.Select(a => new EcmActivity(a.CaseId, a.MemberId, a.PlanId, a.ProviderId, a.Date, EcmEncounterCoding.Outreach, a.Modality, EcmEncounters.FromOutreach))
            .Concat(reported.Where(r => caseOf.ContainsKey((r.MemberId, r.PlanId, r.ProviderId))).Select(r => new EcmActivity(caseOf[(r.MemberId, r.PlanId, r.ProviderId)], r.MemberId,
                r.PlanId, r.ProviderId, r.AttemptDate, EcmEncounterCoding.Outreach, r.Method, EcmEncounters.FromOutreachFile)))
            .Concat(assessments.Select(a => new EcmActivity(a.CaseId, a.MemberId, a.PlanId, a.ProviderId, DateOnly.FromDateTime(a.CompletedAt.UtcDateTime),
                EcmEncounterCoding.CareManagement, OutreachModality.InPerson, EcmEncounters.FromAssessment)))
            .Concat(carePlans.Select(p => new EcmActivity(p.CaseId, p.MemberId, p.PlanId, p.ProviderId, DateOnly.FromDateTime(p.SavedAt.UtcDateTime),
                EcmEncounterCoding.CareManagement, OutreachModality.InPerson, EcmEncounters.FromCarePlan)));
        var list = EcmEncounters.Build(activities, EcmEncounterCoding.Embedded);

        var memberIds = list.Select(e => e.MemberId).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        // A member the caller cannot see (an ended assignment) leaves no line behind.
        list = [.. list.Where(e => members.ContainsKey(e.MemberId))];
        foreach (var member in members.Keys)
        {
            audit.Add("billing.ecm-encounters", member, $"{target}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", "ECM encounters coded for the member.");
        }

        if (members.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return ((from, to, list, members), null);
    }
}
