using System.Linq.Expressions;
using CareHub.Common;
using CareHub.Ecm;
using CareHub.Referrals;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Access;

/// <summary>
/// Who takes part in a referral, as one query every channel (pages, JSON API, FHIR) starts from. Seeing the member is
/// not enough: a referral is visible to the organizations that take part in it (authorizing plan, referrer, CBO) and
/// to the member's current plan (so history follows the member); a CBO does not see another CBO's referral for the
/// same member. The rule itself is the <see cref="Referral"/> query filter of <see cref="CareHubDbContext"/>, so
/// every query of referrals and of their rows obeys it.
/// </summary>
public static class Participants
{
    /// <summary>The referrals the context's scope takes part in.</summary>
    public static IQueryable<Referral> ReferralsTakingPart(this CareHubDbContext db) => db.Referrals;

    /// <summary>
    /// The members the context's scope sees, written so the database starts from the plan's member index or from the
    /// organization's grants instead of testing every member against the scoping filter. The filter still applies
    /// underneath, so the rows are exactly the same: a plan's own members plus those granted to it, an ECM provider's
    /// or CBO's granted members (no member belongs to a provider's or CBO's id as its plan). Whether a plan holds a
    /// grant is asked of <paramref name="grants"/> (known for a second) or, without it, of the database.
    /// </summary>
    public static async Task<IQueryable<Members.Member>> MembersInViewAsync(this CareHubDbContext db, OrganizationGrants? grants, CancellationToken ct) =>
        db.MembersInView(await db.PlanReadingOwnMembersAsync(grants, ct));

    /// <summary>
    /// <see cref="MembersInViewAsync"/> for a caller that has asked <see cref="PlanReadingOwnMembersAsync"/> already
    /// (<paramref name="planReadingOwnMembers"/> is its answer for this context), so the question is asked once.
    /// </summary>
    public static IQueryable<Members.Member> MembersInView(this CareHubDbContext db, Guid? planReadingOwnMembers)
    {
        // Without grants the plan sees exactly its own members, which the scoping filter always lets through; reading
        // them without the filter lets the database count them from the plan index alone.
        if (planReadingOwnMembers is { } plan)
        {
            return _ownMembersOf(db, plan);
        }

        if (db.Scope.IsUnrestricted || db.Scope.OrganizationId is not { } org || db.Scope.OrganizationType == OrganizationType.Plan)
        {
            return db.Members;
        }

        var granted = db.MemberAccessGrants.Where(g => g.OrganizationId == org && g.RevokedAt == null);
        return db.Members.Where(m => granted.Any(g => g.MemberId == m.Id));
    }

    /// <summary>
    /// The plan that reads its own members without the filters, or null where the scoping filters must decide (another
    /// kind of organization, a plan holding a grant, the unrestricted scope). A plan holding no grant sees a member
    /// exactly when the member is its own, and so a referral exactly when the referral's member is its own: a query
    /// over <see cref="OwnMembersShape"/> or <see cref="OwnMemberNamesShape"/> needs no filter and reads each member
    /// once, for the name and the scope together.
    /// </summary>
    public static async Task<Guid?> PlanReadingOwnMembersAsync(this CareHubDbContext db, OrganizationGrants? grants, CancellationToken ct)
    {
        if (db.Scope.IsUnrestricted || db.Scope.OrganizationType != OrganizationType.Plan || db.Scope.OrganizationId is not { } org)
        {
            return null;
        }

        return await HoldsGrantAsync(db, org, grants, ct) ? null : org;
    }

    /// <summary>
    /// A plan's own members, without the scoping filters, as an expression for a query compiled once
    /// (<see cref="CompiledForEachModel"/>): only for the plan <see cref="PlanReadingOwnMembersAsync"/> gives. Its
    /// <c>IgnoreQueryFilters</c> turns the filters off for the whole query, so every other condition is the query's own
    /// to write.
    /// </summary>
    public static readonly Expression<Func<CareHubDbContext, Guid, IQueryable<Members.Member>>> OwnMembersShape =
        (db, plan) => db.Members.IgnoreQueryFilters().Where(m => m.PlanId == plan);

    /// <summary>The names of <see cref="OwnMembersShape"/>, for joining with the plan's rows in a query compiled once.</summary>
    public static readonly Expression<Func<CareHubDbContext, Guid, IQueryable<MemberName>>> OwnMemberNamesShape =
        (db, plan) => OwnMembersShape.Invoke(db, plan).Select(m => new MemberName { Id = m.Id, FirstName = m.FirstName, LastName = m.LastName });

    /// <summary>A plan's own members, without the scoping filters (for a plan holding no grant: exactly the members it sees).</summary>
    private static readonly Func<CareHubDbContext, Guid, IQueryable<Members.Member>> _ownMembersOf = OwnMembersShape.Compile();

    /// <summary>Whether the organization holds an open grant: as <paramref name="grants"/> knows, or as the database says.</summary>
    private static Task<bool> HoldsGrantAsync(CareHubDbContext db, Guid org, OrganizationGrants? grants, CancellationToken ct) =>
        grants is null ? OrganizationGrants.AnyOpenInDatabaseAsync(db, org, ct) : grants.AnyOpenAsync(db, org, ct);

    /// <summary>Members a CBO reaches through a referral it serves or made (FHIR Patient for a CBO).</summary>
    public static IQueryable<Members.Member> MembersReferredWith(this CareHubDbContext db, Guid? organizationId) =>
        db.Members.Where(m => db.Referrals.Any(r => r.MemberId == m.Id && (r.CboId == organizationId || r.ReferringOrganizationId == organizationId)));

    /// <summary>
    /// The ECM cases the context's scope takes part in: the case's plan, the ECM provider it is assigned to, and the
    /// member's current plan. Every change to a case starts here; the member query filter still applies underneath.
    /// </summary>
    public static IQueryable<EcmCase> EcmCasesTakingPart(this CareHubDbContext db)
    {
        if (db.Scope.IsUnrestricted)
        {
            return db.Set<EcmCase>();
        }

        var org = db.Scope.OrganizationId;
        return db.Set<EcmCase>().Where(c => c.PlanId == org || c.ProviderId == org || db.Members.Any(m => m.Id == c.MemberId && m.PlanId == org));
    }
}
