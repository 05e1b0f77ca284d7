using CareHub.Audit;
using CareHub.Data.Access;
using CareHub.Data.Identity;
using CareHub.Members;
using CareHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Npi).HasMaxLength(10);
        b.HasIndex(o => o.Name);
    }
}

/// <summary>Read-only names over the members table (a view of it, so no migration creates or changes anything).</summary>
internal sealed class MemberNameConfiguration : IEntityTypeConfiguration<MemberName>
{
    public void Configure(EntityTypeBuilder<MemberName> b)
    {
        b.ToView("members");
        b.HasKey(m => m.Id);
        b.Ignore(m => m.FullName);
    }
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.ToTable("members");
        b.Ignore(m => m.FullName);
        b.Property(m => m.PlanMemberId).HasMaxLength(40);
        b.Property(m => m.Cin).HasMaxLength(12);
        b.Property(m => m.FirstName).HasMaxLength(100);
        b.Property(m => m.LastName).HasMaxLength(100);
        b.Property(m => m.FirstNameKey).HasMaxLength(100);
        b.Property(m => m.LastNameKey).HasMaxLength(100);
        b.Property(m => m.Sex).HasMaxLength(1);
        b.Property(m => m.County).HasMaxLength(60);
        b.Property(m => m.HealthNetwork).HasMaxLength(100);
        b.Property(m => m.AidCode).HasMaxLength(4);
        b.Property(m => m.PreferredLanguage).HasMaxLength(40);
        b.Property(m => m.Phone).HasMaxLength(30);
        b.Property(m => m.AddressLine).HasMaxLength(200);
        b.Property(m => m.City).HasMaxLength(80);
        b.Property(m => m.Zip).HasMaxLength(10);
        b.Property(m => m.RaceEthnicity).HasMaxLength(60);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.PlanId, m.PlanMemberId }).IsUnique();
        // Name order, with what a member search filters on (name keys and ids; on PostgreSQL), so that a page of a search
        // is found in the index alone (MemberNameSearch.PageInNameOrder).
        b.HasIndex(m => new { m.PlanId, m.LastName, m.FirstName, m.Id })
            .IncludeProperties(m => new { m.LastNameKey, m.FirstNameKey, m.PlanMemberId, m.Cin });
        b.HasIndex(m => new { m.PlanId, m.LastNameKey });
        b.HasIndex(m => new { m.PlanId, m.FirstNameKey });
        b.HasIndex(m => m.Cin);
        b.HasIndex(m => m.BirthDate);
    }
}

internal sealed class EnrollmentSpanConfiguration : IEntityTypeConfiguration<EnrollmentSpan>
{
    public void Configure(EntityTypeBuilder<EnrollmentSpan> b)
    {
        b.ToTable("enrollment_spans");
        b.Property(e => e.County).HasMaxLength(60);
        b.Property(e => e.AidCode).HasMaxLength(4);
        b.Property(e => e.HealthNetwork).HasMaxLength(100);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.MemberId, e.Start });
    }
}

internal sealed class EncounterConfiguration : IEntityTypeConfiguration<Encounter>
{
    public void Configure(EntityTypeBuilder<Encounter> b)
    {
        b.ToTable("encounters");
        b.Property(e => e.SourceId).HasMaxLength(64);
        b.Property(e => e.EncounterClass).HasMaxLength(20);
        b.Property(e => e.PrimaryDiagnosis).HasMaxLength(10);
        b.Property(e => e.Description).HasMaxLength(200);
        b.Property(e => e.PaidAmount).HasPrecision(12, 2);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.MemberId, e.ServiceDate });
    }
}

internal sealed class MemberAccessGrantConfiguration : IEntityTypeConfiguration<MemberAccessGrant>
{
    public void Configure(EntityTypeBuilder<MemberAccessGrant> b)
    {
        b.ToTable("member_access_grants");
        b.Property(g => g.Reason).HasMaxLength(40);
        b.HasOne<Member>().WithMany().HasForeignKey(g => g.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        // Scoping checks an organization's open grant for each member row it reads (and PostgreSQL may hash all of an
        // ECM provider's grants): with the revocation and reason in the index the check never reads a grant row.
        b.HasIndex(g => new { g.OrganizationId, g.MemberId, g.RevokedAt, g.Reason });
        b.HasIndex(g => g.MemberId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.Property(a => a.UserId).HasMaxLength(64);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(60);
        b.Property(a => a.Target).HasMaxLength(300);
        b.Property(a => a.Source).HasMaxLength(64);
        b.Property(a => a.Detail).HasMaxLength(1000);
        // Only the indexes the audit search and the trail's readers use: every entry written goes into each. (The
        // search matches any part of a user's name, which no index on UserName serves.)
        b.HasIndex(a => new { a.MemberId, a.Id });
        b.HasIndex(a => a.At);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Role).HasMaxLength(40);
        b.Property(k => k.Prefix).HasMaxLength(20);
        b.Property(k => k.SecretHash).HasMaxLength(64);
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(k => k.Prefix).IsUnique();
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => u.OrganizationId);
    }
}
