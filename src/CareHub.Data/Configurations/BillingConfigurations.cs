using CareHub.Billing;
using CareHub.Exchange;
using CareHub.Members;
using CareHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.ToTable("billing_invoices");
        b.Property(i => i.InvoiceNumber).HasMaxLength(50);
        b.Property(i => i.SubmittedBy).HasMaxLength(256);
        b.Property(i => i.Channel).HasMaxLength(10);
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.CboId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.CboId, i.InvoiceNumber }).IsUnique();
        b.HasIndex(i => i.SubmittedAt);
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> b)
    {
        b.ToTable("billing_invoice_lines");
        b.Ignore(l => l.ModifierList);
        b.Property(l => l.ReferralText).HasMaxLength(100);
        b.Property(l => l.CommunitySupportCode).HasMaxLength(60);
        b.Property(l => l.Units).HasPrecision(12, 3);
        b.Property(l => l.Amount).HasPrecision(12, 2);
        b.Property(l => l.Status).HasMaxLength(10);
        b.Property(l => l.ReasonCode).HasMaxLength(30);
        b.Property(l => l.Reason).HasMaxLength(2000);
        b.Property(l => l.Hcpcs).HasMaxLength(5);
        b.Property(l => l.Modifiers).HasMaxLength(20);
        b.Property(l => l.Diagnosis).HasMaxLength(10);
        b.Property(l => l.ClaimNumber).HasMaxLength(20);
        b.Property(l => l.ControlNumber).HasMaxLength(32);
        b.Property(l => l.PaymentStatus).HasMaxLength(10);
        b.Property(l => l.PaidAmount).HasPrecision(12, 2);
        b.Property(l => l.AdjustmentReasons).HasMaxLength(500);
        b.HasIndex(l => new { l.InvoiceId, l.LineNumber }).IsUnique();
        b.HasIndex(l => l.ControlNumber);
        b.HasIndex(l => l.ClaimNumber);
        b.HasIndex(l => new { l.ReferralId, l.Status });
        b.HasIndex(l => new { l.MemberId, l.Status });
        b.HasIndex(l => new { l.PlanId, l.Status, l.From });
        b.HasIndex(l => new { l.CboId, l.Status, l.From });
    }
}

internal sealed class EcmReturnRecordConfiguration : IEntityTypeConfiguration<EcmReturnRecord>
{
    public void Configure(EntityTypeBuilder<EcmReturnRecord> b)
    {
        b.ToTable("exchange_ecm_returns");
        b.Property(r => r.EcmStatus).HasMaxLength(20);
        b.Property(r => r.LeadCareManager).HasMaxLength(200);
        b.Property(r => r.DiscontinuationReason).HasMaxLength(200);
        b.Property(r => r.ReferralStatus).HasMaxLength(20);
        b.Property(r => r.LoopClosureReason).HasMaxLength(200);
        b.Property(r => r.UpdatedBy).HasMaxLength(256);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.MemberId, r.ProviderId }).IsUnique();
        b.HasIndex(r => new { r.PlanId, r.UpdatedAt });
    }
}

internal sealed class EcmOutreachRecordConfiguration : IEntityTypeConfiguration<EcmOutreachRecord>
{
    public void Configure(EntityTypeBuilder<EcmOutreachRecord> b)
    {
        b.ToTable("exchange_ecm_outreach");
        b.Property(r => r.Method).HasMaxLength(20);
        b.Property(r => r.ReportedBy).HasMaxLength(256);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.MemberId, r.ProviderId, r.AttemptDate, r.Method }).IsUnique();
    }
}
