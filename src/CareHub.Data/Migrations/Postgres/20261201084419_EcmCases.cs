using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EcmCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ecm_cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OpenMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReferrerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReferrerOrganization = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReferrerPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Population = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    ReferredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReferredBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecisionDueBy = table.Column<DateOnly>(type: "date", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AutoAuthorized = table.Column<bool>(type: "boolean", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeadCareManager = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsentDate = table.Column<DateOnly>(type: "date", nullable: true),
                    EnrolledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DisenrolledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DisenrollmentReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DisenrollmentNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MergedReferrals = table.Column<int>(type: "integer", nullable: false),
                    Revision = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_cases_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ecm_cases_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ecm_cases_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ecm_plan_settings",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorizationDecisionDays = table.Column<int>(type: "integer", nullable: false),
                    UnableToReachAttempts = table.Column<int>(type: "integer", nullable: false),
                    UnableToReachDays = table.Column<int>(type: "integer", nullable: false),
                    UnableToReachRequiresInPerson = table.Column<bool>(type: "boolean", nullable: false),
                    DischargeFollowUpDays = table.Column<int>(type: "integer", nullable: false),
                    ReassessmentMonths = table.Column<int>(type: "integer", nullable: false),
                    StuckAfterDays = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_plan_settings", x => x.PlanId);
                    table.ForeignKey(
                        name: "FK_ecm_plan_settings_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ecm_provider_profiles",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PopulationsServed = table.Column<List<string>>(type: "text[]", nullable: false),
                    AcceptingReferrals = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_provider_profiles", x => x.OrganizationId);
                    table.ForeignKey(
                        name: "FK_ecm_provider_profiles_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "member_program_enrollments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    Program = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    End = table.Column<DateOnly>(type: "date", nullable: true),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_member_program_enrollments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_member_program_enrollments_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ecm_assessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    FormCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    FormVersion = table.Column<int>(type: "integer", nullable: false),
                    AnswersJson = table.Column<string>(type: "text", nullable: false),
                    SocialNeeds = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_assessments_ecm_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ecm_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ecm_care_plan_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ProblemsAndGoals = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    InterventionsJson = table.Column<string>(type: "text", nullable: false),
                    MemberWords = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ProgressNotes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SavedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_care_plan_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_care_plan_versions_ecm_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ecm_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ecm_care_team",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Organization = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IsInternal = table.Column<bool>(type: "boolean", nullable: false),
                    IsLeadCareManager = table.Column<bool>(type: "boolean", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RemovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_care_team", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_care_team_ecm_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ecm_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ecm_case_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_case_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_case_events_ecm_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ecm_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ecm_outreach_attempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Modality = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_outreach_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_outreach_attempts_ecm_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ecm_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ecm_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_tasks_ecm_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ecm_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ecm_tasks_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ecm_transition_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EventDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Facility = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FacilityType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Diagnosis = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_transition_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ecm_transition_events_ecm_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "ecm_cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ecm_transition_events_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_assessments_CaseId_CompletedAt",
                table: "ecm_assessments",
                columns: new[] { "CaseId", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_care_plan_versions_CaseId_Version",
                table: "ecm_care_plan_versions",
                columns: new[] { "CaseId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ecm_care_team_CaseId",
                table: "ecm_care_team",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_case_events_CaseId_Id",
                table: "ecm_case_events",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_MemberId",
                table: "ecm_cases",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_OpenMemberId",
                table: "ecm_cases",
                column: "OpenMemberId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_StatusChangedAt",
                table: "ecm_cases",
                columns: new[] { "PlanId", "StatusChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_Status_DecisionDueBy",
                table: "ecm_cases",
                columns: new[] { "PlanId", "Status", "DecisionDueBy" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_Status_StatusChangedAt",
                table: "ecm_cases",
                columns: new[] { "PlanId", "Status", "StatusChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_ProviderId_Status",
                table: "ecm_cases",
                columns: new[] { "ProviderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_ProviderId_StatusChangedAt",
                table: "ecm_cases",
                columns: new[] { "ProviderId", "StatusChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_outreach_attempts_CaseId_Date",
                table: "ecm_outreach_attempts",
                columns: new[] { "CaseId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_outreach_attempts_ProviderId_Date",
                table: "ecm_outreach_attempts",
                columns: new[] { "ProviderId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_tasks_CaseId",
                table: "ecm_tasks",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_tasks_OrganizationId_CompletedAt_DueDate",
                table: "ecm_tasks",
                columns: new[] { "OrganizationId", "CompletedAt", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_transition_events_CaseId",
                table: "ecm_transition_events",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_transition_events_ImportId",
                table: "ecm_transition_events",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_transition_events_MemberId_EventDate",
                table: "ecm_transition_events",
                columns: new[] { "MemberId", "EventDate" });

            migrationBuilder.CreateIndex(
                name: "IX_member_program_enrollments_MemberId_Program",
                table: "member_program_enrollments",
                columns: new[] { "MemberId", "Program" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ecm_assessments");

            migrationBuilder.DropTable(
                name: "ecm_care_plan_versions");

            migrationBuilder.DropTable(
                name: "ecm_care_team");

            migrationBuilder.DropTable(
                name: "ecm_case_events");

            migrationBuilder.DropTable(
                name: "ecm_outreach_attempts");

            migrationBuilder.DropTable(
                name: "ecm_plan_settings");

            migrationBuilder.DropTable(
                name: "ecm_provider_profiles");

            migrationBuilder.DropTable(
                name: "ecm_tasks");

            migrationBuilder.DropTable(
                name: "ecm_transition_events");

            migrationBuilder.DropTable(
                name: "member_program_enrollments");

            migrationBuilder.DropTable(
                name: "ecm_cases");
        }
    }
}
