using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommunitySupports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cs_plan_settings",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoutineHours = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpeditedHours = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cs_plan_settings", x => x.PlanId);
                    table.ForeignKey(
                        name: "FK_cs_plan_settings_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cs_referrals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    County = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    CommunitySupportCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ReferringOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferrerKind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ReferredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CboId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Needs = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RequestedEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RequestedQuantity = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: true),
                    RequestedAmount = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: true),
                    Attestations = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatusChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DenialReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    MemberNotice = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PendReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DeclineNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReportedCapacity = table.Column<int>(type: "INTEGER", nullable: true),
                    ScheduledFor = table.Column<long>(type: "INTEGER", nullable: true),
                    ScheduleNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    OutcomeNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cs_referrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cs_referrals_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_cs_referrals_organizations_CboId",
                        column: x => x.CboId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_cs_referrals_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_cs_referrals_organizations_ReferringOrganizationId",
                        column: x => x.ReferringOrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_subscriptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_webhook_subscriptions_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cs_authorizations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    County = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    CommunitySupportCode = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    End = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Quantity = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: true),
                    QuantityUnit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Amount = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: true),
                    AuthorizedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorizedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cs_authorizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cs_authorizations_cs_referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "cs_referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_cs_authorizations_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_cs_authorizations_organizations_PlanId",
                        column: x => x.PlanId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cs_extension_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RequestedQuantity = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: true),
                    RequestedAmount = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RequestedByOrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AuthorizationId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cs_extension_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cs_extension_requests_cs_referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "cs_referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cs_referral_documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: true),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cs_referral_documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cs_referral_documents_cs_referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "cs_referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cs_referral_status_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    SecondsInPrevious = table.Column<long>(type: "INTEGER", nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ByOrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cs_referral_status_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cs_referral_status_changes_cs_referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "cs_referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cs_service_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CboId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Quantity = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Amount = table.Column<double>(type: "REAL", precision: 12, scale: 2, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cs_service_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cs_service_deliveries_cs_referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "cs_referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ReferralId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeasedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LeasedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FailedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_outbox_messages_webhook_subscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "webhook_subscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cs_authorizations_MemberId_CommunitySupportCode",
                table: "cs_authorizations",
                columns: new[] { "MemberId", "CommunitySupportCode" });

            migrationBuilder.CreateIndex(
                name: "IX_cs_authorizations_PlanId",
                table: "cs_authorizations",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_cs_authorizations_ReferralId",
                table: "cs_authorizations",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_cs_extension_requests_ReferralId_Status",
                table: "cs_extension_requests",
                columns: new[] { "ReferralId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_cs_referral_documents_ReferralId",
                table: "cs_referral_documents",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_cs_referral_status_changes_ReferralId_At",
                table: "cs_referral_status_changes",
                columns: new[] { "ReferralId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_cs_referrals_CboId_Status",
                table: "cs_referrals",
                columns: new[] { "CboId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_cs_referrals_MemberId_CreatedAt",
                table: "cs_referrals",
                columns: new[] { "MemberId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cs_referrals_PlanId_Status_DecisionDueAt",
                table: "cs_referrals",
                columns: new[] { "PlanId", "Status", "DecisionDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cs_referrals_ReferringOrganizationId_IdempotencyKey",
                table: "cs_referrals",
                columns: new[] { "ReferringOrganizationId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cs_referrals_UpdatedAt",
                table: "cs_referrals",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cs_service_deliveries_MemberId",
                table: "cs_service_deliveries",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_cs_service_deliveries_ReferralId_ServiceDate",
                table: "cs_service_deliveries",
                columns: new[] { "ReferralId", "ServiceDate" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_DeliveredAt_NextAttemptAt",
                table: "outbox_messages",
                columns: new[] { "DeliveredAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_EventId",
                table: "outbox_messages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SubscriptionId",
                table: "outbox_messages",
                column: "SubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_subscriptions_OrganizationId",
                table: "webhook_subscriptions",
                column: "OrganizationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cs_authorizations");

            migrationBuilder.DropTable(
                name: "cs_extension_requests");

            migrationBuilder.DropTable(
                name: "cs_plan_settings");

            migrationBuilder.DropTable(
                name: "cs_referral_documents");

            migrationBuilder.DropTable(
                name: "cs_referral_status_changes");

            migrationBuilder.DropTable(
                name: "cs_service_deliveries");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "cs_referrals");

            migrationBuilder.DropTable(
                name: "webhook_subscriptions");
        }
    }
}
