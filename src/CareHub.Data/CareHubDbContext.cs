using System.Linq.Expressions;
using System.Reflection;
using CareHub.Audit;
using CareHub.Billing;
using CareHub.Catalog;
using CareHub.Common;
using CareHub.Data.Identity;
using CareHub.Ecm;
using CareHub.Identification.Runs;
using CareHub.Members;
using CareHub.Network;
using CareHub.Organizations;
using CareHub.Referrals;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data;

/// <summary>
/// The one database context. Organization scoping lives here as query filters, and each grant opens only what its
/// reason needs (minimum necessary):
/// <list type="bullet">
/// <item>a <see cref="Member"/> (identity and contact) is visible to the plan that enrolls it and to organizations
/// holding any open <see cref="MemberAccessGrant"/>;</item>
/// <item>a <see cref="Referral"/> and the rows that belong to it (documents, status history, authorizations,
/// services, extensions) are visible to the organizations taking part in it (authorizing plan, referrer, CBO) and
/// to the member's current plan, while the member is visible to them: a referral grant opens nothing else;</item>
/// <item>every other <see cref="IMemberData"/> row (the ECM record, claims and encounters, enrollment,
/// identification, exchange files, authorizations learned of from elsewhere) is visible to the member's plan and
/// to an organization holding an open ECM assignment grant, never through a referral grant.</item>
/// </list>
/// Provider-specific subclasses carry the migrations for SQLite and PostgreSQL.
/// </summary>
public abstract class CareHubDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    private IAccessScope? _scope;

    /// <summary>
    /// Whose data the context reads and writes. Set once when the context is handed out (contexts are pooled and
    /// serve one request at a time); cleared when it is given back, so a context without a caller reads nothing.
    /// </summary>
    public IAccessScope Scope
    {
        get => _scope ?? throw new InvalidOperationException("The database context was used without an access scope.");
        set => _scope = _scope is null ? value : throw new InvalidOperationException("The database context already has an access scope.");
    }

    /// <summary>What this app knows of organizations' grants, told of the grants this context saves (none for a
    /// context made outside the app's services).</summary>
    public Access.OrganizationGrants? Grants { get; set; }

    // Read by the query filters on every query (EF parameterizes context members).
    private bool ScopeIsUnrestricted => Scope.IsUnrestricted;
    private Guid? ScopeOrganizationId => Scope.OrganizationId;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Member> Members => Set<Member>();

    /// <summary>Members' names without the member filter: only for joining with rows a filter admitted (<see cref="Access.MemberName"/>).</summary>
    public IQueryable<Access.MemberName> MemberNamesOfAdmittedRows => Set<Access.MemberName>().AsNoTracking();

    public DbSet<EnrollmentSpan> EnrollmentSpans => Set<EnrollmentSpan>();
    public DbSet<Encounter> Encounters => Set<Encounter>();
    public DbSet<MemberAccessGrant> MemberAccessGrants => Set<MemberAccessGrant>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<PlanOfferingRecord> PlanOfferings => Set<PlanOfferingRecord>();
    public DbSet<CatalogRelease> CatalogReleases => Set<CatalogRelease>();
    public DbSet<IdentificationRunRecord> IdentificationRuns => Set<IdentificationRunRecord>();
    public DbSet<DeterminationRecord> Determinations => Set<DeterminationRecord>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ServiceAuthorization> ServiceAuthorizations => Set<ServiceAuthorization>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();
    public DbSet<Exchange.EcmReturnRecord> EcmReturnRecords => Set<Exchange.EcmReturnRecord>();
    public DbSet<Exchange.EcmOutreachRecord> EcmOutreachRecords => Set<Exchange.EcmOutreachRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CareHubDbContext).Assembly);

        // The filters look a row's grant or member up as "the first matching row, if any" rather than EXISTS: PostgreSQL
        // may turn a correlated EXISTS into a hash of every row the subquery could match, built on every query, and
        // chose to for a page of 25 tasks (the provider's 24,000 grants hashed in 18 ms of a 27 ms query); a lookup
        // per row reads one index entry and stops where the page does.
        builder.Entity<Member>().HasQueryFilter(m =>
            ScopeIsUnrestricted
            || m.PlanId == ScopeOrganizationId
            || MemberAccessGrants.Where(g => g.MemberId == m.Id && g.OrganizationId == ScopeOrganizationId && g.RevokedAt == null).Select(g => (int?)1).FirstOrDefault() != null);

        // An invoice is the CBO's; its lines are seen by the CBO and by the plan each line is billed to.
        builder.Entity<Invoice>().HasQueryFilter(i =>
            ScopeIsUnrestricted || i.CboId == ScopeOrganizationId || i.Lines.Any(l => l.PlanId == ScopeOrganizationId));
        builder.Entity<InvoiceLine>().HasQueryFilter(l => ScopeIsUnrestricted || l.CboId == ScopeOrganizationId || l.PlanId == ScopeOrganizationId);
        // Provider network: a provider sees its own letters, applications and files; a plan those addressed or
        // shared to it.
        builder.Entity<LetterOfInterest>().HasQueryFilter(l =>
            ScopeIsUnrestricted
            || l.ProviderId == ScopeOrganizationId
            || Set<LetterResponse>().Any(r => r.LetterId == l.Id && r.PlanId == ScopeOrganizationId));
        builder.Entity<NetworkApplication>().HasQueryFilter(a =>
            ScopeIsUnrestricted
            || a.ProviderId == ScopeOrganizationId
            || a.PlanId == ScopeOrganizationId
            || Set<ApplicationShare>().Any(s => s.ApplicationId == a.Id && s.PlanId == ScopeOrganizationId));
        builder.Entity<EvidenceFile>().HasQueryFilter(f => ScopeIsUnrestricted || Set<NetworkApplication>().Any(a => a.Id == f.ApplicationId));
        // A plan's Model of Care (deliverables, go-live schedule, their history) is the plan's alone.
        builder.Entity<ModelOfCareItem>().HasQueryFilter(m => ScopeIsUnrestricted || m.PlanId == ScopeOrganizationId);
        builder.Entity<GoLiveEntry>().HasQueryFilter(g => ScopeIsUnrestricted || g.PlanId == ScopeOrganizationId);
        builder.Entity<ModelOfCareEvent>().HasQueryFilter(e => ScopeIsUnrestricted || e.PlanId == ScopeOrganizationId);

        // A referral is seen by those taking part in it (and the member's current plan, so history follows the
        // member); its rows are seen exactly when it is.
        builder.Entity<Referral>().HasQueryFilter(r =>
            ScopeIsUnrestricted
            || Members.Any(m => m.Id == r.MemberId
                && (m.PlanId == ScopeOrganizationId || r.PlanId == ScopeOrganizationId || r.ReferringOrganizationId == ScopeOrganizationId || r.CboId == ScopeOrganizationId)));
        builder.Entity<ReferralDocument>().HasQueryFilter(d => ScopeIsUnrestricted || Referrals.Where(r => r.Id == d.ReferralId).Select(r => (int?)1).FirstOrDefault() != null);
        builder.Entity<ReferralStatusChange>().HasQueryFilter(c => ScopeIsUnrestricted || Referrals.Where(r => r.Id == c.ReferralId).Select(r => (int?)1).FirstOrDefault() != null);
        builder.Entity<ServiceDelivery>().HasQueryFilter(d => ScopeIsUnrestricted || Referrals.Where(r => r.Id == d.ReferralId).Select(r => (int?)1).FirstOrDefault() != null);
        builder.Entity<ExtensionRequest>().HasQueryFilter(x => ScopeIsUnrestricted || Referrals.Where(r => r.Id == x.ReferralId).Select(r => (int?)1).FirstOrDefault() != null);
        builder.Entity<ServiceAuthorization>().HasQueryFilter(a =>
            ScopeIsUnrestricted
            || (a.ReferralId != null && Referrals.Where(r => r.Id == a.ReferralId).Select(r => (int?)1).FirstOrDefault() != null)
            || (a.ReferralId == null && (Members.Where(m => m.Id == a.MemberId && m.PlanId == ScopeOrganizationId).Select(m => (int?)1).FirstOrDefault() != null
                || MemberAccessGrants.Where(g => g.MemberId == a.MemberId && g.OrganizationId == ScopeOrganizationId && g.RevokedAt == null && g.Reason == Access.MemberAccessGrants.EcmAssignment)
                    .Select(g => (int?)1).FirstOrDefault() != null)));

        var apply = typeof(CareHubDbContext).GetMethod(nameof(ApplyMemberRecordFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IMemberData).IsAssignableFrom(e.ClrType) && !_referralData.Contains(e.ClrType)))
        {
            apply.MakeGenericMethod(entity.ClrType).Invoke(this, [builder]);
        }
    }

    /// <summary>The member data a referral grant opens (filtered above through their referral).</summary>
    private static readonly HashSet<Type> _referralData =
        [typeof(Referral), typeof(ReferralDocument), typeof(ReferralStatusChange), typeof(ServiceDelivery), typeof(ExtensionRequest), typeof(ServiceAuthorization)];

    /// <summary>The member's record: the plan's, and the assigned ECM provider's through its grant.</summary>
    private void ApplyMemberRecordFilter<T>(ModelBuilder builder)
        where T : class, IMemberData
    {
        Expression<Func<T, bool>> filter = e =>
            ScopeIsUnrestricted
            || Members.Where(m => m.Id == e.MemberId && m.PlanId == ScopeOrganizationId).Select(m => (int?)1).FirstOrDefault() != null
            || MemberAccessGrants.Where(g => g.MemberId == e.MemberId && g.OrganizationId == ScopeOrganizationId && g.RevokedAt == null && g.Reason == Access.MemberAccessGrants.EcmAssignment)
                .Select(g => (int?)1).FirstOrDefault() != null;
        builder.Entity<T>().HasQueryFilter(filter);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        KeepTaskSortNamesAsync(sync: true, default).GetAwaiter().GetResult();
        var granted = OrganizationsGranted();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        Grants?.Forget(granted);
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        await KeepTaskSortNamesAsync(sync: false, cancellationToken);
        var granted = OrganizationsGranted();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        Grants?.Forget(granted);
        return saved;
    }

    /// <summary>The organizations given a member by the grants about to be saved (opened, or reopened).</summary>
    private List<Guid> OrganizationsGranted() =>
        [.. ChangeTracker.Entries<MemberAccessGrant>().Where(e => (e.State is EntityState.Added or EntityState.Modified) && e.Entity.RevokedAt == null)
            .Select(e => e.Entity.OrganizationId).Distinct()];

    /// <summary>Worklists sort ECM tasks by the member's name kept on each task (<see cref="EcmTask.MemberSortName"/>):
    /// new tasks get it, and a renamed member's tasks follow, whichever feature made the change.</summary>
    private async Task KeepTaskSortNamesAsync(bool sync, CancellationToken ct)
    {
        var members = ChangeTracker.Entries<Member>().ToList();
        var renamed = members
            .Where(e => e.State == EntityState.Modified && (e.Property(m => m.LastName).IsModified || e.Property(m => m.FirstName).IsModified))
            .ToDictionary(e => e.Entity.Id, e => Member.SortName(e.Entity.LastName, e.Entity.FirstName));
        var unnamed = ChangeTracker.Entries<EcmTask>().Where(e => e.State == EntityState.Added && e.Entity.MemberSortName.Length == 0).Select(e => e.Entity).ToList();
        if (renamed.Count == 0 && unnamed.Count == 0)
        {
            return;
        }

        var names = members.Where(e => e.State != EntityState.Deleted).ToDictionary(e => e.Entity.Id, e => Member.SortName(e.Entity.LastName, e.Entity.FirstName));
        var missing = unnamed.Select(t => t.MemberId).Where(id => !names.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var read = Members.IgnoreQueryFilters().AsNoTracking().Where(m => missing.Contains(m.Id)).Select(m => new { m.Id, m.LastName, m.FirstName });
            foreach (var m in sync ? read.ToList() : await read.ToListAsync(ct))
            {
                names[m.Id] = Member.SortName(m.LastName, m.FirstName);
            }
        }

        foreach (var task in unnamed)
        {
            task.MemberSortName = names.GetValueOrDefault(task.MemberId, "");
        }

        if (renamed.Count > 0)
        {
            var ids = renamed.Keys.ToList();
            var tasks = Set<EcmTask>().IgnoreQueryFilters().Where(t => ids.Contains(t.MemberId));
            foreach (var task in sync ? tasks.ToList() : await tasks.ToListAsync(ct))
            {
                task.MemberSortName = renamed[task.MemberId];
            }
        }
    }

    public override void Dispose()
    {
        _scope = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _scope = null;
        return base.DisposeAsync();
    }

    private void GuardAppendOnly()
    {
        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit trail is append-only: audit entries cannot be changed or deleted.");
            }
        }
    }
}

/// <summary>The embedded SQLite database (the default).</summary>
public sealed class SqliteCareHubDbContext(DbContextOptions<SqliteCareHubDbContext> options)
    : CareHubDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no instant type; store UTC ticks so instants sort and compare in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

/// <summary>PostgreSQL, the production database shared by several app instances.</summary>
public sealed class PostgresCareHubDbContext(DbContextOptions<PostgresCareHubDbContext> options)
    : CareHubDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Name keys compare byte by byte, as on SQLite, so a prefix search is a range of the (plan, key) index
        // whatever the database's locale.
        builder.Entity<Member>().Property(m => m.FirstNameKey).UseCollation("C");
        builder.Entity<Member>().Property(m => m.LastNameKey).UseCollation("C");
    }
}
