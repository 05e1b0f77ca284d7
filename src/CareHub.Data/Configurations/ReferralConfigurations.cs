using CareHub.Members;
using CareHub.Organizations;
using CareHub.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareHub.Data.Configurations;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.ToTable("cs_referrals");
        b.Property(r => r.County).HasMaxLength(60);
        b.Property(r => r.CommunitySupportCode).HasMaxLength(60);
        b.Property(r => r.ReferrerKind).HasMaxLength(40);
        b.Property(r => r.ReferredBy).HasMaxLength(256);
        b.Property(r => r.Reason).HasMaxLength(2000);
        b.Property(r => r.Needs).HasMaxLength(2000);
        b.Property(r => r.Priority).HasMaxLength(20);
        b.Property(r => r.RequestedQuantity).HasPrecision(12, 2);
        b.Property(r => r.RequestedAmount).HasPrecision(12, 2);
        b.Property(r => r.Attestations).HasMaxLength(4000);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.DecidedBy).HasMaxLength(256);
        b.Property(r => r.DenialReason).HasMaxLength(1000);
        b.Property(r => r.MemberNotice).HasMaxLength(4000);
        b.Property(r => r.PendReason).HasMaxLength(1000);
        b.Property(r => r.DeclineReason).HasMaxLength(40);
        b.Property(r => r.DeclineNote).HasMaxLength(1000);
        b.Property(r => r.ScheduleNote).HasMaxLength(1000);
        b.Property(r => r.Outcome).HasMaxLength(40);
        b.Property(r => r.OutcomeNote).HasMaxLength(2000);
        b.Property(r => r.IdempotencyKey).HasMaxLength(200);
        b.Property(r => r.Channel).HasMaxLength(10);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.ReferringOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.CboId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.ReferringOrganizationId, r.IdempotencyKey }).IsUnique();
        b.HasIndex(r => new { r.PlanId, r.Status, r.DecisionDueAt });
        b.HasIndex(r => new { r.CboId, r.Status });
        // A CBO's tasks newest first (the FHIR Task search by owner), with the same plan for a CBO of ten referrals as
        // for one of twenty thousand.
        b.HasIndex(r => new { r.CboId, r.UpdatedAt, r.Id }).IsDescending(false, true, false);
        b.HasIndex(r => new { r.MemberId, r.CreatedAt });
        b.HasIndex(r => r.UpdatedAt);
    }
}

internal sealed class ReferralDocumentConfiguration : IEntityTypeConfiguration<ReferralDocument>
{
    public void Configure(EntityTypeBuilder<ReferralDocument> b)
    {
        b.ToTable("cs_referral_documents");
        b.Property(d => d.Title).HasMaxLength(200);
        b.Property(d => d.Url).HasMaxLength(2000);
        b.Property(d => d.ContentType).HasMaxLength(100);
        b.Property(d => d.AddedBy).HasMaxLength(256);
        b.HasOne<Referral>().WithMany().HasForeignKey(d => d.ReferralId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.ReferralId);
    }
}

internal sealed class ReferralStatusChangeConfiguration : IEntityTypeConfiguration<ReferralStatusChange>
{
    public void Configure(EntityTypeBuilder<ReferralStatusChange> b)
    {
        b.ToTable("cs_referral_status_changes");
        b.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.By).HasMaxLength(256);
        b.Property(c => c.Note).HasMaxLength(2000);
        b.HasOne<Referral>().WithMany().HasForeignKey(c => c.ReferralId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.ReferralId, c.At });
    }
}

internal sealed class ServiceAuthorizationConfiguration : IEntityTypeConfiguration<ServiceAuthorization>
{
    public void Configure(EntityTypeBuilder<ServiceAuthorization> b)
    {
        b.ToTable("cs_authorizations");
        b.Ignore(a => a.EpisodeKey);
        b.Property(a => a.County).HasMaxLength(60);
        b.Property(a => a.CommunitySupportCode).HasMaxLength(60);
        b.Property(a => a.Kind).HasMaxLength(20);
        b.Property(a => a.Quantity).HasPrecision(12, 2);
        b.Property(a => a.QuantityUnit).HasMaxLength(20);
        b.Property(a => a.Amount).HasPrecision(12, 2);
        b.Property(a => a.AuthorizedBy).HasMaxLength(256);
        b.Property(a => a.LimitException).HasMaxLength(60);
        b.Property(a => a.LimitExceptionReason).HasMaxLength(2000);
        b.Property(a => a.LimitExceptionLimits).HasMaxLength(1000);
        b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Referral>().WithMany().HasForeignKey(a => a.ReferralId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.MemberId, a.CommunitySupportCode });
        b.HasIndex(a => a.ReferralId);
    }
}

