using CareHub.Organizations;
using CareHub.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class ReportJobConfiguration : IEntityTypeConfiguration<ReportJob>
{
    public void Configure(EntityTypeBuilder<ReportJob> b)
    {
        b.ToTable("report_jobs");
        b.Property(j => j.Kind).HasMaxLength(40);
        b.Property(j => j.Program).HasMaxLength(60);
        b.Property(j => j.RequestedBy).HasMaxLength(256);
        b.Property(j => j.Status).HasMaxLength(20);
        b.Property(j => j.Stage).HasMaxLength(200);
        b.Property(j => j.LeasedBy).HasMaxLength(100);
        b.Property(j => j.Error).HasMaxLength(1000);
        b.Ignore(j => j.Percent);
        b.HasOne<Organization>().WithMany().HasForeignKey(j => j.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(j => new { j.PlanId, j.Kind, j.Program, j.AsOf, j.RequestedAt });
        b.HasIndex(j => new { j.Status, j.RequestedAt });
    }
}
