using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EcmCaseCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ecm_case_counts",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ecm_case_counts", x => new { x.PlanId, x.ProviderId, x.Status });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ecm_case_counts_ProviderId_Status",
                table: "ecm_case_counts",
                columns: new[] { "ProviderId", "Status" });

            // The counts follow every change to ecm_cases, whatever makes it: a row added counts +1 under its plan,
            // provider and status, a row removed -1, a row that moves both.
            migrationBuilder.Sql("""
                CREATE TRIGGER ecm_cases_counts_insert AFTER INSERT ON ecm_cases BEGIN
                    INSERT INTO ecm_case_counts ("PlanId", "ProviderId", "Status", "Count")
                    VALUES (NEW."PlanId", coalesce(NEW."ProviderId", '00000000-0000-0000-0000-000000000000'), NEW."Status", 1)
                    ON CONFLICT ("PlanId", "ProviderId", "Status") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ecm_cases_counts_delete AFTER DELETE ON ecm_cases BEGIN
                    UPDATE ecm_case_counts SET "Count" = "Count" - 1
                    WHERE "PlanId" = OLD."PlanId" AND "ProviderId" = coalesce(OLD."ProviderId", '00000000-0000-0000-0000-000000000000') AND "Status" = OLD."Status";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ecm_cases_counts_update AFTER UPDATE OF "PlanId", "ProviderId", "Status" ON ecm_cases
                WHEN OLD."PlanId" IS NOT NEW."PlanId" OR OLD."ProviderId" IS NOT NEW."ProviderId" OR OLD."Status" IS NOT NEW."Status" BEGIN
                    UPDATE ecm_case_counts SET "Count" = "Count" - 1
                    WHERE "PlanId" = OLD."PlanId" AND "ProviderId" = coalesce(OLD."ProviderId", '00000000-0000-0000-0000-000000000000') AND "Status" = OLD."Status";
                    INSERT INTO ecm_case_counts ("PlanId", "ProviderId", "Status", "Count")
                    VALUES (NEW."PlanId", coalesce(NEW."ProviderId", '00000000-0000-0000-0000-000000000000'), NEW."Status", 1)
                    ON CONFLICT ("PlanId", "ProviderId", "Status") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO ecm_case_counts ("PlanId", "ProviderId", "Status", "Count")
                SELECT "PlanId", coalesce("ProviderId", '00000000-0000-0000-0000-000000000000'), "Status", count(*)
                FROM ecm_cases GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ecm_cases_counts_insert;");
            migrationBuilder.Sql("DROP TRIGGER ecm_cases_counts_delete;");
            migrationBuilder.Sql("DROP TRIGGER ecm_cases_counts_update;");

            migrationBuilder.DropTable(
                name: "ecm_case_counts");
        }
    }
}
