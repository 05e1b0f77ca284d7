using System.Text.Json;
using CareHub.Network;
using CareHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class ProviderProfileConfiguration : IEntityTypeConfiguration<ProviderProfile>
{
    public void Configure(EntityTypeBuilder<ProviderProfile> b)
    {
        b.ToTable("network_provider_profiles");
        b.HasKey(p => p.OrganizationId);
        b.Property(p => p.ProviderType).HasMaxLength(40);
        b.Property(p => p.Tin).HasMaxLength(9);
        b.HasOne<Organization>().WithOne().HasForeignKey<ProviderProfile>(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LetterOfInterestConfiguration : IEntityTypeConfiguration<LetterOfInterest>
{
    public void Configure(EntityTypeBuilder<LetterOfInterest> b)
    {
        b.ToTable("network_letters_of_interest");
        b.Property(l => l.Message).HasMaxLength(4000);
        b.Property(l => l.CreatedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.ProviderId);
    }
}

internal sealed class LetterResponseConfiguration : IEntityTypeConfiguration<LetterResponse>
{
    public void Configure(EntityTypeBuilder<LetterResponse> b)
    {
        b.ToTable("network_letter_responses");
        b.Property(r => r.Decision).HasMaxLength(20);
        b.Property(r => r.Note).HasMaxLength(2000);
        b.Property(r => r.RespondedBy).HasMaxLength(256);
        b.HasOne<LetterOfInterest>().WithMany().HasForeignKey(r => r.LetterId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.LetterId, r.PlanId }).IsUnique();
        b.HasIndex(r => r.PlanId);
    }
}

internal sealed class NetworkApplicationConfiguration : IEntityTypeConfiguration<NetworkApplication>
{
    public void Configure(EntityTypeBuilder<NetworkApplication> b)
    {
        b.ToTable("network_applications");
        b.Property(a => a.TemplateKind).HasMaxLength(60);
        b.Property(a => a.Status).HasMaxLength(20);
        b.Property(a => a.Revision).IsConcurrencyToken();
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LetterOfInterest>().WithMany().HasForeignKey(a => a.LetterId).OnDelete(DeleteBehavior.Restrict);

        // One application per letter and plan.
        b.HasIndex(a => new { a.LetterId, a.PlanId }).IsUnique();
        b.HasIndex(a => new { a.ProviderId, a.PlanId });
        b.HasIndex(a => new { a.PlanId, a.Status });
    }
}

internal sealed class ApplicationAreaConfiguration : IEntityTypeConfiguration<ApplicationArea>
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<ApplicationArea> b)
    {
        b.ToTable("network_application_areas");
        b.Property(a => a.Code).HasMaxLength(60);
        b.Property(a => a.Response).HasMaxLength(8000);
        b.Property(a => a.Effort).HasMaxLength(20);
        b.Property(a => a.Notes).HasMaxLength(4000);
        b.Property(a => a.Evidence)
            .HasConversion(
                v => JsonSerializer.Serialize(v, _json),
                v => JsonSerializer.Deserialize<List<EvidenceLink>>(v, _json) ?? new List<EvidenceLink>(),
                new ValueComparer<List<EvidenceLink>>((x, y) => x!.SequenceEqual(y!), v => v.Aggregate(0, (h, e) => HashCode.Combine(h, e.GetHashCode())), v => v.ToList()))
            .HasMaxLength(20000);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(a => a.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.ApplicationId, a.Code }).IsUnique();
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        b.ToTable("network_evidence_files");
        b.Property(f => f.AreaCode).HasMaxLength(60);
        b.Property(f => f.FileName).HasMaxLength(200);
        b.Property(f => f.ContentType).HasMaxLength(100);
        b.Property(f => f.UploadedBy).HasMaxLength(256);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(f => f.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.ApplicationId);
    }
}

internal sealed class AreaReviewConfiguration : IEntityTypeConfiguration<AreaReview>
{
    public void Configure(EntityTypeBuilder<AreaReview> b)
    {
        b.ToTable("network_area_reviews");
        b.Property(r => r.AreaCode).HasMaxLength(60);
        b.Property(r => r.Comment).HasMaxLength(4000);
        b.Property(r => r.ReviewedBy).HasMaxLength(256);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.ApplicationId, r.PlanId, r.AreaCode, r.ReviewedAt });
    }
}

internal sealed class ApplicationGapConfiguration : IEntityTypeConfiguration<ApplicationGap>
{
    public void Configure(EntityTypeBuilder<ApplicationGap> b)
    {
        b.ToTable("network_application_gaps");
        b.Property(g => g.AreaCode).HasMaxLength(60);
        b.Property(g => g.MissingInformation).HasMaxLength(4000);
        b.Property(g => g.ExpectedDocumentation).HasMaxLength(4000);
        b.Property(g => g.Status).HasMaxLength(10);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(g => g.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(g => new { g.ApplicationId, g.PlanId, g.Status });
        b.HasIndex(g => new { g.PlanId, g.Status, g.DueDate });
    }
}

internal sealed class ApplicationCheckInConfiguration : IEntityTypeConfiguration<ApplicationCheckIn>
{
    public void Configure(EntityTypeBuilder<ApplicationCheckIn> b)
    {
        b.ToTable("network_check_ins");
        b.Property(c => c.Notes).HasMaxLength(4000);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.ApplicationId, c.DueDate });
    }
}

