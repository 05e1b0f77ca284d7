using CareHub.Identification.Runs;
using CareHub.Members;
using CareHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class IdentificationRunRecordConfiguration : IEntityTypeConfiguration<IdentificationRunRecord>
{
    public void Configure(EntityTypeBuilder<IdentificationRunRecord> b)
    {
        b.ToTable("identification_runs");
        b.Property(r => r.RuleVersion).HasMaxLength(40);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.Source).HasMaxLength(200);
        b.Property(r => r.RequestedBy).HasMaxLength(256);
        b.Property(r => r.Error).HasMaxLength(4000);
        b.Property(r => r.LeasedBy).HasMaxLength(100);
        b.Property(r => r.Stage).HasMaxLength(200);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.PlanId, r.RequestedAt });
        b.HasIndex(r => r.Status);
    }
}

internal sealed class DeterminationRecordConfiguration : IEntityTypeConfiguration<DeterminationRecord>
{
    public void Configure(EntityTypeBuilder<DeterminationRecord> b)
    {
        b.ToTable("determinations");
        b.Property(d => d.Population).HasMaxLength(60);
        b.Property(d => d.RuleVersion).HasMaxLength(40);
        b.Property(d => d.ExclusionCode).HasMaxLength(60);
        b.Property(d => d.ExclusionText).HasMaxLength(500);
        b.Property(d => d.EvidenceText).HasMaxLength(4000);
        b.Property(d => d.County).HasMaxLength(60);
        b.Property(d => d.HealthNetwork).HasMaxLength(100);
        b.HasOne<IdentificationRunRecord>().WithMany().HasForeignKey(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Member>().WithMany().HasForeignKey(d => d.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => new { d.RunId, d.Population, d.County });
        b.HasIndex(d => new { d.MemberId, d.RunId });
    }
}
