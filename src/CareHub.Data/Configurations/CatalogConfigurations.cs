using CareHub.Catalog;
using CareHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class PlanOfferingRecordConfiguration : IEntityTypeConfiguration<PlanOfferingRecord>
{
    public void Configure(EntityTypeBuilder<PlanOfferingRecord> b)
    {
        b.ToTable("plan_offerings");
        b.Property(o => o.County).HasMaxLength(60);
        b.Property(o => o.CommunitySupportCode).HasMaxLength(60);
        b.Property(o => o.CreatedBy).HasMaxLength(256);
        b.Property(o => o.ChangedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.County, o.PlanId, o.CommunitySupportCode });
    }
}

internal sealed class CatalogReleaseConfiguration : IEntityTypeConfiguration<CatalogRelease>
{
    public void Configure(EntityTypeBuilder<CatalogRelease> b)
    {
        b.ToTable("catalog_releases");
        b.Property(r => r.CatalogVersion).HasMaxLength(40);
        b.Property(r => r.ContentHash).HasMaxLength(64);
        b.HasIndex(r => r.ContentHash).IsUnique();
    }
}

internal sealed class PlanPolicyRecordConfiguration : IEntityTypeConfiguration<PlanPolicyRecord>
{
    public void Configure(EntityTypeBuilder<PlanPolicyRecord> b)
    {
        b.ToTable("plan_policies");
        b.Property(p => p.CommunitySupportCode).HasMaxLength(60);
        b.Property(p => p.CriteriaJson).HasMaxLength(20000);
        b.Property(p => p.LimitsJson).HasMaxLength(20000);
        b.Property(p => p.Source).HasMaxLength(1000);
        b.Property(p => p.Notes).HasMaxLength(2000);
        b.Property(p => p.ChangedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.PlanId, p.CommunitySupportCode, p.EffectiveFrom }).IsUnique();
    }
}
