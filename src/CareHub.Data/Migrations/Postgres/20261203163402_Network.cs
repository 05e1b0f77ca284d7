using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Network : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "network_contracts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    County = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    End = table.Column<DateOnly>(type: "date", nullable: true),
                    Populations = table.Column<List<string>>(type: "text[]", nullable: false),
                    CommunitySupports = table.Column<List<string>>(type: "text[]", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_contracts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_contracts_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_network_contracts_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_go_live",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    County = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Population = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    GoLive = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_go_live", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_go_live_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_letters_of_interest",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Counties = table.Column<List<string>>(type: "text[]", nullable: false),
                    Message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_letters_of_interest", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_letters_of_interest_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_model_of_care_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Question = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Page = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Response = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Comments = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_model_of_care_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_model_of_care_items_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_provider_profiles",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Tin = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    Sites = table.Column<List<string>>(type: "text[]", nullable: false),
                    Populations = table.Column<List<string>>(type: "text[]", nullable: false),
                    CommunitySupports = table.Column<List<string>>(type: "text[]", nullable: false),
                    FormerHealthHomes = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_provider_profiles", x => x.OrganizationId);
                    table.ForeignKey(
                        name: "FK_network_provider_profiles_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_roster_submissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    County = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Format = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_roster_submissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_roster_submissions_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_training_completions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Topic = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    StaffName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_training_completions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_training_completions_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_network_training_completions_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    LetterId = table.Column<Guid>(type: "uuid", nullable: false),
                    TemplateKind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    TemplateVersion = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CertifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_applications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_applications_network_letters_of_interest_LetterId",
                        column: x => x.LetterId,
                        principalTable: "network_letters_of_interest",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_network_applications_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_network_applications_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_letter_responses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LetterId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Decision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RespondedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RespondedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_letter_responses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_letter_responses_network_letters_of_interest_Letter~",
                        column: x => x.LetterId,
                        principalTable: "network_letters_of_interest",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_network_letter_responses_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_application_areas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Response = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Effort = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_application_areas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_application_areas_network_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_application_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ByOrganizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_application_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_application_events_network_applications_Application~",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_application_gaps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    MissingInformation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ExpectedDocumentation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_application_gaps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_application_gaps_network_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_application_shares",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    SharedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SharedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_application_shares", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_application_shares_network_applications_Application~",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_network_application_shares_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_area_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Compliant = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_area_reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_area_reviews_network_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_certifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Basis = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    CertifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CertifiedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_certifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_certifications_network_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_network_certifications_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_network_certifications_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "network_check_ins",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_check_ins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_check_ins_network_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "network_evidence_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_network_evidence_files", x => x.Id);
                    table.ForeignKey(
                        name: "FK_network_evidence_files_network_applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "network_applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_network_application_areas_ApplicationId_Code",
                table: "network_application_areas",
                columns: new[] { "ApplicationId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_network_application_events_ApplicationId_Id",
                table: "network_application_events",
                columns: new[] { "ApplicationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_network_application_gaps_ApplicationId_PlanId_Status",
                table: "network_application_gaps",
                columns: new[] { "ApplicationId", "PlanId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_network_application_gaps_PlanId_Status_DueDate",
                table: "network_application_gaps",
                columns: new[] { "PlanId", "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_network_application_shares_ApplicationId_PlanId",
                table: "network_application_shares",
                columns: new[] { "ApplicationId", "PlanId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_network_application_shares_PlanId",
                table: "network_application_shares",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_network_applications_LetterId_PlanId",
                table: "network_applications",
                columns: new[] { "LetterId", "PlanId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_network_applications_PlanId_Status",
                table: "network_applications",
                columns: new[] { "PlanId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_network_applications_ProviderId_PlanId",
                table: "network_applications",
                columns: new[] { "ProviderId", "PlanId" });

            migrationBuilder.CreateIndex(
                name: "IX_network_area_reviews_ApplicationId_PlanId_AreaCode_Reviewed~",
                table: "network_area_reviews",
                columns: new[] { "ApplicationId", "PlanId", "AreaCode", "ReviewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_network_certifications_ApplicationId",
                table: "network_certifications",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_network_certifications_PlanId_ProviderId_ApplicationId",
                table: "network_certifications",
                columns: new[] { "PlanId", "ProviderId", "ApplicationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_network_certifications_ProviderId",
                table: "network_certifications",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_network_check_ins_ApplicationId_DueDate",
                table: "network_check_ins",
                columns: new[] { "ApplicationId", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_network_contracts_PlanId_County_Start",
                table: "network_contracts",
                columns: new[] { "PlanId", "County", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_network_contracts_ProviderId",
                table: "network_contracts",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_network_evidence_files_ApplicationId",
                table: "network_evidence_files",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_network_go_live_PlanId_County_Population",
                table: "network_go_live",
                columns: new[] { "PlanId", "County", "Population" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_network_letter_responses_LetterId_PlanId",
                table: "network_letter_responses",
                columns: new[] { "LetterId", "PlanId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_network_letter_responses_PlanId",
                table: "network_letter_responses",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_network_letters_of_interest_ProviderId",
                table: "network_letters_of_interest",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_network_model_of_care_items_PlanId",
                table: "network_model_of_care_items",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_network_roster_submissions_PlanId_SentAt",
                table: "network_roster_submissions",
                columns: new[] { "PlanId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_network_training_completions_PlanId_ProviderId_Topic",
                table: "network_training_completions",
                columns: new[] { "PlanId", "ProviderId", "Topic" });

            migrationBuilder.CreateIndex(
                name: "IX_network_training_completions_ProviderId",
                table: "network_training_completions",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "network_application_areas");

            migrationBuilder.DropTable(
                name: "network_application_events");

            migrationBuilder.DropTable(
                name: "network_application_gaps");

            migrationBuilder.DropTable(
                name: "network_application_shares");

            migrationBuilder.DropTable(
                name: "network_area_reviews");

            migrationBuilder.DropTable(
                name: "network_certifications");

            migrationBuilder.DropTable(
                name: "network_check_ins");

            migrationBuilder.DropTable(
                name: "network_contracts");

            migrationBuilder.DropTable(
                name: "network_evidence_files");

            migrationBuilder.DropTable(
                name: "network_go_live");

            migrationBuilder.DropTable(
                name: "network_letter_responses");

            migrationBuilder.DropTable(
                name: "network_model_of_care_items");

            migrationBuilder.DropTable(
                name: "network_provider_profiles");

            migrationBuilder.DropTable(
                name: "network_roster_submissions");

            migrationBuilder.DropTable(
                name: "network_training_completions");

            migrationBuilder.DropTable(
                name: "network_applications");

            migrationBuilder.DropTable(
                name: "network_letters_of_interest");
        }
    }
}
