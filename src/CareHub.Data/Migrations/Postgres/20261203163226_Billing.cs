using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Billing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "billing_invoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CboId = table.Column<Guid>(type: "uuid", nullable: false),
                    InvoiceNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_billing_invoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_billing_invoices_organizations_CboId",
                        column: x => x.CboId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "exchange_ecm_outreach",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    AttemptDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Successful = table.Column<bool>(type: "boolean", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: true),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_ecm_outreach", x => x.Id);
                    table.ForeignKey(
                        name: "FK_exchange_ecm_outreach_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_exchange_ecm_outreach_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "exchange_ecm_returns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    EcmStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EnrollmentStart = table.Column<DateOnly>(type: "date", nullable: true),
                    EnrollmentEnd = table.Column<DateOnly>(type: "date", nullable: true),
                    CarePlanDate = table.Column<DateOnly>(type: "date", nullable: true),
                    AssessmentDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LeadCareManager = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DiscontinuationDate = table.Column<DateOnly>(type: "date", nullable: true),
                    DiscontinuationReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReferralStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReferralStatusDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LoopClosureReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_ecm_returns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_exchange_ecm_returns_members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_exchange_ecm_returns_organizations_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "billing_invoice_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InvoiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    CboId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferralText = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReferralId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: true),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: true),
                    CommunitySupportCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    From = table.Column<DateOnly>(type: "date", nullable: true),
                    To = table.Column<DateOnly>(type: "date", nullable: true),
                    Units = table.Column<decimal>(type: "numeric(12,3)", precision: 12, scale: 3, nullable: true),
                    Amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ReasonCode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Hcpcs = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Modifiers = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Diagnosis = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ClaimNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ControlNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PaymentStatus = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    PaidAmount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    AdjustmentReasons = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RemittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_billing_invoice_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_billing_invoice_lines_billing_invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "billing_invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoice_lines_CboId_Status_From",
                table: "billing_invoice_lines",
                columns: new[] { "CboId", "Status", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoice_lines_ClaimNumber",
                table: "billing_invoice_lines",
                column: "ClaimNumber");

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoice_lines_ControlNumber",
                table: "billing_invoice_lines",
                column: "ControlNumber");

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoice_lines_InvoiceId_LineNumber",
                table: "billing_invoice_lines",
                columns: new[] { "InvoiceId", "LineNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoice_lines_MemberId_Status",
                table: "billing_invoice_lines",
                columns: new[] { "MemberId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoice_lines_PlanId_Status_From",
                table: "billing_invoice_lines",
                columns: new[] { "PlanId", "Status", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoice_lines_ReferralId_Status",
                table: "billing_invoice_lines",
                columns: new[] { "ReferralId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoices_CboId_InvoiceNumber",
                table: "billing_invoices",
                columns: new[] { "CboId", "InvoiceNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_billing_invoices_SubmittedAt",
                table: "billing_invoices",
                column: "SubmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_ecm_outreach_MemberId_ProviderId_AttemptDate_Method",
                table: "exchange_ecm_outreach",
                columns: new[] { "MemberId", "ProviderId", "AttemptDate", "Method" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_ecm_outreach_ProviderId",
                table: "exchange_ecm_outreach",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_exchange_ecm_returns_MemberId_ProviderId",
                table: "exchange_ecm_returns",
                columns: new[] { "MemberId", "ProviderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exchange_ecm_returns_PlanId_UpdatedAt",
                table: "exchange_ecm_returns",
                columns: new[] { "PlanId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_ecm_returns_ProviderId",
                table: "exchange_ecm_returns",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "billing_invoice_lines");

            migrationBuilder.DropTable(
                name: "exchange_ecm_outreach");

            migrationBuilder.DropTable(
                name: "exchange_ecm_returns");

            migrationBuilder.DropTable(
                name: "billing_invoices");
        }
    }
}