internal sealed class ServiceDeliveryConfiguration : IEntityTypeConfiguration<ServiceDelivery>
{
    public void Configure(EntityTypeBuilder<ServiceDelivery> b)
    {
        b.ToTable("cs_service_deliveries");
        b.Property(d => d.Quantity).HasPrecision(12, 2);
        b.Property(d => d.Unit).HasMaxLength(20);
        b.Property(d => d.Amount).HasPrecision(12, 2);
        b.Property(d => d.Note).HasMaxLength(1000);
        b.Property(d => d.RecordedBy).HasMaxLength(256);
        b.HasOne<Referral>().WithMany().HasForeignKey(d => d.ReferralId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => new { d.ReferralId, d.ServiceDate });
        b.HasIndex(d => d.MemberId);
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> b)
    {
        b.ToTable("cs_extension_requests");
        b.Property(e => e.RequestedQuantity).HasPrecision(12, 2);
        b.Property(e => e.RequestedAmount).HasPrecision(12, 2);
        b.Property(e => e.Reason).HasMaxLength(2000);
        b.Property(e => e.Status).HasMaxLength(20);
        b.Property(e => e.RequestedBy).HasMaxLength(256);
        b.Property(e => e.DecidedBy).HasMaxLength(256);
        b.Property(e => e.DecisionNote).HasMaxLength(2000);
        b.HasOne<Referral>().WithMany().HasForeignKey(e => e.ReferralId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.ReferralId, e.Status });
    }
}

internal sealed class PlanAuthorizationSettingsConfiguration : IEntityTypeConfiguration<PlanAuthorizationSettings>
{
    public void Configure(EntityTypeBuilder<PlanAuthorizationSettings> b)
    {
        b.ToTable("cs_plan_settings");
        b.HasKey(s => s.PlanId);
        b.Property(s => s.UpdatedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.ToTable("webhook_subscriptions");
        b.Property(s => s.Url).HasMaxLength(2000);
        b.Property(s => s.Secret).HasMaxLength(100);
        b.Property(s => s.Description).HasMaxLength(200);
        b.Property(s => s.CreatedBy).HasMaxLength(256);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.OrganizationId);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    private const string Pending = "\"DeliveredAt\" IS NULL AND \"FailedAt\" IS NULL";

    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.Property(m => m.EventType).HasMaxLength(60);
        b.Property(m => m.LeasedBy).HasMaxLength(100);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(m => m.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.EventId).IsUnique();

        // Delivered and failed rows stay until retention removes them, and far outnumber the pending ones: the claim,
        // its check for a referral's earlier pending event and the release of a claim read pending rows only, through
        // indexes that hold nothing else. The filter is the same SQL on PostgreSQL and SQLite.
        b.HasIndex(m => m.Id, "IX_outbox_messages_pending").HasFilter(Pending);
        b.HasIndex(m => new { m.SubscriptionId, m.ReferralId, m.Id }, "IX_outbox_messages_pending_referral").HasFilter(Pending);
        b.HasIndex(m => m.LeasedBy, "IX_outbox_messages_pending_lease").HasFilter(Pending);

        // Retention deletes the oldest delivered (or failed) rows first.
        b.HasIndex(m => m.DeliveredAt, "IX_outbox_messages_delivered").HasFilter("\"DeliveredAt\" IS NOT NULL");
        b.HasIndex(m => m.FailedAt, "IX_outbox_messages_failed").HasFilter("\"FailedAt\" IS NOT NULL");

        // The subscription's foreign key, and the counts the webhooks page and API show per subscription.
        b.HasIndex(m => m.SubscriptionId);
    }
}
