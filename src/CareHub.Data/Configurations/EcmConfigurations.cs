using CareHub.Ecm;
using CareHub.Members;
using CareHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CareHub.Data.Configurations;

/// <summary>ECM statuses are stored as their API codes (<c>referred</c>, <c>enrolled</c>, ...), as they always were.</summary>
internal static class EcmStatusCodes
{
    public static readonly ValueConverter<EcmStatus, string> Converter = new(s => s.ToCode(), code => EcmStatuses.FromCode(code));
}

internal sealed class EcmCaseConfiguration : IEntityTypeConfiguration<EcmCase>
{
    public void Configure(EntityTypeBuilder<EcmCase> b)
    {
        b.ToTable("ecm_cases");
        b.Ignore(c => c.IsOpen);
        b.Property(c => c.Status).HasConversion(EcmStatusCodes.Converter).HasMaxLength(20);
        b.Property(c => c.Source).HasMaxLength(30);
        b.Property(c => c.Reason).HasMaxLength(2000);
        b.Property(c => c.ReferrerName).HasMaxLength(200);
        b.Property(c => c.ReferrerOrganization).HasMaxLength(200);
        b.Property(c => c.ReferrerPhone).HasMaxLength(30);
        b.Property(c => c.Population).HasMaxLength(60);
        b.Property(c => c.ReferredBy).HasMaxLength(256);
        b.Property(c => c.DecidedBy).HasMaxLength(256);
        b.Property(c => c.DecisionReason).HasMaxLength(2000);
        b.Property(c => c.LeadCareManager).HasMaxLength(200);
        b.Property(c => c.DisenrollmentReason).HasMaxLength(40);
        b.Property(c => c.DisenrollmentNote).HasMaxLength(2000);
        b.Property(c => c.Revision).IsConcurrencyToken();
        b.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ProviderId).OnDelete(DeleteBehavior.Restrict);

        // One open case per member: closed cases set OpenMemberId to null (nulls never collide).
        b.HasIndex(c => c.OpenMemberId).IsUnique();
        b.HasIndex(c => c.MemberId);
        // The queue's cards and the caseloads count by status with the overdue and stuck cases from these indexes
        // alone (no case row is read), so the counts stay cheap on large plans.
        b.HasIndex(c => new { c.PlanId, c.Status, c.StatusChangedAt, c.DecisionDueBy });
        // The plan's queue by decision due date, in the list's full order (a tie on the date is broken by id from the
        // index, not by sorting every case due that day).
        b.HasIndex(c => new { c.PlanId, c.Status, c.DecisionDueBy, c.Id });
        b.HasIndex(c => new { c.PlanId, c.StatusChangedAt, c.Id });
        b.HasIndex(c => new { c.ProviderId, c.Status, c.StatusChangedAt, c.DecisionDueBy });
        b.HasIndex(c => new { c.ProviderId, c.StatusChangedAt, c.Id });
    }
}

internal sealed class EcmCaseCountConfiguration : IEntityTypeConfiguration<EcmCaseCount>
{
    public void Configure(EntityTypeBuilder<EcmCaseCount> b)
    {
        // Written only by the database's triggers on ecm_cases (see the EcmCaseCounts migrations).
        b.ToTable("ecm_case_counts");
        b.HasKey(c => new { c.PlanId, c.ProviderId, c.Status });
        b.Property(c => c.Status).HasConversion(EcmStatusCodes.Converter).HasMaxLength(20);
        b.HasIndex(c => new { c.ProviderId, c.Status });
    }
}

internal sealed class EcmCaseEventConfiguration : IEntityTypeConfiguration<EcmCaseEvent>
{
    public void Configure(EntityTypeBuilder<EcmCaseEvent> b)
    {
        b.ToTable("ecm_case_events");
        b.Property(e => e.Status).HasConversion(EcmStatusCodes.Converter).HasMaxLength(20);
        b.Property(e => e.Kind).HasMaxLength(30);
        b.Property(e => e.By).HasMaxLength(256);
        b.Property(e => e.Detail).HasMaxLength(2000);
        b.HasOne<EcmCase>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.CaseId, e.Id });
    }
}

