using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorklistCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_PlanId_Status_StatusChangedAt",
                table: "ecm_cases");

            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_ProviderId_Status",
                table: "ecm_cases");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_Status_StatusChangedAt_DecisionDueBy",
                table: "ecm_cases",
                columns: new[] { "PlanId", "Status", "StatusChangedAt", "DecisionDueBy" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_ProviderId_Status_StatusChangedAt_DecisionDueBy",
                table: "ecm_cases",
                columns: new[] { "ProviderId", "Status", "StatusChangedAt", "DecisionDueBy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_PlanId_Status_StatusChangedAt_DecisionDueBy",
                table: "ecm_cases");

            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_ProviderId_Status_StatusChangedAt_DecisionDueBy",
                table: "ecm_cases");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_Status_StatusChangedAt",
                table: "ecm_cases",
                columns: new[] { "PlanId", "Status", "StatusChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_ProviderId_Status",
                table: "ecm_cases",
                columns: new[] { "ProviderId", "Status" });
        }
    }
}
