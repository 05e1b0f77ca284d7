using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DecisionQueueOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_PlanId_Status_DecisionDueBy",
                table: "ecm_cases");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_Status_DecisionDueBy_Id",
                table: "ecm_cases",
                columns: new[] { "PlanId", "Status", "DecisionDueBy", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_PlanId_Status_DecisionDueBy_Id",
                table: "ecm_cases");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_Status_DecisionDueBy",
                table: "ecm_cases",
                columns: new[] { "PlanId", "Status", "DecisionDueBy" });
        }
    }
}