internal sealed class OutreachAttemptConfiguration : IEntityTypeConfiguration<OutreachAttempt>
{
    public void Configure(EntityTypeBuilder<OutreachAttempt> b)
    {
        b.ToTable("ecm_outreach_attempts");
        b.Property(o => o.Modality).HasMaxLength(20);
        b.Property(o => o.Outcome).HasMaxLength(20);
        b.Property(o => o.Note).HasMaxLength(2000);
        b.Property(o => o.RecordedBy).HasMaxLength(256);
        b.HasOne<EcmCase>().WithMany().HasForeignKey(o => o.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(o => new { o.CaseId, o.Date });
        b.HasIndex(o => new { o.ProviderId, o.Date });
    }
}

internal sealed class EcmTaskConfiguration : IEntityTypeConfiguration<EcmTask>
{
    public void Configure(EntityTypeBuilder<EcmTask> b)
    {
        b.ToTable("ecm_tasks");
        b.Ignore(t => t.IsOpen);
        b.Property(t => t.Kind).HasMaxLength(30);
        b.Property(t => t.Title).HasMaxLength(300);
        b.Property(t => t.CompletedBy).HasMaxLength(256);
        b.Property(t => t.MemberSortName).HasMaxLength(210);
        b.HasOne<EcmCase>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        // The worklist: an organization's open tasks by due date, or by member name, read in index order (partial
        // indexes of the open tasks, so PostgreSQL sees the order too).
        b.HasIndex(t => new { t.OrganizationId, t.DueDate, t.Id }).HasFilter("\"CompletedAt\" IS NULL");
        b.HasIndex(t => new { t.OrganizationId, t.MemberSortName, t.DueDate, t.Id }).HasFilter("\"CompletedAt\" IS NULL");
        b.HasIndex(t => t.CaseId);
    }
}

internal sealed class EcmAssessmentConfiguration : IEntityTypeConfiguration<EcmAssessment>
{
    public void Configure(EntityTypeBuilder<EcmAssessment> b)
    {
        b.ToTable("ecm_assessments");
        b.Property(a => a.FormCode).HasMaxLength(60);
        b.Property(a => a.SocialNeeds).HasMaxLength(500);
        b.Property(a => a.CompletedBy).HasMaxLength(256);
        b.HasOne<EcmCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.CaseId, a.CompletedAt });
    }
}

internal sealed class CarePlanVersionConfiguration : IEntityTypeConfiguration<CarePlanVersion>
{
    public void Configure(EntityTypeBuilder<CarePlanVersion> b)
    {
        b.ToTable("ecm_care_plan_versions");
        b.Property(p => p.ProblemsAndGoals).HasMaxLength(8000);
        b.Property(p => p.MemberWords).HasMaxLength(4000);
        b.Property(p => p.ProgressNotes).HasMaxLength(8000);
        b.Property(p => p.SavedBy).HasMaxLength(256);
        b.HasOne<EcmCase>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);

        // Optimistic concurrency for care plans: two saves of the same next version cannot both succeed.
        b.HasIndex(p => new { p.CaseId, p.Version }).IsUnique();
    }
}

internal sealed class CareTeamMemberConfiguration : IEntityTypeConfiguration<CareTeamMember>
{
    public void Configure(EntityTypeBuilder<CareTeamMember> b)
    {
        b.ToTable("ecm_care_team");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Role).HasMaxLength(100);
        b.Property(c => c.Organization).HasMaxLength(200);
        b.Property(c => c.Contact).HasMaxLength(200);
        b.HasOne<EcmCase>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.CaseId);
    }
}

internal sealed class TransitionEventConfiguration : IEntityTypeConfiguration<TransitionEvent>
{
    public void Configure(EntityTypeBuilder<TransitionEvent> b)
    {
        b.ToTable("ecm_transition_events");
        b.Property(t => t.Kind).HasMaxLength(20);
        b.Property(t => t.Facility).HasMaxLength(200);
        b.Property(t => t.FacilityType).HasMaxLength(60);
        b.Property(t => t.Diagnosis).HasMaxLength(20);
        b.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<EcmCase>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(t => new { t.MemberId, t.EventDate });
        b.HasIndex(t => t.CaseId);
        b.HasIndex(t => t.ImportId);
    }
}

internal sealed class MemberProgramEnrollmentConfiguration : IEntityTypeConfiguration<MemberProgramEnrollment>
{
    public void Configure(EntityTypeBuilder<MemberProgramEnrollment> b)
    {
        b.ToTable("member_program_enrollments");
        b.Property(p => p.Program).HasMaxLength(60);
        b.Property(p => p.Source).HasMaxLength(200);
        b.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.MemberId, p.Program });
    }
}

internal sealed class EcmProviderProfileConfiguration : IEntityTypeConfiguration<EcmProviderProfile>
{
    public void Configure(EntityTypeBuilder<EcmProviderProfile> b)
    {
        b.ToTable("ecm_provider_profiles");
        b.HasKey(p => p.OrganizationId);
        b.HasOne<Organization>().WithOne().HasForeignKey<EcmProviderProfile>(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EcmPlanSettingsConfiguration : IEntityTypeConfiguration<EcmPlanSettings>
{
    public void Configure(EntityTypeBuilder<EcmPlanSettings> b)
    {
        b.ToTable("ecm_plan_settings");
        b.HasKey(s => s.PlanId);
        b.Ignore(s => s.UnableToReach);
        b.HasOne<Organization>().WithOne().HasForeignKey<EcmPlanSettings>(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}
