using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorklistSortKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ecm_tasks_OrganizationId_CompletedAt_DueDate",
                table: "ecm_tasks");

            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_PlanId_StatusChangedAt",
                table: "ecm_cases");

            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_ProviderId_StatusChangedAt",
                table: "ecm_cases");

            migrationBuilder.AddColumn<string>(
                name: "MemberSortName",
                table: "ecm_tasks",
                type: "TEXT",
                maxLength: 210,
                nullable: false,
                defaultValue: "");

            // Tasks written before tasks carried their member's sort name get it once (the same key as Member.SortName
            // for the ASCII names SQLite's upper() covers; any other name only sorts slightly differently).
            migrationBuilder.Sql(
                """
                UPDATE ecm_tasks SET "MemberSortName" = (SELECT upper(trim(m."LastName") || ' ' || trim(m."FirstName")) FROM members m WHERE m."Id" = ecm_tasks."MemberId")
                WHERE "MemberSortName" = ''
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ecm_tasks_OrganizationId_DueDate_Id",
                table: "ecm_tasks",
                columns: new[] { "OrganizationId", "DueDate", "Id" },
                filter: "\"CompletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_tasks_OrganizationId_MemberSortName_DueDate_Id",
                table: "ecm_tasks",
                columns: new[] { "OrganizationId", "MemberSortName", "DueDate", "Id" },
                filter: "\"CompletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_StatusChangedAt_Id",
                table: "ecm_cases",
                columns: new[] { "PlanId", "StatusChangedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_ProviderId_StatusChangedAt_Id",
                table: "ecm_cases",
                columns: new[] { "ProviderId", "StatusChangedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ecm_tasks_OrganizationId_DueDate_Id",
                table: "ecm_tasks");

            migrationBuilder.DropIndex(
                name: "IX_ecm_tasks_OrganizationId_MemberSortName_DueDate_Id",
                table: "ecm_tasks");

            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_PlanId_StatusChangedAt_Id",
                table: "ecm_cases");

            migrationBuilder.DropIndex(
                name: "IX_ecm_cases_ProviderId_StatusChangedAt_Id",
                table: "ecm_cases");

            migrationBuilder.DropColumn(
                name: "MemberSortName",
                table: "ecm_tasks");

            migrationBuilder.CreateIndex(
                name: "IX_ecm_tasks_OrganizationId_CompletedAt_DueDate",
                table: "ecm_tasks",
                columns: new[] { "OrganizationId", "CompletedAt", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_PlanId_StatusChangedAt",
                table: "ecm_cases",
                columns: new[] { "PlanId", "StatusChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_cases_ProviderId_StatusChangedAt",
                table: "ecm_cases",
                columns: new[] { "ProviderId", "StatusChangedAt" });
        }
    }
}