internal sealed class ApplicationShareConfiguration : IEntityTypeConfiguration<ApplicationShare>
{
    public void Configure(EntityTypeBuilder<ApplicationShare> b)
    {
        b.ToTable("network_application_shares");
        b.Property(s => s.SharedBy).HasMaxLength(256);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.ApplicationId, s.PlanId }).IsUnique();
        b.HasIndex(s => s.PlanId);
    }
}

internal sealed class ApplicationEventConfiguration : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> b)
    {
        b.ToTable("network_application_events");
        b.Property(e => e.By).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(40);
        b.Property(e => e.Status).HasMaxLength(20);
        b.Property(e => e.Detail).HasMaxLength(2000);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.ApplicationId, e.Id });
    }
}

internal sealed class ProviderCertificationConfiguration : IEntityTypeConfiguration<ProviderCertification>
{
    public void Configure(EntityTypeBuilder<ProviderCertification> b)
    {
        b.ToTable("network_certifications");
        b.Property(c => c.Basis).HasMaxLength(30);
        b.Property(c => c.CertifiedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<NetworkApplication>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.PlanId, c.ProviderId, c.ApplicationId }).IsUnique();
    }
}

internal sealed class TrainingCompletionConfiguration : IEntityTypeConfiguration<TrainingCompletion>
{
    public void Configure(EntityTypeBuilder<TrainingCompletion> b)
    {
        b.ToTable("network_training_completions");
        b.Property(t => t.Topic).HasMaxLength(60);
        b.Property(t => t.StaffName).HasMaxLength(200);
        b.Property(t => t.RecordedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.PlanId, t.ProviderId, t.Topic });
    }
}

internal sealed class PlanTrainingTopicConfiguration : IEntityTypeConfiguration<PlanTrainingTopic>
{
    public void Configure(EntityTypeBuilder<PlanTrainingTopic> b)
    {
        b.ToTable("network_plan_training_topics");
        b.Property(t => t.Topic).HasMaxLength(60);
        b.Property(t => t.Title).HasMaxLength(200);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.PlanId, t.Topic }).IsUnique();
    }
}

internal sealed class ProviderContractConfiguration : IEntityTypeConfiguration<ProviderContract>
{
    public void Configure(EntityTypeBuilder<ProviderContract> b)
    {
        b.ToTable("network_contracts");
        b.Property(c => c.County).HasMaxLength(60);
        b.Property(c => c.CreatedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ProviderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.PlanId, c.County, c.Start });
        b.HasIndex(c => c.ProviderId);
    }
}

internal sealed class RosterSubmissionConfiguration : IEntityTypeConfiguration<RosterSubmission>
{
    public void Configure(EntityTypeBuilder<RosterSubmission> b)
    {
        b.ToTable("network_roster_submissions");
        b.Property(r => r.Kind).HasMaxLength(10);
        b.Property(r => r.County).HasMaxLength(60);
        b.Property(r => r.Format).HasMaxLength(10);
        b.Property(r => r.SentBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.PlanId, r.SentAt });
    }
}

internal sealed class ModelOfCareItemConfiguration : IEntityTypeConfiguration<ModelOfCareItem>
{
    public void Configure(EntityTypeBuilder<ModelOfCareItem> b)
    {
        b.ToTable("network_model_of_care_items");
        b.Property(m => m.Question).HasMaxLength(2000);
        b.Property(m => m.Page).HasMaxLength(40);
        b.Property(m => m.Response).HasMaxLength(8000);
        b.Property(m => m.Owner).HasMaxLength(200);
        b.Property(m => m.Comments).HasMaxLength(4000);
        b.Property(m => m.Status).HasMaxLength(20);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.PlanId);
    }
}

internal sealed class GoLiveEntryConfiguration : IEntityTypeConfiguration<GoLiveEntry>
{
    public void Configure(EntityTypeBuilder<GoLiveEntry> b)
    {
        b.ToTable("network_go_live");
        b.Property(g => g.County).HasMaxLength(60);
        b.Property(g => g.Population).HasMaxLength(60);
        b.HasOne<Organization>().WithMany().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(g => new { g.PlanId, g.County, g.Population }).IsUnique();
    }
}

internal sealed class ModelOfCareEventConfiguration : IEntityTypeConfiguration<ModelOfCareEvent>
{
    public void Configure(EntityTypeBuilder<ModelOfCareEvent> b)
    {
        b.ToTable("network_model_of_care_events");
        b.Property(e => e.By).HasMaxLength(256);
        b.Property(e => e.Subject).HasMaxLength(20);
        b.Property(e => e.Action).HasMaxLength(20);
        b.Property(e => e.Detail).HasMaxLength(2000);
        b.HasOne<Organization>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.PlanId, e.Id });
    }
}
